import { InputCheck } from "../../kernel/input-check.js";
import type { PostalAddress } from "../../ports/courier.js";
import { REGION_CODE_PATTERN } from "../freight/freight-template.js";
import { AFTER_SALE_KINDS, type AfterSaleKind } from "./after-sale.js";

/** Limits of after-sales input. Texts count Unicode code points. */
export const AFTER_SALE_LIMITS = Object.freeze({
  /** Order lines per request. */
  itemsMax: 50,
  lineIdMax: 20,
  /** Characters of the buyer's reason and of a rejection's reason. */
  reasonMax: 200,
  descriptionMax: 500,
  /** Photo links (凭证) per request. */
  evidenceMax: 9,
  evidenceUrlMax: 500,
  courierMax: 50,
  trackingNumberMax: 50,
  addressNameMax: 50,
  addressLineMax: 200,
  phoneMin: 5,
  phoneMax: 20,
});

const L = AFTER_SALE_LIMITS;
const PHONE_PATTERN = /^[0-9+\- ]+$/;

/** One order line of a request and how many of its units. */
export interface AfterSaleItemInput {
  readonly lineId: string;
  /** Positive, at most the line's quantity. */
  readonly quantity: number;
}

/** Input of `onecode.afterSales.apply`: what the buyer asks for (售后申请). */
export interface AfterSaleApplication {
  readonly kind: AfterSaleKind;
  /** The order lines concerned, each once. */
  readonly items: readonly AfterSaleItemInput[];
  /**
   * Minor units of the order's currency asked back: positive for the
   * refund kinds, at most what the order has left to refund; `0` for an
   * exchange.
   */
  readonly refundAmount: number;
  /** 1-200 characters. */
  readonly reason: string;
  /** The buyer's description (退货说明), up to 500 characters. */
  readonly description?: string | null;
  /** Links to photos (凭证), at most 9 absolute http(s) URLs. */
  readonly evidence?: readonly string[];
  /**
   * Whether the buyer has the goods (货物状态), for `refund_only`; the
   * return kinds need them received. Default: whether the order shipped.
   */
  readonly goodsReceived?: boolean;
}

/** An {@link AfterSaleApplication} as checked: trimmed texts, defaults filled in except `goodsReceived`. */
export interface CheckedAfterSaleApplication {
  readonly kind: AfterSaleKind;
  readonly items: readonly AfterSaleItemInput[];
  readonly refundAmount: number;
  readonly reason: string;
  readonly description: string | null;
  readonly evidence: readonly string[];
  readonly goodsReceived: boolean | undefined;
}

/** Input of `onecode.afterSales.approve`. */
export interface AfterSaleApproval {
  /** Where the goods go back to (退货地址): required for `return_and_refund` and `exchange`. */
  readonly returnAddress?: PostalAddress | null;
}

/** Input of `onecode.afterSales.reject`. */
export interface AfterSaleRejection {
  /** Why (shown to the buyer), 1-200 characters. */
  readonly reason: string;
}

/** Input of `shipBack` (the buyer's return) and `reship` (the merchant's replacement). */
export interface AfterSaleParcelInput {
  /** Courier company, e.g. `SF`; 1-50 characters. */
  readonly courier: string;
  /** 1-50 characters. */
  readonly trackingNumber: string;
}

/**
 * Checks an application on its own (the rules that need the order are the
 * use case's: lines, quantities, the amount left, the order's state);
 * reports every broken rule at once as `VALIDATION_FAILED`.
 */
export function checkAfterSaleApplication(
  input: AfterSaleApplication,
): CheckedAfterSaleApplication {
  const check = new InputCheck();
  const kind = check.oneOf("kind", input?.kind, AFTER_SALE_KINDS);
  const items = check.list("items", input?.items, { min: 1, max: L.itemsMax }, (field, value) => {
    const item = (value ?? {}) as Partial<AfterSaleItemInput>;
    const lineId = check.text(`${field}.lineId`, item.lineId, { max: L.lineIdMax });
    const quantity = item.quantity;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) {
      check.fail(`${field}.quantity`, "range", `${field}.quantity must be a positive integer`);
    }
    return { lineId, quantity: quantity as number };
  });
  items.forEach((item, index) => {
    if (item.lineId && items.findIndex((other) => other.lineId === item.lineId) < index) {
      check.fail(`items.${index}.lineId`, "unique", `items.${index}.lineId lists a line twice`);
    }
  });
  const refundAmount = input?.refundAmount;
  if (typeof refundAmount !== "number" || !Number.isSafeInteger(refundAmount)) {
    check.fail("refundAmount", "type", "refundAmount must be an integer of minor units");
  } else if (kind === "exchange" && refundAmount !== 0) {
    check.fail("refundAmount", "exchange_no_refund", "refundAmount must be 0 for an exchange");
  } else if (kind !== "exchange" && refundAmount < 1) {
    check.fail("refundAmount", "range", `refundAmount must be positive for ${kind}`);
  }
  const reason = check.text("reason", input?.reason, { max: L.reasonMax });
  const description = check.optionalText("description", input?.description, {
    max: L.descriptionMax,
  });
  const evidence = check.list("evidence", input?.evidence, { max: L.evidenceMax }, (field, url) =>
    check.url(field, url, L.evidenceUrlMax),
  );
  const goodsReceived = input?.goodsReceived;
  if (goodsReceived !== undefined && typeof goodsReceived !== "boolean") {
    check.fail("goodsReceived", "type", "goodsReceived must be true or false");
  } else if (goodsReceived === false && kind !== "refund_only") {
    check.fail(
      "goodsReceived",
      "goods_received",
      `goodsReceived must be true for ${kind}: the buyer returns goods they received`,
    );
  }
  check.done();
  return {
    kind,
    items,
    refundAmount: refundAmount as number,
    reason,
    description: description || null,
    evidence,
    goodsReceived,
  };
}

/** Checks an approval's return address when one is given; `null` when none is. */
export function checkAfterSaleApproval(input: AfterSaleApproval): PostalAddress | null {
  const check = new InputCheck();
  const given = input?.returnAddress;
  if (given === undefined || given === null) return null;
  const address = checkAddress(check, "returnAddress", given);
  check.done();
  return address;
}

function checkAddress(check: InputCheck, at: string, value: unknown): PostalAddress {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    check.fail(at, "type", `${at} must be an address object`);
    return { name: "", phone: "", regionCode: "", line: "" };
  }
  const address = value as Partial<PostalAddress>;
  const name = check.text(`${at}.name`, address.name, { max: L.addressNameMax });
  const phone = check.text(`${at}.phone`, address.phone, {
    min: L.phoneMin,
    max: L.phoneMax,
    pattern: PHONE_PATTERN,
    patternRule: "phone",
    patternMessage: `${at}.phone must be 5-20 of digits, spaces, '+' and '-'`,
  });
  const regionCode = check.text(`${at}.regionCode`, address.regionCode, {
    max: 6,
    pattern: REGION_CODE_PATTERN,
    patternRule: "region_code",
    patternMessage: `${at}.regionCode must be an upper-case ISO 3166-2 code such as CN-ZJ`,
  });
  const line = check.text(`${at}.line`, address.line, { max: L.addressLineMax });
  return { name, phone, regionCode, line };
}

/** Checks a rejection; returns its trimmed reason. */
export function checkAfterSaleRejection(input: AfterSaleRejection): string {
  const check = new InputCheck();
  const reason = check.text("reason", input?.reason, { max: L.reasonMax });
  check.done();
  return reason;
}

/** Checks a parcel's courier and tracking number; returns them trimmed. */
export function checkAfterSaleParcel(input: AfterSaleParcelInput): AfterSaleParcelInput {
  const check = new InputCheck();
  const courier = check.text("courier", input?.courier, { max: L.courierMax });
  const trackingNumber = check.text("trackingNumber", input?.trackingNumber, {
    max: L.trackingNumberMax,
  });
  check.done();
  return { courier, trackingNumber };
}
