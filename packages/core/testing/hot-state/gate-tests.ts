import { describe, expect, it } from "vitest";
import { calendarPeriodAt } from "../../src/kernel/calendar-periods.js";
import { periodTakeStep } from "../../src/kernel/period-gate-step.js";
import type { GateOutcome, GateStep } from "../../src/ports/gates.js";
import { provided, skipNote } from "../capability.js";
import { freshTenantId } from "../fixtures.js";
import { gateConcurrencyTests } from "./gate-concurrency-tests.js";
import type { HotStateSuiteContext } from "./suite-context.js";

const take = (key: string, amount: number, limit: number): GateStep => ({
  kind: "take",
  key,
  amount,
  limit,
});
const once = (key: string): GateStep => ({ kind: "claim_once", key });

/** The receipt of a gate that must have passed. */
function passed(outcome: GateOutcome) {
  if (!outcome.passed) throw new Error(`gate refused: ${JSON.stringify(outcome.refusal)}`);
  return outcome;
}

export function gateTests(context: HotStateSuiteContext): void {
  const { subject, options } = context;
  describe("gates", () => {
    it("applies every step and reports each step's new value", async () => {
      const { gates } = subject().hotState;
      const tenant = freshTenantId();
      await gates.setFlag(tenant, "campaign:1", "online", true);
      const outcome = passed(
        await gates.pass(tenant, "campaign:1", [
          take("stock", 2, 10),
          take("account:a", 1, 3),
          once("code:X1"),
          { kind: "flag", key: "online", expected: true },
        ]),
      );
      expect(outcome.values).toEqual([2, 1, 1, 1]);
      expect(outcome.receipt).toEqual({ scope: "campaign:1", id: expect.any(String) });
      expect(await gates.counter(tenant, "campaign:1", "stock")).toBe(2);
      expect(await gates.isClaimed(tenant, "campaign:1", "code:X1")).toBe(true);
    });

    it("changes nothing and names the first refusing step", async () => {
      const { gates } = subject().hotState;
      const tenant = freshTenantId();
      passed(await gates.pass(tenant, "s", [take("account:a", 3, 3)]));
      const outcome = await gates.pass(tenant, "s", [
        take("stock", 1, 10),
        once("code:Y"),
        take("account:a", 1, 3),
        once("code:Z"),
      ]);
      expect(outcome).toEqual({
        passed: false,
        refusal: { step: 2, key: "account:a", reason: "limit_reached", value: 3 },
      });
      expect(await gates.counter(tenant, "s", "stock")).toBe(0);
      expect(await gates.isClaimed(tenant, "s", "code:Y")).toBe(false);
      expect(await gates.counter(tenant, "s", "account:a")).toBe(3);
    });

    it("claims a once-key once, ever", async () => {
      const { gates } = subject().hotState;
      const tenant = freshTenantId();
      passed(await gates.pass(tenant, "s", [once("code:A")]));
      expect(await gates.pass(tenant, "s", [take("stock", 1, 5), once("code:A")])).toEqual({
        passed: false,
        refusal: { step: 1, key: "code:A", reason: "already_claimed", value: 1 },
      });
      expect(await gates.counter(tenant, "s", "stock")).toBe(0);
    });

    it("checks flags: unset is off, and a mismatch refuses", async () => {
      const { gates } = subject().hotState;
      const tenant = freshTenantId();
      const notPaused: GateStep = { kind: "flag", key: "paused", expected: false };
      expect(await gates.flag(tenant, "cards", "paused")).toBe(false);
      expect(passed(await gates.pass(tenant, "cards", [notPaused])).values).toEqual([0]);
      await gates.setFlag(tenant, "cards", "paused", true);
      expect(await gates.flag(tenant, "cards", "paused")).toBe(true);
      expect(await gates.pass(tenant, "cards", [notPaused])).toEqual({
        passed: false,
        refusal: { step: 0, key: "paused", reason: "flag_mismatch", value: 1 },
      });
      await gates.setFlag(tenant, "cards", "paused", false);
      expect((await gates.pass(tenant, "cards", [notPaused])).passed).toBe(true);
    });

    it("undoes a passed gate exactly once", async () => {
      const { gates } = subject().hotState;
      const tenant = freshTenantId();
      passed(await gates.pass(tenant, "s", [take("stock", 4, 10)]));
      const { receipt } = passed(
        await gates.pass(tenant, "s", [take("stock", 3, 10), take("daily", 1, 1), once("code:U")]),
      );
      expect(await gates.undo(tenant, receipt)).toBe(true);
      expect(await gates.counter(tenant, "s", "stock")).toBe(4);
      expect(await gates.counter(tenant, "s", "daily")).toBe(0);
      expect(await gates.isClaimed(tenant, "s", "code:U")).toBe(false);
      expect(await gates.undo(tenant, receipt)).toBe(false);
      expect(await gates.counter(tenant, "s", "stock")).toBe(4);
      expect(await gates.undo(tenant, { scope: "s", id: "never-issued" })).toBe(false);
      // The freed once-key and the returned units can be taken again.
      passed(await gates.pass(tenant, "s", [take("daily", 1, 1), once("code:U")]));
    });

    it("undoes each receipt once when many undo it at the same time", async () => {
      const { gates } = subject().hotState;
      const tenant = freshTenantId();
      const { receipt } = passed(await gates.pass(tenant, "s", [take("stock", 5, 100)]));
      passed(await gates.pass(tenant, "s", [take("stock", 5, 100)]));
      const undos = await Promise.all(
        Array.from({ length: 20 }, () => gates.undo(tenant, receipt)),
      );
      expect(undos.filter(Boolean)).toHaveLength(1);
      expect(await gates.counter(tenant, "s", "stock")).toBe(5);
    });

    it("keeps tenants and scopes apart", async () => {
      const { gates } = subject().hotState;
      const a = freshTenantId();
      const b = freshTenantId();
      const { receipt } = passed(await gates.pass(a, "s", [take("stock", 2, 2), once("code:1")]));
      expect(await gates.counter(b, "s", "stock")).toBe(0);
      expect(await gates.counter(a, "other", "stock")).toBe(0);
      passed(await gates.pass(b, "s", [take("stock", 2, 2), once("code:1")]));
      passed(await gates.pass(a, "other", [take("stock", 2, 2), once("code:1")]));
      expect(await gates.undo(b, receipt)).toBe(false);
      expect(await gates.undo(a, { scope: "other", id: receipt.id })).toBe(false);
      expect(await gates.counter(a, "s", "stock")).toBe(2);
      await gates.setFlag(a, "s", "online", true);
      expect(await gates.flag(b, "s", "online")).toBe(false);
    });

    it("starts a take's counter afresh once its time-to-live has passed", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      const daily: GateStep = { kind: "take", key: "daily", amount: 1, limit: 1, ttlMs: 300 };
      passed(await hotState.gates.pass(tenant, "s", [daily]));
      expect((await hotState.gates.pass(tenant, "s", [daily])).passed).toBe(false);
      await advanceTime(450);
      expect(await hotState.gates.counter(tenant, "s", "daily")).toBe(0);
      expect(passed(await hotState.gates.pass(tenant, "s", [daily])).values).toEqual([1]);
    });

    it("lets a receipt undo only within its time-to-live", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      const { receipt } = passed(
        await hotState.gates.pass(tenant, "s", [take("stock", 1, 9)], { receiptTtlMs: 300 }),
      );
      await advanceTime(450);
      expect(await hotState.gates.undo(tenant, receipt)).toBe(false);
      expect(await hotState.gates.counter(tenant, "s", "stock")).toBe(1);
    });

    it("rolls a period counter over at the tenant's period boundary", async () => {
      const { gates } = subject().hotState;
      const tenant = freshTenantId();
      const zone = "America/New_York";
      // 31 October 23:59:59 and 1 November 00:00 in New York; 1 November has 25 hours (DST ends).
      const beforeMidnight = Date.parse("2026-11-01T03:59:59Z");
      const afterMidnight = Date.parse("2026-11-01T04:00:00Z");
      const nextMidnight = Date.parse("2026-11-02T05:00:00Z");
      const step = (nowMs: number) =>
        periodTakeStep({
          key: "account:u1:wins",
          amount: 1,
          limit: 1,
          period: calendarPeriodAt("day", nowMs, zone),
          nowMs,
        });
      passed(await gates.pass(tenant, "s", [step(beforeMidnight)]));
      expect((await gates.pass(tenant, "s", [step(beforeMidnight - 3_600_000)])).passed).toBe(
        false,
      );
      passed(await gates.pass(tenant, "s", [step(afterMidnight)]));
      expect((await gates.pass(tenant, "s", [step(nextMidnight - 1)])).passed).toBe(false);
      passed(await gates.pass(tenant, "s", [step(nextMidnight)]));
    });

    it("refuses malformed gates with a RangeError, changing nothing", async () => {
      const { gates } = subject().hotState;
      const tenant = freshTenantId();
      const bad: (readonly GateStep[])[] = [
        [],
        Array.from({ length: 17 }, (_, i) => once(`k${i}`)),
        [take("stock", 0, 5)],
        [take("stock", 1.5, 5)],
        [take("stock", 1, -1)],
        [take("stock", 1, 5), take("stock", 1, 5)],
        [once("")],
        [{ kind: "take", key: "t", amount: 1, limit: 5, ttlMs: 0 }],
        [{ kind: "bogus", key: "x" } as unknown as GateStep],
      ];
      for (const steps of bad) {
        await expect(gates.pass(tenant, "s", steps)).rejects.toThrow(RangeError);
      }
      await expect(gates.pass(tenant, "", [once("k")])).rejects.toThrow(RangeError);
      await expect(gates.pass("bad tenant", "s", [once("k")])).rejects.toThrow(RangeError);
      await expect(gates.undo(tenant, { scope: "s", id: "" })).rejects.toThrow(RangeError);
      expect(await gates.counter(tenant, "s", "stock")).toBe(0);
      expect(await gates.isClaimed(tenant, "s", "k0")).toBe(false);
    });

    const open = provided(options.capabilities.sharedAcrossInstances);
    it.skipIf(!open)(
      `holds limits and once-keys across application instances${skipNote(options.capabilities.sharedAcrossInstances)}`,
      async () => {
        if (!open) return;
        const first = subject();
        const second = await open(first);
        try {
          const tenant = freshTenantId();
          const outcomes = await Promise.all(
            Array.from({ length: 40 }, (_, i) =>
              (i % 2 ? second : first.hotState).gates.pass(tenant, "s", [
                take("stock", 1, 15),
                once(`code:${i % 20}`),
              ]),
            ),
          );
          expect(outcomes.filter((outcome) => outcome.passed)).toHaveLength(15);
          expect(await second.gates.counter(tenant, "s", "stock")).toBe(15);
        } finally {
          await second.close();
        }
      },
    );
  });
  gateConcurrencyTests(context);
}
