/**
 * `onecode.promotions`: quotes a cart through the same pricing checkout
 * uses (lines and freight loaded as checkout loads them), storing nothing.
 */
import { isoNow } from "../../kernel/clock.js";
import { OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { money } from "../../kernel/money.js";
import { requireCapabilityAnywhere } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { loadLines, shippingFor } from "../../orders/checkout/checkout-cart.js";
import type { PricingRequest } from "../../orders/checkout/order-pricing.js";
import type { OrdersRuntime } from "../../orders/orders-runtime.js";
import type { PricingReceipt, ReceiptLine } from "./pricing-receipt.js";
import { type PromotionPricing, requestedPoints } from "./promotion-pricing.js";
import { type CartQuoteInput, checkCartQuote } from "./quote-input.js";

/** A quoted line: the receipt's line with the product's name. */
export interface QuoteLine extends ReceiptLine {
  readonly title: string;
}

/**
 * The answer of {@link PromotionsService.quote}: the full receipt (every
 * adjustment with its source and line shares, shipping before and after,
 * the figures after each step) and what would be used.
 */
export interface PricingQuote extends Omit<PricingReceipt, "use" | "lines"> {
  readonly customerId: string;
  readonly lines: readonly QuoteLine[];
  /** The coupon that would be used, or null. */
  readonly coupon: {
    readonly couponId: string;
    readonly codeId: string;
    readonly name: string;
  } | null;
  /** Points that would be spent and what they pay. */
  readonly points: { readonly used: number; readonly amount: number };
}

/** The promotion engine's services (the promotion modules add their own). */
export interface PromotionsService {
  /**
   * Prices a cart like checkout would, without storing or taking anything:
   * the same SKUs, freight and pricing (activities, coupon, member level,
   * points), refused the same way (`PRICING_COUPON_NOT_APPLICABLE`,
   * `PRICING_POINTS_OVER_*`, `CUSTOMER_BLACKLISTED`). Consumers quote for
   * themselves; staff name the buyer and need `promotions.read`.
   */
  quote(ctx: TenantContext, input: CartQuoteInput): Promise<PricingQuote>;
}

function buyerOf(ctx: TenantContext, customerId: string | null): string {
  const { actor } = ctx;
  if (actor.kind === "consumer") {
    if (customerId !== null && customerId !== actor.id) {
      throw new OneCodeError("FORBIDDEN", `consumer ${actor.id} can only quote for themselves`, {
        actor: actor.id,
        capability: "promotions.read",
      });
    }
    return actor.id;
  }
  requireCapabilityAnywhere(ctx, "promotions.read");
  if (customerId === null) {
    const check = new InputCheck();
    check.fail("customerId", "required", "customerId is required when staff quote a cart");
    check.done();
  }
  return customerId as string;
}

/** A receipt of a pricing function that is not the engine: its adjustments, without steps. */
async function foreignReceipt(
  runtime: OrdersRuntime,
  request: PricingRequest,
): Promise<PricingReceipt> {
  const result = await runtime.pricing.price(request);
  const { currency } = request;
  const lines = request.lines.map((line, i) => {
    const adjustments = result.lines[i]?.adjustments ?? [];
    const list = line.sku.price.amount * line.quantity;
    return {
      lineId: line.lineId,
      productId: line.sku.productId,
      skuId: line.sku.id,
      quantity: line.quantity,
      unitPrice: line.sku.price,
      listAmount: money(list, currency),
      adjustments,
      amount: money(list + adjustments.reduce((sum, a) => sum + a.amount.amount, 0), currency),
      exclusive: false,
    };
  });
  const goods = lines.reduce((sum, line) => sum + line.listAmount.amount, 0);
  const after = lines.reduce((sum, line) => sum + line.amount.amount, 0);
  const step = (name: "list" | "points", g: number, s: number, amounts: number[]) => ({
    step: name,
    lineAmounts: amounts.map((amount) => money(amount, currency)),
    goods: money(g, currency),
    shipping: money(s, currency),
    total: money(g + s, currency),
  });
  return {
    currency,
    lines,
    adjustments: [],
    shipping: { before: request.shipping, after: result.shipping, adjustments: [] },
    giftCoupons: [],
    steps: [
      step(
        "list",
        goods,
        request.shipping.amount,
        lines.map((line) => line.listAmount.amount),
      ),
      step(
        "points",
        after,
        result.shipping.amount,
        lines.map((line) => line.amount.amount),
      ),
    ],
    goodsTotal: money(goods, currency),
    total: money(after + result.shipping.amount, currency),
    ...(result.payWithinMinutes !== undefined && { payWithinMinutes: result.payWithinMinutes }),
    use: {
      member: {
        customerId: request.customerId,
        level: null,
        firstOrder: false,
        blacklisted: false,
        pointsBalance: 0,
        pointsRedemption: null,
      },
      unitPrices: [],
      activities: [],
      coupon: null,
      points: { used: 0, amount: 0 },
    },
  };
}

/**
 * The promotions service over the orders' runtime; `engine` gives the full
 * receipt when it is the orders' pricing (a host's own pricing is quoted
 * through its `price`, without steps).
 */
export function promotionsService(
  runtime: OrdersRuntime,
  engine: PromotionPricing,
): PromotionsService {
  return {
    async quote(ctx, input) {
      const checked = checkCartQuote(input);
      const customerId = buyerOf(ctx, checked.customerId);
      const { tenantId } = ctx;
      requestedPoints(checked.pricingOptions);
      const currency = await runtime.currencyOf(tenantId);
      const lines = await loadLines(runtime, tenantId, checked, currency);
      const { method, regionCode } = checked.delivery;
      const shipping = await shippingFor(runtime, tenantId, method, regionCode, lines, currency);
      const request: PricingRequest = {
        tenantId,
        customerId,
        lines,
        delivery: { method, regionCode },
        shipping,
        currency,
        options: checked.pricingOptions,
        at: isoNow(runtime.ports.clock),
      };
      const receipt =
        runtime.pricing === engine
          ? await engine.receipt(request)
          : await foreignReceipt(runtime, request);
      const { use, lines: priced, ...rest } = receipt;
      return {
        ...rest,
        customerId,
        lines: priced.map((line, i) => ({ ...line, title: lines[i]?.productTitle ?? line.skuId })),
        coupon: use.coupon && {
          couponId: use.coupon.couponId,
          codeId: use.coupon.codeId,
          name: use.coupon.name,
        },
        points: use.points,
      };
    },
  };
}
