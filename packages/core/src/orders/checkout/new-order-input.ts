import { InputCheck } from "../../kernel/input-check.js";
import type { PostalAddress } from "../../ports/courier.js";
import { REGION_CODE_PATTERN } from "../freight/freight-template.js";
import { ORDER_DELIVERY_METHODS, type OrderDeliveryMethod } from "../order.js";

/** Limits of {@link NewOrderInput}. */
export const ORDER_INPUT_LIMITS = Object.freeze({
  /** Lines per order. */
  maxLines: 50,
  /** Units per line. */
  maxQuantity: 9_999,
  /** Characters of the buyer's note. */
  maxNoteLength: 200,
});

/** The delivery of {@link NewOrderInput}. */
export interface NewOrderDelivery {
  readonly method: OrderDeliveryMethod;
  /** The recipient (express) or the buyer's contact (pickup, in store): name, phone, region code, address line. */
  readonly address: PostalAddress;
  /** Required for `self_pickup` and `in_store`: the store that hands the goods over. */
  readonly storeId?: string | null;
  /** Local date `YYYY-MM-DD` the goods should leave on (pickup-card orders); today or later. */
  readonly shipOn?: string | null;
}

/** Input of `orders.create`. */
export interface NewOrderInput {
  /**
   * The buyer's account id. A consumer places orders for themselves (leave
   * it out, or give their own id); staff and the system name the buyer.
   */
  readonly customerId?: string;
  /** 1-50 lines; a SKU listed twice is one line with the quantities summed. */
  readonly lines: readonly { readonly skuId: string; readonly quantity: number }[];
  readonly delivery: NewOrderDelivery;
  /** Where the order is placed, e.g. `mini_program` (the default), `h5`, `pickup_card`, `admin`. */
  readonly channel?: string;
  readonly buyerNote?: string | null;
  /**
   * What the buyer chose for the pricing function (coupons, points to use),
   * passed through unchanged; list pricing ignores it.
   */
  readonly pricingOptions?: Readonly<Record<string, unknown>>;
}

/** A {@link NewOrderInput} after checks: trimmed, lines merged, defaults filled. */
export interface CheckedNewOrder {
  readonly customerId: string | null;
  readonly lines: readonly { readonly skuId: string; readonly quantity: number }[];
  readonly delivery: {
    readonly method: OrderDeliveryMethod;
    readonly address: PostalAddress;
    readonly storeId: string | null;
    readonly shipOn: string | null;
  };
  readonly channel: string;
  readonly buyerNote: string | null;
  readonly pricingOptions: Readonly<Record<string, unknown>>;
}

const ID = { max: 100 };
const CHANNEL = /^[a-z][a-z0-9_]{0,39}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

function checkAddress(check: InputCheck, field: string, value: unknown): PostalAddress {
  const address = (value ?? {}) as Record<string, unknown>;
  if (typeof value !== "object" || value === null) {
    check.fail(field, "required", `${field} is required: name, phone, regionCode and line`);
  }
  return {
    name: check.text(`${field}.name`, address.name, { max: 50 }),
    phone: check.text(`${field}.phone`, address.phone, {
      max: 20,
      pattern: PHONE,
      patternRule: "phone",
      patternMessage: `${field}.phone must be a phone number (digits, spaces, dashes, optional +)`,
    }),
    regionCode: check.text(`${field}.regionCode`, address.regionCode, {
      max: 6,
      pattern: REGION_CODE_PATTERN,
      patternRule: "region_code",
      patternMessage: `${field}.regionCode must be an upper-case ISO 3166-2 code such as CN-ZJ`,
    }),
    line: check.text(`${field}.line`, address.line, { max: 200 }),
  };
}

/** The buyer, lines and pricing options of a cart, as orders and quotes both take them. */
export interface CheckedCart {
  readonly customerId: string | null;
  /** One entry per SKU, quantities of repeated SKUs added up. */
  readonly lines: readonly { readonly skuId: string; readonly quantity: number }[];
  readonly pricingOptions: Readonly<Record<string, unknown>>;
}

/**
 * Checks a cart's `customerId`, `lines` and `pricingOptions` into `check`
 * (the caller calls `check.done()`), so an order and a quote of the same
 * cart are refused by the same rules.
 */
export function checkCart(check: InputCheck, raw: Record<string, unknown>): CheckedCart {
  const customerId =
    raw.customerId === undefined || raw.customerId === null
      ? null
      : check.text("customerId", raw.customerId, ID);
  const quantities = new Map<string, number>();
  check.list("lines", raw.lines, { min: 1, max: ORDER_INPUT_LIMITS.maxLines }, (field, entry) => {
    const line = (entry ?? {}) as Record<string, unknown>;
    const skuId = check.text(`${field}.skuId`, line.skuId, ID);
    const quantity = line.quantity;
    if (
      typeof quantity !== "number" ||
      !Number.isInteger(quantity) ||
      quantity < 1 ||
      quantity > ORDER_INPUT_LIMITS.maxQuantity
    ) {
      check.fail(
        `${field}.quantity`,
        "range",
        `${field}.quantity must be a whole number from 1 to ${ORDER_INPUT_LIMITS.maxQuantity}`,
      );
      return;
    }
    if (skuId) quantities.set(skuId, (quantities.get(skuId) ?? 0) + quantity);
  });
  for (const [skuId, quantity] of quantities) {
    if (quantity > ORDER_INPUT_LIMITS.maxQuantity) {
      check.fail(
        "lines",
        "range",
        `lines hold ${quantity} units of ${skuId}; at most ${ORDER_INPUT_LIMITS.maxQuantity} per SKU`,
      );
    }
  }
  const pricingOptions = raw.pricingOptions ?? {};
  if (
    typeof pricingOptions !== "object" ||
    pricingOptions === null ||
    Array.isArray(pricingOptions)
  ) {
    check.fail("pricingOptions", "type", "pricingOptions must be an object");
  }
  return {
    customerId,
    lines: [...quantities].map(([skuId, quantity]) => ({ skuId, quantity })),
    pricingOptions: pricingOptions as Record<string, unknown>,
  };
}

/**
 * Checks a new order's input before anything is read or written; throws
 * `VALIDATION_FAILED` naming every broken field and rule.
 */
export function checkNewOrder(input: unknown): CheckedNewOrder {
  const check = new InputCheck();
  const raw = (input ?? {}) as Record<string, unknown>;
  const { customerId, lines, pricingOptions } = checkCart(check, raw);
  const delivery = (raw.delivery ?? {}) as Record<string, unknown>;
  if (typeof raw.delivery !== "object" || raw.delivery === null) {
    check.fail("delivery", "required", "delivery is required: method and address");
  }
  const method = check.oneOf("delivery.method", delivery.method, ORDER_DELIVERY_METHODS);
  const address = checkAddress(check, "delivery.address", delivery.address);
  const storeId =
    delivery.storeId === undefined || delivery.storeId === null
      ? null
      : check.text("delivery.storeId", delivery.storeId, ID);
  if (method !== "express" && storeId === null) {
    check.fail(
      "delivery.storeId",
      "required",
      `delivery.storeId is required for ${method} orders: the store that hands the goods over`,
    );
  }
  const shipOn =
    delivery.shipOn === undefined || delivery.shipOn === null
      ? null
      : check.text("delivery.shipOn", delivery.shipOn, {
          max: 10,
          pattern: DATE,
          patternRule: "date",
          patternMessage: "delivery.shipOn must be a date YYYY-MM-DD",
        });
  if (shipOn && DATE.test(shipOn) && Number.isNaN(Date.parse(`${shipOn}T00:00:00Z`))) {
    check.fail("delivery.shipOn", "date", "delivery.shipOn must be a real calendar date");
  }
  const channel =
    raw.channel === undefined
      ? "mini_program"
      : check.text("channel", raw.channel, {
          max: 40,
          pattern: CHANNEL,
          patternRule: "channel_format",
          patternMessage:
            "channel must be lower-case letters, digits and '_', starting with a letter",
        });
  const note = check.optionalText("buyerNote", raw.buyerNote, {
    max: ORDER_INPUT_LIMITS.maxNoteLength,
  });
  check.done();
  return {
    customerId,
    lines,
    delivery: { method, address, storeId, shipOn },
    channel,
    buyerNote: note === "" ? null : note,
    pricingOptions,
  };
}
