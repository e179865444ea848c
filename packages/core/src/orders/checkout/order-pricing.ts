import type { Sku } from "../../catalog/skus/sku.js";
import type { Money } from "../../kernel/money.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { Order, OrderAdjustment, OrderDeliveryMethod } from "../order.js";

/** One line to price: the SKU as stored and how many. */
export interface PricingLine {
  /** `l1`, `l2`, ... in the order's line order. */
  readonly lineId: string;
  readonly sku: Sku;
  readonly productTitle: string;
  readonly quantity: number;
}

/** What {@link OrderPricing.price} prices: a cart of one buyer, at a moment. */
export interface PricingRequest {
  readonly tenantId: string;
  readonly customerId: string;
  readonly lines: readonly PricingLine[];
  readonly delivery: { readonly method: OrderDeliveryMethod; readonly regionCode: string };
  /** Shipping as the tenant's freight template prices it (zero without a template). */
  readonly shipping: Money;
  /** The tenant's currency; every amount of the answer is in it. */
  readonly currency: string;
  /** The buyer's choices passed through from the order input (coupons, points). */
  readonly options: Readonly<Record<string, unknown>>;
  /** ISO-8601 time of pricing (clock port): activities are judged at this instant. */
  readonly at: string;
}

/** The priced lines of {@link PricingResult}. */
export interface PricedLine {
  readonly lineId: string;
  /** This line's share of each adjustment; lines never go below zero. */
  readonly adjustments: readonly OrderAdjustment[];
  /**
   * Units of the line whose stock the pricing's own source holds (a
   * presale's virtual stock, taken in `commit`): orders neither check,
   * reserve nor commit the SKU's stock for them. 0 to the line's quantity;
   * absent means 0.
   */
  readonly ownStockUnits?: number;
}

/**
 * The answer of {@link OrderPricing.price}: every adjustment with its
 * source, split across the lines so the lines add up exactly, and the
 * shipping after its own adjustments.
 */
export interface PricingResult {
  readonly lines: readonly PricedLine[];
  /** Each order-level adjustment once (each also appears split across `lines`). */
  readonly adjustments: readonly OrderAdjustment[];
  /** Shipping to charge (free-shipping promotions lower it). */
  readonly shipping: Money;
  /**
   * Minutes the buyer has to pay, when sooner than the tenant's payment
   * timeout (a flash sale's 30): the order closes unpaid after the smaller.
   */
  readonly payWithinMinutes?: number;
  /**
   * What the same pricing's {@link OrderPricing.commit} needs to make the
   * price final (the coupon, points and flash-sale units it used); opaque
   * to orders, never stored on the order.
   */
  readonly commitments?: unknown;
}

/**
 * Gives back a hot-state take of {@link OrderPricing.commit} (a gate's
 * receipt undone) when the order's transaction did not commit.
 */
export type PricingUndo = () => Promise<void>;

/**
 * The one function orders take their prices from. Core's default is
 * {@link listPricing}; the promotion engine replaces it with its pipeline
 * (activities, coupons, member levels, points). Orders check its answer:
 * one priced line per line, amounts in the tenant's currency, no line and no
 * shipping below zero, and each order-level adjustment equal to the sum of
 * its line shares.
 */
export interface OrderPricing {
  price(request: PricingRequest): Promise<PricingResult>;
  /**
   * Makes what the price used final for the new order, inside the order's
   * transaction right after the order is inserted: marks the coupon used,
   * debits the points, takes flash-sale units and per-person limits.
   * Durable writes go through `tx`, so they commit or roll back with the
   * order. Throwing refuses the order and stores nothing. Takes that cannot
   * roll back with `tx` (hot-state gates) are returned as undo callbacks,
   * which orders call once each when the transaction does not commit.
   * Giving back after an order closes unpaid is the pricing's own outbox
   * handler of `order.closed`.
   */
  commit?(
    tx: StorageRepositories,
    order: Order,
    request: PricingRequest,
    result: PricingResult,
  ): Promise<readonly PricingUndo[] | undefined>;
}

/** List prices: no adjustments, shipping as the freight template gives it. */
export const listPricing: OrderPricing = Object.freeze({
  async price(request: PricingRequest): Promise<PricingResult> {
    return {
      lines: request.lines.map((line) => ({ lineId: line.lineId, adjustments: [] })),
      adjustments: [],
      shipping: request.shipping,
    };
  },
});
