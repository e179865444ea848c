import { InputCheck } from "../input-check.js";
import type { AuditTarget } from "./audit-entry.js";
import { AUDIT_FILTER_TEXT_MAX, AUDIT_TARGET_TYPE_MAX } from "./audit-filter-check.js";

/** Dotted lower-case words, module first: `promotions.flash_sale.paused`. */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** A host module's change as {@link AuditService.record} takes it. */
export interface AuditChangeInput {
  /** Dotted `module.record.verb`, e.g. `promotions.flash_sale.paused`. */
  readonly action: string;
  readonly target: AuditTarget;
  /** Each changed field's value before and after; secrets are redacted and long values cut. */
  readonly changes: Readonly<
    Record<string, { readonly before?: unknown; readonly after?: unknown }>
  >;
}

/** Checks a host module's audit change, reporting every broken rule at once (`VALIDATION_FAILED`). */
export function checkAuditChange(input: AuditChangeInput): void {
  const check = new InputCheck();
  check.text("action", input?.action, {
    max: AUDIT_FILTER_TEXT_MAX,
    pattern: AUDIT_ACTION_PATTERN,
    patternRule: "audit_action_format",
    patternMessage: 'action must be dotted lower-case words such as "promotions.flash_sale.paused"',
  });
  check.text("target.type", input?.target?.type, { max: AUDIT_TARGET_TYPE_MAX });
  check.text("target.id", input?.target?.id, { max: AUDIT_FILTER_TEXT_MAX });
  const changes = input?.changes;
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) {
    check.fail("changes", "object", "changes must map field names to { before, after }");
  } else {
    for (const [field, change] of Object.entries(changes)) {
      if (typeof change !== "object" || change === null || Array.isArray(change)) {
        check.fail(`changes.${field}`, "object", `changes.${field} must be { before?, after? }`);
      }
    }
  }
  check.done();
}
