/**
 * The promotion engine as orders see it: an {@link OrderPricing} that
 * gathers the promotion modules' terms from their {@link PricingSource}s
 * and runs the §4.4 pipeline over them.
 */
import { invalidField } from "../../kernel/errors.js";
import type {
  OrderPricing,
  PricingRequest,
  PricingResult,
  PricingUndo,
} from "../../orders/checkout/order-pricing.js";
import type { OrderAdjustment } from "../../orders/order.js";
import { customerBlacklisted, POINTS_FIELD } from "./pricing-errors.js";
import { runPricingPipeline } from "./pricing-pipeline.js";
import type { PipelineInput, PricingReceipt } from "./pricing-receipt.js";
import type {
  ActivityRule,
  CouponTerms,
  MemberStanding,
  PricingSource,
  PricingUse,
  UnitPriceOverride,
} from "./pricing-sources.js";

/** The engine: orders' pricing plus the full receipt for quotes. */
export interface PromotionPricing extends OrderPricing {
  /** Prices a request like `price` and returns the whole receipt (steps, shipping adjustments, use). */
  receipt(request: PricingRequest): Promise<PricingReceipt>;
}

/** The points the buyer asked for (`pricingOptions.points`): absent is 0; else a non-negative integer. */
export function requestedPoints(options: Readonly<Record<string, unknown>>): number {
  const points = options.points;
  if (points === undefined || points === null) return 0;
  if (typeof points !== "number" || !Number.isSafeInteger(points) || points < 0) {
    throw invalidField(
      POINTS_FIELD,
      "non_negative_integer",
      `${POINTS_FIELD} must be a whole number of points, 0 or more`,
    );
  }
  return points;
}

/** A buyer no members module describes: no level, no points, no flags. */
function defaultMember(customerId: string): MemberStanding {
  return {
    customerId,
    level: null,
    firstOrder: false,
    blacklisted: false,
    pointsBalance: 0,
    pointsRedemption: null,
  };
}

/** The lists joined; one non-empty list is handed on as it is (`flat` is slow on hot paths). */
function joined<T>(lists: readonly (readonly T[])[]): readonly T[] {
  let only: readonly T[] | undefined;
  let all: T[] | undefined;
  for (const list of lists) {
    if (list.length === 0) continue;
    if (only === undefined) only = list;
    else {
      all ??= [...only];
      for (const item of list) all.push(item);
    }
  }
  return all ?? only ?? [];
}

/**
 * Which source gave which terms of one pricing, so each source's `commit`
 * sees only its own part: a host's member source is not debited by the
 * built-in points, nor the built-in coupon marked used for a host's coupon.
 */
interface TermOwners {
  readonly sources: readonly PricingSource[];
  readonly memberSource: PricingSource | undefined;
  readonly unitPrices: readonly (readonly UnitPriceOverride[])[];
  readonly activities: readonly (readonly ActivityRule[])[];
  readonly coupons: readonly (CouponTerms | null)[];
}

/** The part of `use` that `source` (at `index` of the owners' sources) gave. */
function useOf(use: PricingUse, owners: TermOwners, index: number): PricingUse {
  const source = owners.sources[index];
  const ownCoupon = owners.coupons[index] ?? null;
  const ownUnitPrices = owners.unitPrices[index] ?? [];
  const ownActivities = owners.activities[index] ?? [];
  return {
    member: use.member,
    unitPrices: use.unitPrices.filter((override) => ownUnitPrices.includes(override)),
    activities: use.activities.filter((applied) => ownActivities.includes(applied.rule)),
    coupon: use.coupon !== null && use.coupon === ownCoupon ? use.coupon : null,
    points: source === owners.memberSource ? use.points : { used: 0, amount: 0 },
  };
}

/**
 * The coupon terms per source, asked in turn until one knows the code: a
 * host's source (first in the list) answers for its own codes before the
 * built-in coupons module would refuse them as unknown.
 */
async function couponsInTurn(
  sources: readonly PricingSource[],
  request: PricingRequest,
): Promise<(CouponTerms | null)[]> {
  const coupons: (CouponTerms | null)[] = sources.map(() => null);
  for (const [index, source] of sources.entries()) {
    const coupon = (await source.coupon?.(request)) ?? null;
    coupons[index] = coupon;
    if (coupon !== null) break;
  }
  return coupons;
}

async function gather(
  sources: readonly PricingSource[],
  request: PricingRequest,
): Promise<{ readonly input: PipelineInput; readonly owners: TermOwners }> {
  sources = [...sources];
  const points = requestedPoints(request.options);
  const memberSource = sources.find((source) => source.member !== undefined);
  const member =
    (await memberSource?.member?.(request.tenantId, request.customerId)) ??
    defaultMember(request.customerId);
  // Refused before any other module is asked (a flash sale's limit check, a coupon lookup).
  if (member.blacklisted) throw customerBlacklisted(member.customerId);
  const [unitPrices, activities, coupons] = await Promise.all([
    Promise.all(sources.map((source) => source.unitPrices?.(request, member) ?? [])),
    Promise.all(sources.map((source) => source.activities?.(request.tenantId, request.at) ?? [])),
    couponsInTurn(sources, request),
  ]);
  const owners: TermOwners = { sources, memberSource, unitPrices, activities, coupons };
  const input: PipelineInput = {
    currency: request.currency,
    lines: request.lines.map((line) => ({
      lineId: line.lineId,
      productId: line.sku.productId,
      skuId: line.sku.id,
      unitPrice: line.sku.price.amount,
      quantity: line.quantity,
    })),
    shipping: request.shipping.amount,
    delivery: request.delivery,
    member,
    unitPrices: joined(unitPrices),
    activities: joined(activities),
    coupon: coupons.find((coupon) => coupon !== null) ?? null,
    points,
  };
  return { input, owners };
}

/** The orders' view of a receipt: line shares, order adjustments equal to their line sums, shipping after. */
export function pricingResultOf(receipt: PricingReceipt): PricingResult {
  const adjustments: OrderAdjustment[] = [];
  for (const adjustment of receipt.adjustments) {
    let onLines = 0;
    for (const share of adjustment.lineShares) onLines += share.amount.amount;
    if (onLines === 0) continue;
    adjustments.push({
      source: adjustment.source,
      label: adjustment.label,
      amount: { amount: onLines, currency: receipt.currency },
    });
  }
  return {
    lines: receipt.lines.map((line) => {
      // A presale sells from its own virtual stock: orders take none of the SKU's for those units.
      const ownStockUnits = receipt.use.unitPrices
        .filter((used) => used.lineId === line.lineId && used.source.kind === "presale")
        .reduce((sum, used) => sum + used.units, 0);
      return {
        lineId: line.lineId,
        adjustments: line.adjustments,
        ...(ownStockUnits > 0 && { ownStockUnits }),
      };
    }),
    adjustments,
    shipping: receipt.shipping.after,
    ...(receipt.payWithinMinutes !== undefined && { payWithinMinutes: receipt.payWithinMinutes }),
    commitments: receipt.use,
  };
}

/**
 * The promotion engine over `sources`, read at every pricing (a live array:
 * sources pushed later take part). Terms are gathered member first (unit
 * prices depend on it), then unit prices, activities and the coupon in
 * parallel. With no sources, or sources giving nothing, it prices exactly
 * like `listPricing`. `commit` hands each source the pricing's
 * {@link PricingUse} and returns every undo; when a source refuses, the
 * undos already taken are run before the refusal is passed on. The
 * pipeline itself reads no port: the sources own their reads and caches.
 *
 * @example
 * ```ts
 * const onecode = createOneCode({ orders: { pricing: promotionPricing([myLoyaltySource]) } });
 * ```
 */
export function promotionPricing(sources: readonly PricingSource[]): PromotionPricing {
  // Kept beside the use each pricing answers with, never on the order.
  const ownersOfUse = new WeakMap<PricingUse, TermOwners>();
  const receipt = async (request: PricingRequest) => {
    const { input, owners } = await gather(sources, request);
    const priced = runPricingPipeline(input);
    ownersOfUse.set(priced.use, owners);
    return priced;
  };
  return {
    receipt,
    async price(request) {
      return pricingResultOf(await receipt(request));
    },
    async commit(tx, order, request, result) {
      const use = result.commitments as PricingUse | undefined;
      const owners = use && ownersOfUse.get(use);
      if (use === undefined || owners === undefined) return [];
      const undos: PricingUndo[] = [];
      try {
        for (const [index, source] of owners.sources.entries()) {
          const own = useOf(use, owners, index);
          undos.push(...((await source.commit?.(tx, order, request, own)) ?? []));
        }
      } catch (error) {
        for (const undo of undos.splice(0)) await undo().catch(() => undefined);
        throw error;
      }
      return undos;
    },
  };
}
