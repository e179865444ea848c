/**
 * The arithmetic of points, experience, check-ins and levels (§4.5), pure
 * so that the services and the pricing source agree on it.
 */
import type { Money } from "../../../kernel/money.js";
import { factorRate, percentRate, type Rate } from "../../../kernel/rates.js";
import { roundQuotient } from "../../../kernel/rounding.js";
import { dayNumber } from "../../../kernel/zoned-time.js";
import type { MemberLevel, MemberSettings } from "../member-records.js";

/** Minor units in one major unit (1.00): coefficients are per yuan. */
const MINOR_PER_MAJOR = 100n;

/** A line of an order as points see it: its SKU, list unit price and units. */
export interface EarningLine {
  readonly skuId: string;
  readonly unitPrice: Money;
  readonly quantity: number;
}

/**
 * Points an order earns: each line's list price × quantity × its SKU's
 * coefficient (or the tenant's), truncated to whole points per line
 * (¥9.80 at 1 → 9). Original prices, not what was paid (seed: 按商品原价).
 */
export function earnedPoints(lines: readonly EarningLine[], settings: MemberSettings): number {
  let total = 0;
  for (const line of lines) {
    const coefficient = settings.skuCoefficients[line.skuId] ?? settings.earnCoefficient;
    const rate = factorRate(coefficient, "earnCoefficient");
    const value = BigInt(line.unitPrice.amount) * BigInt(line.quantity) * rate.numerator;
    total += Number(roundQuotient(value, rate.denominator * MINOR_PER_MAJOR, "down"));
  }
  return total;
}

/**
 * Experience an order gives: its paid amount × experience per yuan, rounded
 * up, and at least 1 when it gives any (¥0.02 at 10 per yuan → 1).
 */
export function orderExperience(paid: number, settings: MemberSettings): number {
  const rate = factorRate(settings.experiencePerYuan, "experiencePerYuan");
  if (paid <= 0 || rate.numerator === 0n) return 0;
  const value = roundQuotient(
    BigInt(paid) * rate.numerator,
    rate.denominator * MINOR_PER_MAJOR,
    "up",
  );
  return Math.max(1, Number(value));
}

/**
 * The streak after a check-in on `today`: one more when the last check-in
 * was yesterday, else 1.
 */
export function nextStreak(lastOn: string | null, streak: number, today: string): number {
  return lastOn !== null && dayNumber(today) - dayNumber(lastOn) === 1 ? streak + 1 : 1;
}

/** Points of a check-in at `streak` consecutive days: the daily points plus the 7/15/30-day bonus. */
export function checkInPoints(streak: number, settings: MemberSettings): number {
  const { day7, day15, day30 } = settings.checkInBonuses;
  const bonus = streak === 7 ? day7 : streak === 15 ? day15 : streak === 30 ? day30 : 0;
  return settings.checkInDaily + bonus;
}

/** The level a score reaches: the highest threshold at or below it (levels ascending). */
export function levelOf(levels: readonly MemberLevel[], score: number): MemberLevel | null {
  let reached: MemberLevel | null = null;
  for (const level of levels) if (level.threshold <= score) reached = level;
  return reached;
}

/** The level's discount as a pricing rate, or null without one. */
export function levelRate(level: MemberLevel): Rate | null {
  return level.discount === null ? null : factorRate(level.discount, "discount");
}

/** The tenant's points redemption terms for the pricing pipeline, or null when points do not pay. */
export function redemptionOf(settings: MemberSettings): {
  readonly points: number;
  readonly amount: number;
  readonly cap: Rate;
} | null {
  if (!settings.pointsEnabled || settings.redeem === null || settings.redeemCapPercent <= 0) {
    return null;
  }
  return {
    points: settings.redeem.points,
    amount: settings.redeem.amount,
    cap: percentRate(settings.redeemCapPercent, "redeemCapPercent"),
  };
}
