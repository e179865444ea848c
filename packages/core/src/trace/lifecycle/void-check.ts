import { InputCheck } from "../../kernel/input-check.js";
import {
  RECALL_REASONS,
  type RecallReason,
  VOID_REASONS,
  type VoidCodesInput,
  type VoidReason,
} from "./code-lifecycle.js";

/** Limits of void and recall requests. */
export const VOID_LIMITS = Object.freeze({ noteMax: 500, consumerMessageMax: 200 });

/** A checked void or recall request: which codes, and what to record. */
export interface CheckedVoid {
  readonly kind: "void" | "recall";
  readonly reason: VoidReason | RecallReason;
  readonly target:
    | { readonly code: string }
    | { readonly packageId: string; readonly fromSerial: number; readonly toSerial: number };
  readonly note: string;
  readonly consumerMessage: string | null;
}

function serial(check: InputCheck, field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    check.fail(field, "range", `${field} must be a whole number from 1`);
    return 1;
  }
  return value;
}

/**
 * Checks a void or recall request: `kind`, a `reason` of that kind, either
 * `code` or `packageId` with `fromSerial` ≤ `toSerial` (whether the serials
 * exist is checked against the package later), a note and an optional
 * consumer message. Throws `VALIDATION_FAILED` listing every issue.
 */
export function checkVoidInput(input: VoidCodesInput): CheckedVoid {
  const check = new InputCheck();
  const value = (input ?? {}) as Partial<VoidCodesInput>;
  const kind = check.oneOf("kind", value.kind, ["void", "recall"] as const);
  const reasons: readonly (VoidReason | RecallReason)[] =
    kind === "recall" ? RECALL_REASONS : VOID_REASONS;
  const reason = check.oneOf("reason", value.reason, reasons);
  const note = check.optionalText("note", value.note, { max: VOID_LIMITS.noteMax });
  const message = check.optionalText("consumerMessage", value.consumerMessage, {
    max: VOID_LIMITS.consumerMessageMax,
  });
  const byRange = [value.packageId, value.fromSerial, value.toSerial].some((v) => v !== undefined);
  let target: CheckedVoid["target"] = { code: "" };
  if (value.code !== undefined && byRange) {
    check.fail("code", "one_target", "give either code or packageId with fromSerial and toSerial");
  } else if (byRange) {
    const packageId = check.text("packageId", value.packageId, { max: 100 });
    const fromSerial = serial(check, "fromSerial", value.fromSerial);
    const toSerial = serial(check, "toSerial", value.toSerial);
    if (toSerial < fromSerial) {
      check.fail("toSerial", "range", "toSerial must not be below fromSerial");
    }
    target = { packageId, fromSerial, toSerial };
  } else {
    target = { code: check.text("code", value.code, { max: 2000 }) };
  }
  check.done();
  return { kind, reason, target, note, consumerMessage: message === "" ? null : message };
}
