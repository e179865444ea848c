import { ManualClock, type Timer, tenantContext } from "@onecode/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { Immutable } from "../src/define-route.js";
import { timerSchema } from "../src/schemas/timer-schemas.js";
import { createTraceApp, expectStatus } from "./support/trace-fixtures.js";

/** An app whose tenant `acme` has one parked timer (its handler always fails). */
async function appWithParkedTimer() {
  const clock = new ManualClock("2026-06-01T00:00:00Z");
  const app = createTraceApp({ config: { clock } });
  const { timers } = app.onecode;
  timers.register(
    "shop.remind_unpaid",
    async () => {
      throw new Error("payment service said no");
    },
    { maxAttempts: 1 },
  );
  await timers.schedule(tenantContext("acme"), {
    kind: "shop.remind_unpaid",
    key: "ord_1",
    afterMs: 0,
    payload: { orderId: "ord_1" },
  });
  expect((await timers.runDue()).parked).toBe(1);
  return app;
}

describe("timer routes", () => {
  it("lists the tenant's parked timers to admins and retries one", async () => {
    const app = await appWithParkedTimer();
    const listed = expectStatus(await app.call("GET", "/v1/timers/failed?limit=10"), 200).json;
    expect(listed).toMatchObject({
      nextCursor: null,
      items: [
        {
          kind: "shop.remind_unpaid",
          key: "ord_1",
          status: "failed",
          attempts: 1,
          lastError: "Error: payment service said no",
          payload: { orderId: "ord_1" },
        },
      ],
    });
    expect(Object.keys(listed.items[0]).sort()).toEqual(Object.keys(timerSchema.shape).sort());
    const id = listed.items[0].id;
    const retried = await app.call("POST", `/v1/timers/failed/${id}/retry`);
    expect(expectStatus(retried, 200).json).toMatchObject({ id, status: "scheduled", attempts: 0 });
    expect((await app.call("GET", "/v1/timers/failed")).json.items).toEqual([]);
    expect((await app.call("POST", `/v1/timers/failed/${id}/retry`)).status).toBe(404);
  });

  it("keeps parked timers from other tenants and from staff without the admin role", async () => {
    const app = await appWithParkedTimer();
    const [parked] = (await app.call("GET", "/v1/timers/failed")).json.items;
    const other = await app.call("GET", "/v1/timers/failed", { token: "globex-admin" });
    expect(expectStatus(other, 200).json.items).toEqual([]);
    const foreign = await app.call("POST", `/v1/timers/failed/${parked.id}/retry`, {
      token: "globex-admin",
    });
    expect(foreign.status).toBe(404);
    expect((await app.call("GET", "/v1/timers/failed", { token: "acme-inspector" })).status).toBe(
      403,
    );
  });
});

describe("the timer schema", () => {
  it("mirrors core's Timer exactly", () => {
    expectTypeOf<Immutable<z.output<typeof timerSchema>>>().toEqualTypeOf<Immutable<Timer>>();
  });
});
