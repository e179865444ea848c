/** The input of `promotions.quote` and its checks, the cart part as strict as checkout's. */
import { InputCheck } from "../../kernel/input-check.js";
import { checkCart } from "../../orders/checkout/new-order-input.js";
import { REGION_CODE_PATTERN } from "../../orders/freight/freight-template.js";
import { ORDER_DELIVERY_METHODS, type OrderDeliveryMethod } from "../../orders/order.js";
import { requestedPoints } from "./promotion-pricing.js";

/** Input of `promotions.quote`: a cart priced like checkout would, nothing stored. */
export interface CartQuoteInput {
  /** The buyer. Staff name them; a consumer quotes for themselves (leave it out or give their own id). */
  readonly customerId?: string;
  /** 1-50 lines; a SKU listed twice is one line with the quantities summed. */
  readonly lines: readonly { readonly skuId: string; readonly quantity: number }[];
  /** How and where the goods would go (freight and free shipping depend on it). */
  readonly delivery: { readonly method: OrderDeliveryMethod; readonly regionCode: string };
  /** The buyer's choices, as checkout takes them: `couponCode`, `points`. */
  readonly pricingOptions?: Readonly<Record<string, unknown>>;
}

/** A {@link CartQuoteInput} after checks. */
export interface CheckedCartQuote {
  readonly customerId: string | null;
  readonly lines: readonly { readonly skuId: string; readonly quantity: number }[];
  readonly delivery: { readonly method: OrderDeliveryMethod; readonly regionCode: string };
  readonly pricingOptions: Readonly<Record<string, unknown>>;
}

/** Checks a quote's input before anything is read; throws `VALIDATION_FAILED` naming every broken rule. */
export function checkCartQuote(input: unknown): CheckedCartQuote {
  const check = new InputCheck();
  const raw = (input ?? {}) as Record<string, unknown>;
  const { customerId, lines, pricingOptions } = checkCart(check, raw);
  const delivery = (raw.delivery ?? {}) as Record<string, unknown>;
  if (typeof raw.delivery !== "object" || raw.delivery === null) {
    check.fail("delivery", "required", "delivery is required: method and regionCode");
  }
  const method = check.oneOf("delivery.method", delivery.method, ORDER_DELIVERY_METHODS);
  const regionCode = check.text("delivery.regionCode", delivery.regionCode, {
    max: 6,
    pattern: REGION_CODE_PATTERN,
    patternRule: "region_code",
    patternMessage: "delivery.regionCode must be an upper-case ISO 3166-2 code such as CN-ZJ",
  });
  check.include(() => requestedPoints(pricingOptions), 0);
  check.done();
  return { customerId, lines, delivery: { method, regionCode }, pricingOptions };
}
