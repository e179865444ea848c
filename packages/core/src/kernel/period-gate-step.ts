import type { GateTakeStep } from "../ports/gates.js";
import type { CalendarPeriod } from "./calendar-periods.js";

/**
 * How long a period counter outlives its period, so a late undo (a payment
 * window that crosses midnight) still finds it and the counter is then
 * dropped by the store's own expiry.
 */
const PERIOD_COUNTER_GRACE_MS = 24 * 60 * 60 * 1000;

/** What {@link periodTakeStep} needs. */
export interface PeriodTakeInput {
  /** The counter's name without the period, e.g. `account:u1:wins`. */
  readonly key: string;
  readonly amount: number;
  readonly limit: number;
  /** The tenant's period containing now, from `calendarPeriodAt` in the tenant's time zone. */
  readonly period: CalendarPeriod;
  /** Now, from the clock port. */
  readonly nowMs: number;
}

/**
 * A gate take on a counter that starts again at each period of the tenant's
 * calendar ("3 wins per account per day"): the period is part of the key, so
 * the counter rolls over exactly at the tenant's boundary whatever the store's
 * clock says, and the counter expires a day after its period ends.
 *
 * @example
 * ```ts
 * const period = calendarPeriodAt("day", clock.nowMs(), "Asia/Shanghai");
 * const step = periodTakeStep({ key: "account:u1:wins", amount: 1, limit: 3, period, nowMs: clock.nowMs() });
 * await hotState.gates.pass("acme", "campaign:c1", [step]);
 * ```
 */
export function periodTakeStep(input: PeriodTakeInput): GateTakeStep {
  const { period } = input;
  return {
    kind: "take",
    key: `${input.key}@${period.kind}:${period.firstDate}`,
    amount: input.amount,
    limit: input.limit,
    ttlMs: Math.max(1, period.end - input.nowMs) + PERIOD_COUNTER_GRACE_MS,
  };
}
