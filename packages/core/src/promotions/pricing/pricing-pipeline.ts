/**
 * The pricing pipeline of §4.4, pure arithmetic over already-loaded terms:
 * (1) special unit prices, then activities; (2) one coupon; (3) the member
 * level's discount; (4) points, which may also pay shipping. Each step works
 * on the amounts the previous one left and judges thresholds on the scoped
 * amount entering it.
 */
import { type Money, money } from "../../kernel/money.js";
import { applyRate, exchangeRatio, moneyToUnits, unitsToMoney } from "../../kernel/rates.js";
import type { OrderAdjustment } from "../../orders/order.js";
import { applyActivities, offAtRate, scopedLines } from "./activity-step.js";
import {
  couponNotApplicable,
  customerBlacklisted,
  pointsOverBalance,
  pointsOverCap,
} from "./pricing-errors.js";
import { PricingLedger } from "./pricing-ledger.js";
import type {
  PipelineInput,
  PricingReceipt,
  PricingStep,
  PricingStepName,
  ReceiptAdjustment,
} from "./pricing-receipt.js";
import type { CouponTerms, PricingUse, UnitPriceOverride } from "./pricing-sources.js";

const byKindThenId = (a: UnitPriceOverride, b: UnitPriceOverride) =>
  a.unitPrice - b.unitPrice ||
  (a.source.kind < b.source.kind ? -1 : a.source.kind > b.source.kind ? 1 : 0) ||
  (a.source.id < b.source.id ? -1 : a.source.id > b.source.id ? 1 : 0);

/** The override each line keeps: the lowest unit price, ties broken by source kind then id. */
function chosenOverrides(input: PipelineInput): (UnitPriceOverride | undefined)[] {
  const index = new Map(input.lines.map((line, i) => [line.lineId, i]));
  const chosen: (UnitPriceOverride | undefined)[] = new Array(input.lines.length);
  for (const override of input.unitPrices) {
    const i = index.get(override.lineId);
    if (i === undefined || override.units <= 0) continue;
    const current = chosen[i];
    if (current === undefined || byKindThenId(override, current) < 0) chosen[i] = override;
  }
  return chosen;
}

/** Step 1a: special unit prices. Returns the overrides applied and which lines they make exclusive. */
function applyUnitPrices(input: PipelineInput, ledger: PricingLedger) {
  const chosen = chosenOverrides(input);
  const applied: UnitPriceOverride[] = [];
  const excluded = input.lines.map(() => false);
  let payWithinMinutes: number | undefined;
  chosen.forEach((override, i) => {
    const line = input.lines[i];
    if (override === undefined || line === undefined) return;
    applied.push(override);
    excluded[i] = override.exclusive;
    if (override.payWithinMinutes !== undefined) {
      payWithinMinutes = Math.min(
        payWithinMinutes ?? override.payWithinMinutes,
        override.payWithinMinutes,
      );
    }
    const units = Math.min(override.units, line.quantity);
    const unitPrice = Math.min(Math.max(override.unitPrice, 0), line.unitPrice);
    ledger.reduce(
      "unit_prices",
      override.source,
      override.label,
      units * (line.unitPrice - unitPrice),
      [i],
    );
  });
  return { applied, excluded, payWithinMinutes };
}

/** Step 2: the chosen coupon, refused when it does not apply. */
function applyCoupon(
  coupon: CouponTerms,
  input: PipelineInput,
  ledger: PricingLedger,
  excluded: readonly boolean[],
): void {
  const lines = scopedLines(coupon.scope, input, excluded);
  const scoped = ledger.sum(lines);
  if (lines.length === 0)
    throw couponNotApplicable(coupon.couponId, "no_eligible_lines", coupon.threshold, 0);
  if (scoped < coupon.threshold) {
    throw couponNotApplicable(coupon.couponId, "threshold", coupon.threshold, scoped);
  }
  const { value } = coupon;
  let off: number;
  if (value.kind === "fixed") off = value.amount;
  else {
    off = applyRate(money(scoped, ledger.currency), value.off, "half_up").amount;
    if (value.cap !== null) off = Math.min(off, value.cap);
  }
  ledger.reduce("coupon", { kind: "coupon", id: coupon.couponId }, coupon.name, off, lines);
}

/** Step 4: points pay the goods first, then shipping; returns the points used and what they paid. */
function applyPoints(input: PipelineInput, ledger: PricingLedger): PricingUse["points"] {
  const requested = input.points;
  if (requested === 0) return { used: 0, amount: 0 };
  const { member } = input;
  if (requested > member.pointsBalance) throw pointsOverBalance(requested, member.pointsBalance);
  const redemption = member.pointsRedemption;
  if (redemption === null) throw pointsOverCap(requested, 0);
  const ratio = exchangeRatio(redemption.points, money(redemption.amount, ledger.currency));
  const entering = ledger.goods() + ledger.shipping;
  const capAmount = applyRate(money(entering, ledger.currency), redemption.cap, "down");
  const maxPoints = Math.min(moneyToUnits(capAmount, ratio, "down"), member.pointsBalance);
  if (requested > maxPoints) throw pointsOverCap(requested, maxPoints);
  const worth = Math.min(unitsToMoney(requested, ratio, "down").amount, entering);
  const source = { kind: "points", id: member.customerId };
  const label = `${requested} points`;
  const all = input.lines.map((_, i) => i);
  const onGoods = ledger.reduce("points", source, label, worth, all);
  ledger.reduceShipping("points", source, label, worth - onGoods);
  return { used: requested, amount: worth };
}

/**
 * Prices one cart through the four steps of §4.4. Throws
 * `CUSTOMER_BLACKLISTED`, `PRICING_COUPON_NOT_APPLICABLE`,
 * `PRICING_POINTS_OVER_BALANCE` or `PRICING_POINTS_OVER_CAP`.
 */
export function runPricingPipeline(input: PipelineInput): PricingReceipt {
  if (input.member.blacklisted) throw customerBlacklisted(input.member.customerId);
  const { currency } = input;
  const ledger = new PricingLedger(currency, input.lines, input.shipping);
  const steps: PricingStep[] = [];
  const snapshot = (step: PricingStepName) => {
    const goods = ledger.goods();
    steps.push({
      step,
      lineAmounts: ledger.amounts.map((amount) => ({ amount, currency })),
      goods: money(goods, currency),
      shipping: money(ledger.shipping, currency),
      total: money(goods + ledger.shipping, currency),
    });
  };
  snapshot("list");
  const { applied, excluded, payWithinMinutes } = applyUnitPrices(input, ledger);
  snapshot("unit_prices");
  const activities = input.activities.length > 0 ? applyActivities(input, ledger, excluded) : [];
  snapshot("activities");
  if (input.coupon !== null) applyCoupon(input.coupon, input, ledger, excluded);
  snapshot("coupon");
  const rate = input.member.level?.rate ?? null;
  if (rate !== null && input.member.level !== null) {
    const goods = ledger.goods();
    ledger.reduce(
      "member_level",
      { kind: "member_level", id: input.member.level.id },
      `${input.member.level.name} member price`,
      offAtRate(goods, rate, currency),
      input.lines.map((_, i) => i),
    );
  }
  snapshot("member_level");
  const points = applyPoints(input, ledger);
  snapshot("points");
  return receiptOf(
    input,
    ledger,
    steps,
    excluded,
    {
      member: input.member,
      unitPrices: applied,
      activities,
      coupon: input.coupon,
      points,
    },
    payWithinMinutes,
  );
}

function receiptOf(
  input: PipelineInput,
  ledger: PricingLedger,
  steps: PricingStep[],
  excluded: readonly boolean[],
  use: PricingUse,
  payWithinMinutes: number | undefined,
): PricingReceipt {
  // The currency is checked once; every amount below is an exact integer of minor units.
  const currency = money(0, ledger.currency).currency;
  const amountOf = (amount: number): Money => ({ amount, currency });
  // One entry per source and label: a flash sale over two lines, points on goods and shipping.
  const merged = new Map<
    string,
    {
      step: ReceiptAdjustment["step"];
      source: ReceiptAdjustment["source"];
      label: string;
      lineOff: number[];
      shippingOff: number;
    }
  >();
  for (const taken of ledger.taken) {
    const key = `${taken.source.kind}\u0000${taken.source.id ?? ""}\u0000${taken.label}`;
    const entry = merged.get(key);
    if (entry === undefined) {
      merged.set(key, { ...taken, lineOff: taken.lineOff.slice() });
      continue;
    }
    taken.lineOff.forEach((off, i) => {
      entry.lineOff[i] = (entry.lineOff[i] as number) + off;
    });
    entry.shippingOff += taken.shippingOff;
  }
  const adjustments: ReceiptAdjustment[] = [];
  const perLine: OrderAdjustment[][] = input.lines.map(() => []);
  const shippingAdjustments: OrderAdjustment[] = [];
  for (const entry of merged.values()) {
    const lineShares: { lineId: string; amount: Money }[] = [];
    let total = entry.shippingOff;
    entry.lineOff.forEach((off, i) => {
      if (off === 0) return;
      total += off;
      const amount = amountOf(-off);
      lineShares.push({ lineId: (input.lines[i] as { lineId: string }).lineId, amount });
      perLine[i]?.push({ source: entry.source, label: entry.label, amount });
    });
    const shippingShare = amountOf(-entry.shippingOff);
    if (entry.shippingOff > 0) {
      shippingAdjustments.push({ source: entry.source, label: entry.label, amount: shippingShare });
    }
    adjustments.push({
      step: entry.step,
      source: entry.source,
      label: entry.label,
      amount: amountOf(-total),
      lineShares,
      shippingShare,
    });
  }
  const lines = input.lines.map((line, i) => ({
    lineId: line.lineId,
    productId: line.productId,
    skuId: line.skuId,
    quantity: line.quantity,
    unitPrice: amountOf(line.unitPrice),
    listAmount: amountOf(line.unitPrice * line.quantity),
    adjustments: perLine[i] ?? [],
    amount: amountOf(ledger.amounts[i] as number),
    exclusive: excluded[i] === true,
  }));
  const goodsTotal = input.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  return {
    currency,
    lines,
    adjustments,
    shipping: {
      before: amountOf(input.shipping),
      after: amountOf(ledger.shipping),
      adjustments: shippingAdjustments,
    },
    giftCoupons: use.activities.flatMap(({ rule }) =>
      rule.terms.kind === "gift_coupon"
        ? [{ activityId: rule.id, couponId: rule.terms.couponId }]
        : [],
    ),
    steps,
    goodsTotal: amountOf(goodsTotal),
    total: amountOf(ledger.goods() + ledger.shipping),
    ...(payWithinMinutes !== undefined && { payWithinMinutes }),
    use,
  };
}
