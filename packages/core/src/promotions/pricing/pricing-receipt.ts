/**
 * The pipeline's answer (§4.4): every adjustment with its source and its
 * split across the lines, shipping before and after, and the figures after
 * each step, so a receipt can explain the price to the fen.
 */
import type { Money } from "../../kernel/money.js";
import type { AdjustmentSource, OrderAdjustment, OrderDeliveryMethod } from "../../orders/order.js";
import type {
  ActivityRule,
  CouponTerms,
  MemberStanding,
  PricingUse,
  UnitPriceOverride,
} from "./pricing-sources.js";

/** One cart line as the pipeline prices it. */
export interface PipelineLine {
  readonly lineId: string;
  readonly productId: string;
  readonly skuId: string;
  /** List price per unit, minor units. */
  readonly unitPrice: number;
  readonly quantity: number;
}

/** Everything one pricing needs, already loaded: the pipeline does no I/O. */
export interface PipelineInput {
  readonly currency: string;
  readonly lines: readonly PipelineLine[];
  /** Shipping as the freight template prices it, minor units. */
  readonly shipping: number;
  readonly delivery: { readonly method: OrderDeliveryMethod; readonly regionCode: string };
  readonly member: MemberStanding;
  readonly unitPrices: readonly UnitPriceOverride[];
  readonly activities: readonly ActivityRule[];
  readonly coupon: CouponTerms | null;
  /** Points the buyer asked to spend (a checked non-negative integer). */
  readonly points: number;
}

/** The steps of §4.4, in order. */
export type PricingStepName =
  | "list"
  | "unit_prices"
  | "activities"
  | "coupon"
  | "member_level"
  | "points";

/** The figures after one step. */
export interface PricingStep {
  readonly step: PricingStepName;
  /** Each line's amount after the step, in line order. */
  readonly lineAmounts: readonly Money[];
  /** Goods (Σ line amounts) after the step. */
  readonly goods: Money;
  readonly shipping: Money;
  /** Goods + shipping. */
  readonly total: Money;
}

/** One adjustment of the receipt: its whole amount, split between lines and shipping. */
export interface ReceiptAdjustment {
  readonly step: Exclude<PricingStepName, "list">;
  readonly source: AdjustmentSource;
  readonly label: string;
  /** The whole change (negative: a reduction) = Σ line shares + the shipping share. */
  readonly amount: Money;
  readonly lineShares: readonly { readonly lineId: string; readonly amount: Money }[];
  /** The part taken off shipping (free shipping, points paying shipping); zero otherwise. */
  readonly shippingShare: Money;
}

/** A priced line of the receipt. */
export interface ReceiptLine {
  readonly lineId: string;
  readonly productId: string;
  readonly skuId: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  /** `unitPrice × quantity`. */
  readonly listAmount: Money;
  /** This line's share of each adjustment (zero shares left out). */
  readonly adjustments: readonly OrderAdjustment[];
  /** `listAmount + Σ adjustments`, never below zero. */
  readonly amount: Money;
  /** True when an exclusive special price kept it out of activities and coupons. */
  readonly exclusive: boolean;
}

/** The pipeline's full answer. */
export interface PricingReceipt {
  readonly currency: string;
  readonly lines: readonly ReceiptLine[];
  /** Every adjustment in step order. */
  readonly adjustments: readonly ReceiptAdjustment[];
  readonly shipping: {
    readonly before: Money;
    readonly after: Money;
    /** The shipping shares of the adjustments that lowered it. */
    readonly adjustments: readonly OrderAdjustment[];
  };
  /** Gift-coupon activities reached (no price effect; the coupon comes when the order completes). */
  readonly giftCoupons: readonly { readonly activityId: string; readonly couponId: string }[];
  /** Figures after each step, `list` first. */
  readonly steps: readonly PricingStep[];
  /** Σ list amounts. */
  readonly goodsTotal: Money;
  /** What the buyer pays: Σ line amounts + shipping after. */
  readonly total: Money;
  /** The smallest `payWithinMinutes` of the overrides applied, if any. */
  readonly payWithinMinutes?: number;
  /** What the pricing used, for the sources' `commit`. */
  readonly use: PricingUse;
}
