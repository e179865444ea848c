import { ManualClock, tenantContext } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { createTraceApp, expectStatus } from "./support/trace-fixtures.js";

/** An app whose `test.failing` handler always fails, with one event parked dead for acme. */
async function appWithDeadEvent() {
  const clock = new ManualClock("2026-05-01T00:00:00.000Z");
  let failing = true;
  const app = createTraceApp({
    config: {
      clock,
      outbox: {
        maxAttempts: 1,
        handlers: [
          {
            type: "test.failing",
            name: "test.handler",
            handler: async () => {
              if (failing) throw new Error("downstream refused");
            },
          },
        ],
      },
    },
  });
  const { onecode } = app;
  const [event] = await onecode.ports.storage.transaction((tx) =>
    onecode.outbox.record(tx, tenantContext("acme"), [
      { type: "test.failing", aggregate: { type: "thing", id: "t1" }, payload: { n: 1 } },
    ]),
  );
  await onecode.outbox.dispatch();
  return { app, eventId: event?.id ?? "", heal: () => (failing = false) };
}

describe("outbox routes", () => {
  it("lists dead events for an admin of the tenant, retries one, and the next tick delivers it", async () => {
    const { app, eventId, heal } = await appWithDeadEvent();
    const listed = expectStatus(await app.call("GET", "/v1/outbox/dead?limit=10"), 200).json;
    expect(listed).toMatchObject({
      items: [
        {
          id: eventId,
          state: "dead",
          attempts: 1,
          lastError: 'handler "test.handler": Error: downstream refused',
        },
      ],
      nextCursor: null,
    });
    expect(
      (await app.call("GET", "/v1/outbox/dead", { token: "globex-admin" })).json.items,
    ).toEqual([]);
    expect((await app.call("GET", "/v1/outbox/dead", { token: "acme-inspector" })).status).toBe(
      403,
    );

    heal();
    const retried = await app.call("POST", `/v1/outbox/dead/${eventId}/retry`);
    expect(expectStatus(retried, 200).json).toMatchObject({
      id: eventId,
      state: "pending",
      attempts: 0,
    });
    expect(await app.onecode.outbox.dispatch()).toMatchObject({ delivered: 1 });
    const again = await app.call("POST", `/v1/outbox/dead/${eventId}/retry`);
    expect(expectStatus(again, 409).json).toMatchObject({ code: "INVALID_STATE_TRANSITION" });
  });

  it("discards a dead event; an unknown or foreign event is 404", async () => {
    const { app, eventId } = await appWithDeadEvent();
    expect(
      (await app.call("POST", `/v1/outbox/dead/${eventId}/discard`, { token: "globex-admin" }))
        .status,
    ).toBe(404);
    expect((await app.call("POST", "/v1/outbox/dead/evt_nope/discard")).status).toBe(404);
    const discarded = await app.call("POST", `/v1/outbox/dead/${eventId}/discard`);
    expect(expectStatus(discarded, 200).json).toMatchObject({ state: "discarded" });
    expect((await app.call("GET", "/v1/outbox/dead")).json.items).toEqual([]);
  });
});
