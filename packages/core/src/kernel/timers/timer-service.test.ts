import { describe, expect, it } from "vitest";
import { createOneCode } from "../../create-one-code.js";
import { memoryStorage } from "../../memory/memory-storage.js";
import { ManualClock } from "../clock.js";
import { isOneCodeError } from "../errors.js";
import { sortableIds } from "../ids.js";
import { seededRandom } from "../random.js";
import { tenantContext } from "../tenant.js";
import { MAX_TIMER_PAYLOAD_BYTES } from "./timer-check.js";
import { nextOccurrence } from "./timer-recurrence.js";
import { safeErrorSummary } from "./timer-runner.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const inspector = tenantContext("acme", { id: "ivan", kind: "staff", roles: ["inspector"] });
const nobody = tenantContext("acme", { id: "guest", kind: "staff", roles: [] });

function setUp() {
  const clock = new ManualClock("2026-06-01T00:00:00Z");
  const storage = memoryStorage();
  const onecode = createOneCode({ storage, clock, ids: sortableIds(clock, seededRandom("t")) });
  return { clock, storage, onecode, timers: onecode.timers };
}

/** The `field/rule` pairs of a VALIDATION_FAILED error, or the error itself. */
async function issuesOf(promise: Promise<unknown> | (() => unknown)) {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (!isOneCodeError(error, "VALIDATION_FAILED")) throw error;
    return error.details.issues.map((issue) => `${issue.field}/${issue.rule}`);
  }
  throw new Error("expected VALIDATION_FAILED");
}

describe("onecode.timers", () => {
  it("reports every broken rule of a schedule at once and writes nothing", async () => {
    const { timers } = setUp();
    expect(
      await issuesOf(
        timers.schedule(admin, {
          kind: "Orders.Close",
          key: "",
          at: "2026-06-01T00:00:00Z",
          afterMs: 5,
          payload: [] as never,
        }),
      ),
    ).toEqual(["kind/timer_kind", "key/required", "payload/json_object", "at/one_of_at_after"]);
    expect(
      await issuesOf(
        timers.schedule(admin, {
          kind: "orders.close",
          key: "k",
          at: "tomorrow",
          payload: { big: "x".repeat(MAX_TIMER_PAYLOAD_BYTES) },
        }),
      ),
    ).toEqual(["payload/max_bytes", "at/instant"]);
    expect(
      await issuesOf(timers.schedule(admin, { kind: "orders.close", key: "k", afterMs: -1 })),
    ).toEqual(["afterMs/range"]);
    expect(
      await issuesOf(
        timers.schedule(admin, {
          kind: "orders.close",
          key: "k",
          afterMs: 0,
          payload: { a: "\0" },
        }),
      ),
    ).toEqual(["payload/characters"]);
    expect(await timers.get(admin, "orders.close", "k")).toBeNull();
  });

  it("hands the handler the payload as storage keeps it (a JSON round trip)", async () => {
    const { timers } = setUp();
    const timer = await timers.schedule(admin, {
      kind: "orders.close",
      key: "k",
      afterMs: 0,
      payload: { at: new Date("2026-06-01T00:00:00Z"), skip: undefined },
    });
    expect(timer.payload).toEqual({ at: "2026-06-01T00:00:00.000Z" });
  });

  it("lets any staff member schedule, but only admins see and retry parked timers", async () => {
    const { timers } = setUp();
    await timers.schedule(inspector, { kind: "orders.close", key: "k", afterMs: 0 });
    for (const call of [
      () => timers.schedule(nobody, { kind: "orders.close", key: "k", afterMs: 0 }),
      () => timers.listFailed(inspector),
      () => timers.retry(inspector, "tmr_x"),
    ]) {
      await expect(call()).rejects.toSatisfy((error) => isOneCodeError(error, "FORBIDDEN"));
    }
    await expect(timers.retry(admin, "tmr_none")).rejects.toSatisfy(
      (error) => isOneCodeError(error, "NOT_FOUND") && error.details.kind === "timer",
    );
  });

  it("refuses a second handler for a kind, a bad recurrence and bad options", async () => {
    const { timers } = setUp();
    const handler = async () => {};
    timers.register("orders.close", handler);
    expect(await issuesOf(() => timers.register("orders.close", handler))).toEqual([
      "kind/kind_registered",
    ]);
    expect(
      await issuesOf(() =>
        timers.register("orders.other", handler, {
          recurrence: { every: 10 },
          maxAttempts: 0,
          backoffMs: -1,
        }),
      ),
    ).toEqual(["maxAttempts/range", "backoffMs/range", "recurrence.every/range"]);
    expect(
      await issuesOf(() =>
        timers.register("orders.other", handler, { recurrence: { calendar: "hour" } as never }),
      ),
    ).toEqual(["recurrence.calendar/one_of"]);
    expect(await issuesOf(timers.startRecurring(admin, "orders.close"))).toEqual([
      "kind/recurring_kind",
    ]);
    expect(await issuesOf(timers.runDue({ limit: 0, leaseMs: 10, concurrency: 65 }))).toEqual([
      "limit/range",
      "leaseMs/range",
      "concurrency/range",
    ]);
  });

  it("claims nothing while no kind is registered in this process", async () => {
    const { timers } = setUp();
    await timers.schedule(admin, { kind: "orders.close", key: "k", afterMs: 0 });
    expect((await timers.runDue()).claimed).toBe(0);
    expect((await timers.get(admin, "orders.close", "k"))?.status).toBe("scheduled");
  });

  it("schedules with a bound context and inside a host transaction", async () => {
    const { onecode, storage, timers } = setUp();
    await onecode.as(admin).timers.schedule({ kind: "orders.close", key: "a", afterMs: 1_000 });
    await storage.transaction((tx) =>
      timers.schedule(admin, { kind: "orders.close", key: "b", afterMs: 1_000 }, { tx }),
    );
    expect((await timers.get(admin, "orders.close", "a"))?.dueAt).toBe("2026-06-01T00:00:01.000Z");
    expect((await timers.get(admin, "orders.close", "b"))?.dueAt).toBe("2026-06-01T00:00:01.000Z");
  });

  it("starts a yearly job at the next local new year of the tenant", async () => {
    const { onecode, timers } = setUp();
    await onecode.tenantSettings.update(admin, { timeZone: "America/New_York" });
    timers.register("promotions.expire_points", async () => {}, {
      recurrence: { calendar: "year" },
    });
    const job = await timers.startRecurring(admin, "promotions.expire_points");
    expect(job).toMatchObject({ key: "default", dueAt: "2027-01-01T05:00:00.000Z" });
  });
});

describe("nextOccurrence", () => {
  it("skips interval occurrences already past and keeps the beat", () => {
    const anchor = Date.parse("2026-06-01T00:00:00Z");
    expect(nextOccurrence({ every: 60_000 }, anchor, anchor, "UTC")).toBe(anchor + 60_000);
    expect(nextOccurrence({ every: 60_000 }, anchor, anchor + 150_000, "UTC")).toBe(
      anchor + 180_000,
    );
  });

  it("gives the next Monday midnight in the tenant's zone for a weekly job", () => {
    const at = Date.parse("2026-06-03T12:00:00Z"); // a Wednesday
    expect(
      new Date(nextOccurrence({ calendar: "week" }, at, at, "Asia/Shanghai")).toISOString(),
    ).toBe("2026-06-07T16:00:00.000Z");
  });
});

describe("safeErrorSummary", () => {
  it("keeps a driver's text and values out of the stored error", () => {
    const sqlError = Object.assign(new Error("duplicate key value (secret@example.com)"), {
      code: "23505",
      table: "onecode_orders",
    });
    expect(safeErrorSummary(sqlError)).toBe(
      "storage error SQLSTATE 23505 (integrity constraint violation; table onecode_orders)",
    );
    expect(safeErrorSummary(new Error("x".repeat(900)))).toHaveLength(500);
  });
});
