import type { DailyWindow } from "../../kernel/daily-window.js";

/** How a time-limited discount lowers its SKUs' prices: a 折 rate, an amount off, or a price. */
export type LimitedDiscountKind = "rate" | "reduction" | "price";

/** Every {@link LimitedDiscountKind}. */
export const LIMITED_DISCOUNT_KINDS = Object.freeze(["rate", "reduction", "price"] as const);

/**
 * How a discounted unit price is rounded: `none` to the nearest fen (half
 * up: 0.005 → 0.01), `drop_fen` drops the fen (71.15 → 71.10), `drop_jiao`
 * drops the jiao as well (71.15 → 71.00). A price is never below 0.00.
 */
export type LimitedDiscountRounding = "none" | "drop_fen" | "drop_jiao";

/** Every {@link LimitedDiscountRounding}. */
export const LIMITED_DISCOUNT_ROUNDINGS = Object.freeze(["none", "drop_fen", "drop_jiao"] as const);

/**
 * When, inside its validity, a discount runs (tenant time zone): every day
 * in a window, on some days of the month, or on some days of the week
 * (1 = Monday … 7 = Sunday), optionally only in a window of those days.
 */
export type LimitedDiscountRecurrence =
  | { readonly kind: "daily"; readonly window: DailyWindow }
  | {
      readonly kind: "days_of_month";
      readonly days: readonly number[];
      readonly window: DailyWindow | null;
    }
  | {
      readonly kind: "days_of_week";
      readonly days: readonly number[];
      readonly window: DailyWindow | null;
    };

/**
 * What happens when one buyer orders more than `quantity` units of a SKU
 * under the discount (counting earlier orders): `lose_all` — the discount
 * is lost on all of them; `first_n` — only the first `quantity` are
 * discounted; `refuse` — the order is refused (`LIMITED_DISCOUNT_LIMIT_EXCEEDED`).
 */
export interface LimitedDiscountLimit {
  readonly mode: "lose_all" | "first_n" | "refuse";
  readonly quantity: number;
}

/** One discounted SKU, with the discount's own stock of it. */
export interface LimitedDiscountItem {
  readonly skuId: string;
  readonly productId: string;
  /** Kind `rate`: the 折 rate as entered, e.g. `"8.5"` (pay 85%); `null` otherwise. */
  readonly rate: string | null;
  /** Kind `reduction`: minor units off; kind `price`: the price in minor units; `null` for `rate`. */
  readonly amount: number | null;
  /** Units sold at the discount at most (≤ the SKU's stock when created). */
  readonly stock: number;
  /** Units taken by orders (given back when an order closes unpaid). */
  readonly sold: number;
}

/** `active` until staff end it (or its validity passes); `ended` never runs again. */
export type LimitedDiscountState = "active" | "ended";

/**
 * A time-limited discount (限时折扣): special prices for listed SKUs during
 * its validity (and recurrence), exclusive of every other promotion.
 */
export interface LimitedDiscount {
  readonly tenantId: string;
  /** `ldc_…` */
  readonly id: string;
  readonly name: string;
  readonly kind: LimitedDiscountKind;
  readonly rounding: LimitedDiscountRounding;
  /** ISO-8601 instant it starts (inclusive). */
  readonly startsAt: string;
  /** ISO-8601 instant it ends (exclusive). */
  readonly endsAt: string;
  readonly recurrence: LimitedDiscountRecurrence | null;
  readonly limit: LimitedDiscountLimit | null;
  readonly items: readonly LimitedDiscountItem[];
  readonly state: LimitedDiscountState;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The units one order took of one discount, kept so closing the order gives them back once. */
export interface LimitedDiscountTake {
  readonly tenantId: string;
  readonly orderId: string;
  readonly discountId: string;
  readonly customerId: string;
  readonly lines: readonly { readonly skuId: string; readonly units: number }[];
  /** `held` while the order keeps them; `released` once given back. */
  readonly status: "held" | "released";
  readonly createdAt: string;
  readonly updatedAt: string;
}
