import { InputCheck } from "../kernel/input-check.js";
import { codeFromScan, SCANNED_TEXT_MAX } from "../trace/scans/scan-input.js";
import type { DrawInput } from "./campaign-services.js";
import type { ClaimInput, PrizeRecipient } from "./draw.js";

const record = (input: unknown): Record<string, unknown> =>
  typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};

/** A mainland mobile number: 11 digits starting with 1. */
const MAINLAND_MOBILE = /^1\d{10}$/;

/**
 * Checks a draw's input and returns the code as stored in its package (a
 * code URL or a Digital Link gives its code).
 *
 * @throws `VALIDATION_FAILED` (`code`: `required`, `max_length`, `code_format`).
 */
export function checkDrawInput(input: unknown): DrawInput {
  const check = new InputCheck();
  const scanned = check.text("code", record(input).code, { max: SCANNED_TEXT_MAX });
  const code = scanned ? codeFromScan(scanned) : null;
  if (scanned && code === null) {
    check.fail("code", "code_format", "code must be a code, a code URL or a Digital Link");
  }
  check.done();
  return { code: code ?? "" };
}

/** Checks a physical prize's recipient, naming every broken field. */
function checkRecipient(check: InputCheck, value: unknown): PrizeRecipient {
  const raw = record(value);
  if (typeof value !== "object" || value === null) {
    check.fail("recipient", "required", "recipient must be an object with name, phone and address");
  }
  return {
    name: check.text("recipient.name", raw.name, { max: 30 }),
    phone: check.text("recipient.phone", raw.phone, {
      max: 11,
      pattern: MAINLAND_MOBILE,
      patternRule: "mobile_phone",
      patternMessage:
        "recipient.phone must be a mainland mobile number (11 digits starting with 1)",
    }),
    address: check.text("recipient.address", raw.address, { min: 5, max: 200 }),
  };
}

/**
 * Checks a claim's input. `physical` says whether the prize is physical:
 * then `recipient` (name 1-30, mainland mobile phone, address 5-200) is
 * required; for any other prize it must be absent.
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkClaimInput(input: unknown, physical = false): ClaimInput {
  const check = new InputCheck();
  const raw = record(input);
  const given = raw.recipient !== undefined && raw.recipient !== null;
  let recipient: PrizeRecipient | undefined;
  if (physical) {
    recipient = checkRecipient(check, raw.recipient);
  } else if (given) {
    check.fail("recipient", "not_allowed", "recipient is taken only for a physical prize");
  }
  check.done();
  return recipient ? { recipient } : {};
}

/**
 * Checks a shipment's input: courier (1-50) and tracking number (1-50).
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkShipmentInput(input: unknown): {
  readonly courier: string;
  readonly trackingNumber: string;
} {
  const check = new InputCheck();
  const raw = record(input);
  const courier = check.text("courier", raw.courier, { max: 50 });
  const trackingNumber = check.text("trackingNumber", raw.trackingNumber, { max: 50 });
  check.done();
  return { courier, trackingNumber };
}
