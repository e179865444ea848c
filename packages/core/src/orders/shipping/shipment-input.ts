import { InputCheck } from "../../kernel/input-check.js";
import type { ShipInput, ShipmentItem, WaybillInput } from "./shipment-service-types.js";

/** Bounds of shipping input. */
export const SHIPPING_LIMITS = Object.freeze({
  /** Characters of a courier code or name. */
  courierMax: 32,
  /** Characters of a tracking number. */
  trackingNumberMax: 64,
  /** Items of one shipment. */
  itemsMax: 200,
  /** Data rows of a bulk shipping file. */
  csvMaxRows: 1000,
  /** Bytes of a bulk shipping file (1 MiB). */
  csvMaxBytes: 1024 * 1024,
  /** Errors listed in `UPLOAD_REJECTED` details (all are counted). */
  maxReportedErrors: 100,
  /** Characters of a verification code. */
  verificationCodeMax: 32,
});

/** The courier of the merchant's own delivery (商家自送): no tracking number needed. */
export const SELF_DELIVERY = "self";

/** What a tracking number may hold. */
export const TRACKING_NUMBER_PATTERN = /^[A-Za-z0-9_-]+$/;

/** A shipping input after its own rules were checked (the order's rules come later); see {@link checkShipment}. */
export interface CheckedShipInput {
  readonly courier: string;
  readonly trackingNumber: string;
  /** `null`: every unit left. */
  readonly items: readonly ShipmentItem[] | null;
}

/**
 * Checks the rules of a shipping input that need no order: the courier,
 * the tracking number (required unless `self`) and the items' shape.
 * Records issues on `check` and returns the trimmed input.
 */
export function checkShipInput(check: InputCheck, input: ShipInput): CheckedShipInput {
  const courier = check.text("courier", input?.courier, { max: SHIPPING_LIMITS.courierMax });
  const trackingRule = {
    max: SHIPPING_LIMITS.trackingNumberMax,
    pattern: TRACKING_NUMBER_PATTERN,
    patternRule: "tracking_number_format",
    patternMessage: "trackingNumber may hold only letters, digits, '-' and '_'",
  };
  const trackingNumber =
    courier === SELF_DELIVERY
      ? check.optionalText("trackingNumber", input?.trackingNumber, trackingRule)
      : check.text("trackingNumber", input?.trackingNumber, trackingRule);
  const items = checkItems(check, input?.items);
  return { courier, trackingNumber, items };
}

/** Checks the shape of `items`; `null` when absent or empty (every unit left). */
export function checkItems(check: InputCheck, value: unknown): ShipmentItem[] | null {
  if (value === undefined || value === null) return null;
  const items = check.list("items", value, { max: SHIPPING_LIMITS.itemsMax }, (field, item) => {
    const entry = (typeof item === "object" && item !== null ? item : {}) as Record<
      string,
      unknown
    >;
    if (typeof item !== "object" || item === null) {
      check.fail(field, "type", `${field} must be an object with lineId and quantity`);
    }
    const lineId = check.text(`${field}.lineId`, entry.lineId, { max: 32 });
    const quantity = entry.quantity;
    if (typeof quantity !== "number" || !Number.isSafeInteger(quantity) || quantity < 1) {
      check.fail(
        `${field}.quantity`,
        "positive_integer",
        `${field}.quantity must be a whole number ≥ 1`,
      );
    }
    return { lineId, quantity: typeof quantity === "number" ? quantity : 0 };
  });
  return items.length === 0 ? null : items;
}

/**
 * Checks the input of `shipments.ship` on its own (the order's rules, such
 * as the units left per line, are checked by the use case).
 *
 * @throws `VALIDATION_FAILED` naming every broken rule of `courier`,
 *   `trackingNumber` and `items`.
 */
export function checkShipment(input: ShipInput): CheckedShipInput {
  const check = new InputCheck();
  const checked = checkShipInput(check, input);
  check.done();
  return checked;
}

/**
 * Checks the input of `shipments.createWaybill` on its own: a courier
 * company (not `self`) and the items' shape.
 *
 * @throws `VALIDATION_FAILED` naming `courier` and `items`.
 */
export function checkWaybillRequest(input: WaybillInput): {
  readonly courier: string;
  readonly items: readonly ShipmentItem[] | null;
} {
  const check = new InputCheck();
  const courier = check.text("courier", input?.courier, { max: SHIPPING_LIMITS.courierMax });
  if (courier === SELF_DELIVERY) {
    check.fail(
      "courier",
      "waybill_courier",
      `courier must name a courier company: "${SELF_DELIVERY}" (the merchant's own delivery) has no e-waybills`,
    );
  }
  const items = checkItems(check, input?.items);
  check.done();
  return { courier, items };
}

/**
 * Checks a verification code as typed or scanned (`{ code }`, 1-32
 * characters); returns it trimmed.
 *
 * @throws `VALIDATION_FAILED` naming `code`.
 */
export function checkPickupVerification(input: { readonly code: string }): string {
  const check = new InputCheck();
  const text = check.text("code", input?.code, { max: SHIPPING_LIMITS.verificationCodeMax });
  check.done();
  return text;
}
