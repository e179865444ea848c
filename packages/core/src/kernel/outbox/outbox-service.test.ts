import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { rejectionOf } from "../../codes/codes-test-kit.js";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../clock.js";
import { isOneCodeError, OneCodeError } from "../errors.js";
import { tenantContext } from "../tenant.js";
import type { OutboxEvent } from "./outbox-event.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const inspector = tenantContext("acme", { id: "ivan", kind: "staff", roles: ["inspector"] });

function setup(failures = 0) {
  const clock = new ManualClock("2026-05-01T00:00:00.000Z");
  const logged: string[] = [];
  const onecode = createOneCode({
    clock,
    outbox: {
      maxAttempts: 2,
      backoffBaseMs: 500,
      onError: (error, event, handler) => logged.push(`${handler} ${event.type} ${String(error)}`),
      handlers: [
        {
          type: "order.paid",
          name: "shop.receipt",
          handler: async () => {
            if (failures-- > 0) {
              throw new OneCodeError("BUSY", "the mail relay is busy", {
                resource: "mail",
                attempts: 1,
              });
            }
          },
        },
      ],
    },
  });
  const record = (id: string) =>
    onecode.ports.storage.transaction((tx) =>
      onecode.outbox.record(tx, admin, [
        { type: "order.paid", aggregate: { type: "order", id }, payload: { orderId: id } },
      ]),
    );
  return { onecode, clock, logged, record };
}

describe("onecode.outbox", () => {
  it("delivers recorded events to the handlers given at start and to those added with on()", async () => {
    const { onecode, record } = setup();
    const seen: OutboxEvent[] = [];
    onecode.outbox.on("order.paid", "shop.audit", async (event) => {
      seen.push(event);
    });
    const [event] = await record("ord_1");
    expect(await onecode.outbox.dispatch()).toEqual({ delivered: 1, retried: 0, parked: 0 });
    expect(seen.map((e) => e.id)).toEqual([event?.id]);
    expect(await onecode.outbox.dispatch({ limit: 10 })).toEqual({
      delivered: 0,
      retried: 0,
      parked: 0,
    });
  });

  it("parks an event that keeps failing, lists it for an admin, and delivers it after retryDead", async () => {
    const { onecode, clock, logged, record } = setup(2);
    const [event] = await record("ord_1");
    expect(await onecode.outbox.dispatch()).toEqual({ delivered: 0, retried: 1, parked: 0 });
    clock.advance(500);
    expect(await onecode.outbox.dispatch()).toEqual({ delivered: 0, retried: 0, parked: 1 });
    expect(logged).toHaveLength(2);
    const page = await onecode.as(admin).outbox.listDead({ limit: 1 });
    expect(page.items).toMatchObject([
      {
        id: event?.id,
        state: "dead",
        attempts: 2,
        lastError: 'handler "shop.receipt": OneCodeError BUSY: the mail relay is busy',
      },
    ]);
    expect(page.nextCursor).toBeNull();
    expect((await onecode.outbox.listDead(tenantContext("other"))).items).toEqual([]);

    const retried = await onecode.outbox.retryDead(admin, event?.id ?? "");
    expect(retried).toMatchObject({ state: "pending", attempts: 0 });
    expect(await onecode.outbox.dispatch()).toEqual({ delivered: 1, retried: 0, parked: 0 });
    const again = await rejectionOf(onecode.outbox.retryDead(admin, event?.id ?? ""));
    expect(isOneCodeError(again, "INVALID_STATE_TRANSITION") && again.details).toMatchObject({
      id: event?.id,
      from: "delivered",
      required: "dead",
    });
  });

  it("discards a dead event for an admin only, and finds no event of another tenant", async () => {
    const { onecode, clock, record } = setup(5);
    const [event] = await record("ord_1");
    await onecode.outbox.dispatch();
    clock.advance(500);
    await onecode.outbox.dispatch();
    const id = event?.id ?? "";
    expect(
      isOneCodeError(await rejectionOf(onecode.outbox.discardDead(inspector, id)), "FORBIDDEN"),
    ).toBe(true);
    expect(isOneCodeError(await rejectionOf(onecode.outbox.listDead(inspector)), "FORBIDDEN")).toBe(
      true,
    );
    const other = tenantContext("other", admin.actor);
    expect(
      isOneCodeError(await rejectionOf(onecode.outbox.discardDead(other, id)), "NOT_FOUND"),
    ).toBe(true);
    expect(
      isOneCodeError(await rejectionOf(onecode.outbox.retryDead(admin, "nope\u0000")), "NOT_FOUND"),
    ).toBe(true);
    expect(await onecode.outbox.discardDead(admin, id)).toMatchObject({ state: "discarded" });
    expect((await onecode.outbox.listDead(admin)).items).toEqual([]);
  });

  it("parks an event whose deliveries were all cut short (a handler that takes the process down)", async () => {
    const { onecode, clock, record } = setup();
    const [event] = await record("ord_1");
    // Two dispatchers that "crashed": each claimed the event and never settled it.
    for (const token of ["crashed-1", "crashed-2"]) {
      const now = new Date(clock.nowMs()).toISOString();
      const leaseUntil = new Date(clock.nowMs() + 60_000).toISOString();
      await onecode.ports.storage.outbox.claim({ now, leaseUntil, claimToken: token, limit: 10 });
      clock.advance(60_000);
    }
    expect(await onecode.outbox.dispatch()).toEqual({ delivered: 0, retried: 0, parked: 1 });
    expect((await onecode.outbox.listDead(admin)).items).toMatchObject([
      {
        id: event?.id,
        attempts: 3,
        lastError:
          "delivery was cut short 2 times (the dispatcher stopped before its lease ran out)",
      },
    ]);
  });

  it("purges settled events older than the given age (7 days by default)", async () => {
    const { onecode, clock, record } = setup();
    await record("ord_1");
    await onecode.outbox.dispatch();
    clock.advance(7 * 86_400_000);
    expect(await onecode.outbox.purgeSettled()).toBe(0);
    clock.advance(1);
    expect(await onecode.outbox.purgeSettled({ limit: 10 })).toBe(1);
    expect(
      issuesOf(await rejectionOf(onecode.outbox.purgeSettled({ olderThanMs: -1, limit: 0 }))),
    ).toEqual([
      ["olderThanMs", "range"],
      ["limit", "range"],
    ]);
  });

  it("refuses malformed events, naming each broken rule, and records nothing", async () => {
    const { onecode } = setup();
    const error = await rejectionOf(
      onecode.ports.storage.transaction((tx) =>
        onecode.outbox.record(tx, admin, [
          {
            type: "Order Paid",
            aggregate: { type: "", id: "o" },
            payload: { at: new Date() } as never,
          },
          { type: "order.paid", aggregate: { type: "order", id: "o" }, payload: { n: Number.NaN } },
        ]),
      ),
    );
    expect(issuesOf(error)).toEqual([
      ["events[0].type", "event_type_format"],
      ["events[0].aggregate.type", "required"],
      ["events[0].payload", "json"],
      ["events[1].payload", "json"],
    ]);
    expect(await onecode.outbox.dispatch()).toEqual({ delivered: 0, retried: 0, parked: 0 });
    expect(issuesOf(await rejectionOf(onecode.outbox.dispatch({ limit: 0 })))).toEqual([
      ["limit", "range"],
    ]);
  });

  it("refuses a handler name used twice for one type, and bad options at start", () => {
    const { onecode } = setup();
    const noop = async () => {};
    expect(issuesOf(captured(() => onecode.outbox.on("order.paid", "shop.receipt", noop)))).toEqual(
      [["handlerName", "unique"]],
    );
    expect(issuesOf(captured(() => onecode.outbox.on("paid", "x", noop)))).toEqual([
      ["type", "event_type_format"],
    ]);
    expect(issuesOf(captured(() => createOneCode({ outbox: { maxAttempts: 0 } })))).toEqual([
      ["outbox.maxAttempts", "range"],
    ]);
  });
});

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}
