/**
 * Step 1's activities (§4.1): who and what each covers, whether it is
 * reached, and what it takes off. Thresholds and rates are judged on the
 * scoped amounts entering the activities (after special unit prices); a
 * reduction is capped at what its lines still hold, so overlapping
 * activities (which §4.1 forbids, but stored data may hold) never push a
 * line below zero.
 */
import { money } from "../../kernel/money.js";
import { applyRate } from "../../kernel/rates.js";
import type { PricingLedger } from "./pricing-ledger.js";
import type { PipelineInput } from "./pricing-receipt.js";
import type {
  ActivityRule,
  MemberStanding,
  PricingUse,
  PromotionAudience,
  PromotionScope,
} from "./pricing-sources.js";

/** True when the buyer is in the audience. */
export function inAudience(audience: PromotionAudience, member: MemberStanding): boolean {
  switch (audience.kind) {
    case "everyone":
      return true;
    case "levels":
      return member.level !== null && audience.levelIds.includes(member.level.id);
    case "customers":
      return audience.customerIds.includes(member.customerId);
    case "first_order":
      return member.firstOrder;
    default:
      return false;
  }
}

/** Indexes of the lines a promotion of `scope` may touch (exclusive lines never), ascending. */
export function scopedLines(
  scope: PromotionScope,
  input: PipelineInput,
  excluded: readonly boolean[],
  byProduct?: ReadonlyMap<string, readonly number[]>,
): number[] {
  const indexes: number[] = [];
  if (scope.kind === "products" && byProduct !== undefined) {
    // Look the scope's few products up rather than scanning every line for each activity.
    for (const productId of scope.productIds) {
      for (const index of byProduct.get(productId) ?? []) {
        if (!excluded[index] && !indexes.includes(index)) indexes.push(index);
      }
    }
    return indexes.length > 1 ? indexes.sort((a, b) => a - b) : indexes;
  }
  input.lines.forEach((line, index) => {
    if (excluded[index]) return;
    if (scope.kind === "products" && !scope.productIds.includes(line.productId)) return;
    indexes.push(index);
  });
  return indexes;
}

/** The cart's line indexes by product. */
function linesByProduct(input: PipelineInput): Map<string, number[]> {
  const byProduct = new Map<string, number[]>();
  input.lines.forEach((line, index) => {
    const indexes = byProduct.get(line.productId);
    if (indexes === undefined) byProduct.set(line.productId, [index]);
    else indexes.push(index);
  });
  return byProduct;
}

/** What `amount` × `rate` (what is paid) takes off, the paid part rounded half up. */
export function offAtRate(
  amount: number,
  rate: { numerator: bigint; denominator: bigint },
  currency: string,
): number {
  const paid = applyRate(money(amount, currency), rate, "half_up").amount;
  return Math.max(amount - paid, 0);
}

/** The highest tier whose threshold `reached` attains, or undefined. */
function highestTier<T extends { readonly threshold: number }>(
  tiers: readonly T[],
  reached: number,
): T | undefined {
  let best: T | undefined;
  for (const tier of tiers) {
    if (tier.threshold <= reached && (best === undefined || tier.threshold >= best.threshold)) {
      best = tier;
    }
  }
  return best;
}

function regionExcluded(regionCode: string, excluded: readonly string[]): boolean {
  return excluded.some((code) => regionCode.startsWith(code));
}

/**
 * Applies the activities the buyer is in, in the given order, to the
 * ledger; returns the activities used (price effect or gift reached).
 */
export function applyActivities(
  input: PipelineInput,
  ledger: PricingLedger,
  excluded: readonly boolean[],
): PricingUse["activities"][number][] {
  const used: PricingUse["activities"][number][] = [];
  // Thresholds are judged on the amounts entering the activities.
  const entering = ledger.amounts.slice();
  const enteringSum = (indexes: readonly number[]) => {
    let sum = 0;
    for (const index of indexes) sum += entering[index] as number;
    return sum;
  };
  const byProduct = linesByProduct(input);
  for (const rule of input.activities) {
    if (!inAudience(rule.audience, input.member)) continue;
    const lines = scopedLines(rule.scope, input, excluded, byProduct);
    if (lines.length === 0) continue;
    const scoped = enteringSum(lines);
    const off = activityOff(rule, input, lines, scoped, ledger.currency);
    if (off === null) continue;
    const source = { kind: "activity", id: rule.id };
    if (off.shipping) {
      const taken = ledger.reduceShipping("activities", source, rule.name, ledger.shipping);
      if (taken > 0) used.push({ rule, amountOff: taken });
      continue;
    }
    if (off.goods === 0) {
      if (rule.terms.kind === "gift_coupon") used.push({ rule, amountOff: 0 });
      continue;
    }
    const taken = ledger.reduce("activities", source, rule.name, off.goods, lines);
    if (taken > 0) used.push({ rule, amountOff: taken });
  }
  return used;
}

/** What one reached activity takes off the goods (or whether it frees shipping); null when not reached. */
function activityOff(
  rule: ActivityRule,
  input: PipelineInput,
  lines: readonly number[],
  scoped: number,
  currency: string,
): { goods: number; shipping: boolean } | null {
  const { terms } = rule;
  switch (terms.kind) {
    case "spend_save": {
      if (terms.mode === "tiered") {
        const tier = highestTier(terms.tiers, scoped);
        return tier ? { goods: tier.save, shipping: false } : null;
      }
      if (terms.every <= 0 || scoped < terms.every) return null;
      const times = Math.floor(scoped / terms.every);
      const save = times * terms.save;
      return { goods: terms.cap === null ? save : Math.min(save, terms.cap), shipping: false };
    }
    case "spend_discount": {
      const reached =
        terms.basis === "amount"
          ? scoped
          : lines.reduce((sum, index) => sum + (input.lines[index]?.quantity ?? 0), 0);
      const tier = highestTier(terms.tiers, reached);
      return tier ? { goods: offAtRate(scoped, tier.rate, currency), shipping: false } : null;
    }
    case "free_shipping": {
      const reached =
        scoped >= terms.threshold &&
        terms.methods.includes(input.delivery.method) &&
        !regionExcluded(input.delivery.regionCode, terms.excludedRegions);
      return reached ? { goods: 0, shipping: true } : null;
    }
    case "gift_coupon":
      return scoped >= terms.threshold ? { goods: 0, shipping: false } : null;
    default:
      return null;
  }
}
