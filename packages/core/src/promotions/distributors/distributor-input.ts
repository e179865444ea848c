import { InputCheck } from "../../kernel/input-check.js";
import { percentRate } from "../../kernel/rates.js";
import { normalizeMobileNumber } from "../../notifications/recipients.js";

/** The smallest withdrawal, minor units (§4.5: above 1.00 — 1.00 itself is allowed). */
export const MINIMUM_WITHDRAWAL = 100;

/** A percentage (0–100, at most two decimals) as stored, or an issue on `field`. */
function checkPercent(check: InputCheck, field: string, value: unknown): string {
  const text = typeof value === "number" || typeof value === "string" ? String(value).trim() : "";
  check.include(() => percentRate(text, field), null);
  if (!check.issues.some((issue) => issue.field === field) && !/^\d{1,3}(\.\d{1,2})?$/.test(text)) {
    check.fail(field, "percent_precision", `${field} must have at most two decimals`);
  }
  return text;
}

/** Checks `{ defaultRate }` of distribution settings. */
export function checkDistributorSettingsInput(input: { readonly defaultRate: string | number }): {
  defaultRate: string;
} {
  const check = new InputCheck();
  const defaultRate = checkPercent(check, "defaultRate", input?.defaultRate);
  check.done();
  return { defaultRate };
}

/** Checks an application's optional note (≤ 200 characters) and mobile number. */
export function checkApplicationInput(
  input: { readonly note?: string | null; readonly phone?: string | null } | undefined,
): { note: string | null; phone: string | null } {
  const check = new InputCheck();
  const note = check.optionalText("note", input?.note, { max: 200 });
  let phone: string | null = null;
  if (input?.phone !== undefined && input.phone !== null) {
    phone = normalizeMobileNumber(input.phone);
    if (phone === null) {
      check.fail(
        "phone",
        "mobile_number",
        "phone must be a mainland mobile number (11 digits starting 13-19, +86 allowed)",
      );
    }
  }
  check.done();
  return { note: note === "" ? null : note, phone };
}

/** Checks an approval's optional own rate. */
export function checkApprovalInput(input: { readonly rate?: string | number | null } | undefined): {
  rate: string | null;
} {
  if (input?.rate === undefined || input.rate === null) return { rate: null };
  const check = new InputCheck();
  const rate = checkPercent(check, "rate", input.rate);
  check.done();
  return { rate };
}

/** Checks a rejection's optional reason (≤ 200 characters). */
export function checkReasonInput(input: { readonly reason?: string | null } | undefined): {
  reason: string | null;
} {
  const check = new InputCheck();
  const reason = check.optionalText("reason", input?.reason, { max: 200 });
  check.done();
  return { reason: reason === "" ? null : reason };
}

/** Checks a withdrawal's amount: whole minor units, at least {@link MINIMUM_WITHDRAWAL}. */
export function checkWithdrawalInput(input: { readonly amount: number }): { amount: number } {
  const check = new InputCheck();
  const amount = input?.amount;
  if (typeof amount !== "number" || !Number.isSafeInteger(amount)) {
    check.fail("amount", "minor_units", "amount must be a whole number of minor units");
  } else if (amount < MINIMUM_WITHDRAWAL) {
    check.fail("amount", "min_withdrawal", `amount must be at least ${MINIMUM_WITHDRAWAL} (1.00)`);
  }
  check.done();
  return { amount: amount as number };
}
