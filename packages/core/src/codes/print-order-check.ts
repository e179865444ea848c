import { InputCheck } from "../kernel/input-check.js";
import type {
  NewPrintOrderInput,
  PrintFinish,
  PrintOrderStatus,
  PrintOrderTransition,
  PrintRecipient,
} from "./print-order.js";

/** Bounds of print orders (domain §1.5). */
export const PRINT_ORDER_LIMITS = Object.freeze({
  packagesMin: 1,
  packagesMax: 50,
  recipientNameMax: 50,
  /** Phone: 5-20 of digits, spaces, `+` and `-`, with at least 5 digits. */
  phoneMin: 5,
  phoneMax: 20,
  addressMax: 200,
  trackingNumberMax: 50,
  courierMax: 50,
});

/** The print finishes, for validation and schemas. */
export const PRINT_FINISHES: readonly PrintFinish[] = ["plain", "scratch"];

/** The print order statuses, in order. */
export const PRINT_ORDER_STATUSES: readonly PrintOrderStatus[] = ["pending", "printing", "shipped"];

const PHONE_PATTERN = /^[0-9 +-]{5,20}$/;

function checkPackages(check: InputCheck, value: unknown): string[] {
  const ids = check.list(
    "packageIds",
    value,
    { min: PRINT_ORDER_LIMITS.packagesMin, max: PRINT_ORDER_LIMITS.packagesMax },
    (field, item) => check.text(field, item, { max: 64 }),
  );
  if (new Set(ids).size !== ids.length) {
    check.fail("packageIds", "unique", "packageIds must not repeat a package");
  }
  return ids;
}

/** Validates a quote request; throws `VALIDATION_FAILED` listing every issue. */
export function checkQuoteInput(input: { packageIds: readonly string[]; finish: PrintFinish }): {
  packageIds: string[];
  finish: PrintFinish;
} {
  const check = new InputCheck();
  const packageIds = checkPackages(check, input?.packageIds);
  const finish = check.oneOf("finish", input?.finish, PRINT_FINISHES);
  check.done();
  return { packageIds, finish };
}

/** Validates a new print order; throws `VALIDATION_FAILED` listing every issue. */
export function checkNewPrintOrder(input: NewPrintOrderInput): {
  packageIds: string[];
  finish: PrintFinish;
  recipient: PrintRecipient;
} {
  const check = new InputCheck();
  const packageIds = checkPackages(check, input?.packageIds);
  const finish = check.oneOf("finish", input?.finish, PRINT_FINISHES);
  const recipient = (input?.recipient ?? {}) as Partial<PrintRecipient>;
  const name = check.text("recipient.name", recipient.name, {
    max: PRINT_ORDER_LIMITS.recipientNameMax,
  });
  const phone = check.text("recipient.phone", recipient.phone, {
    min: PRINT_ORDER_LIMITS.phoneMin,
    max: PRINT_ORDER_LIMITS.phoneMax,
    pattern: PHONE_PATTERN,
    patternRule: "phone",
    patternMessage: "recipient.phone must be 5-20 of digits, spaces, '+' and '-'",
  });
  if (PHONE_PATTERN.test(phone) && phone.replace(/\D/g, "").length < PRINT_ORDER_LIMITS.phoneMin) {
    check.fail("recipient.phone", "phone", "recipient.phone must hold at least 5 digits");
  }
  const address = check.text("recipient.address", recipient.address, {
    max: PRINT_ORDER_LIMITS.addressMax,
  });
  check.done();
  return { packageIds, finish, recipient: { name, phone, address } };
}

/** A checked transition with the status it must leave. */
export interface CheckedTransition {
  readonly from: PrintOrderStatus;
  readonly to: PrintOrderStatus;
  readonly trackingNumber?: string;
  readonly courier?: string | null;
}

/** Validates a transition: `printing` (from pending) or `shipped` (from printing, with a tracking number). */
export function checkTransition(input: PrintOrderTransition): CheckedTransition {
  const check = new InputCheck();
  const to = check.oneOf("to", input?.to, ["printing", "shipped"] as const);
  if (to === "printing" || check.issues.length > 0) {
    check.done();
    return { from: "pending", to: "printing" };
  }
  const shipped = input as Extract<PrintOrderTransition, { to: "shipped" }>;
  const trackingNumber = check.text("trackingNumber", shipped.trackingNumber, {
    max: PRINT_ORDER_LIMITS.trackingNumberMax,
  });
  const courier = check.optionalText("courier", shipped.courier, {
    max: PRINT_ORDER_LIMITS.courierMax,
  });
  check.done();
  return { from: "printing", to: "shipped", trackingNumber, courier: courier || null };
}
