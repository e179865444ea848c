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
import type { PromotionsRuntime } from "../promotions-runtime.js";
import { customerBlacklisted, POINTS_FIELD } from "./pricing-errors.js";
import { runPricingPipeline } from "./pricing-pipeline.js";
import type { PipelineInput, PricingReceipt } from "./pricing-receipt.js";
import type { MemberStanding, PricingSource, PricingUse } from "./pricing-sources.js";

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

async function gather(
  sources: readonly PricingSource[],
  request: PricingRequest,
): Promise<PipelineInput> {
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
    Promise.all(sources.map((source) => source.coupon?.(request) ?? null)),
  ]);
  return {
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
 * pipeline itself reads no port (`_runtime` may be null): the sources own
 * their reads and caches.
 */
export function promotionPricing(
  _runtime: Pick<PromotionsRuntime, "ports"> | null,
  sources: readonly PricingSource[],
): PromotionPricing {
  const receipt = async (request: PricingRequest) =>
    runPricingPipeline(await gather(sources, request));
  return {
    receipt,
    async price(request) {
      return pricingResultOf(await receipt(request));
    },
    async commit(tx, order, request, result) {
      const use = result.commitments as PricingUse | undefined;
      if (use === undefined) return [];
      const undos: PricingUndo[] = [];
      try {
        for (const source of sources) {
          undos.push(...((await source.commit?.(tx, order, request, use)) ?? []));
        }
      } catch (error) {
        for (const undo of undos.splice(0)) await undo().catch(() => undefined);
        throw error;
      }
      return undos;
    },
  };
}
