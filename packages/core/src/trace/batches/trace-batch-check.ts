import { InputCheck } from "../../kernel/input-check.js";
import { addDays, isCalendarDate } from "../calendar-date.js";
import { checkCustomFields } from "../custom-field-check.js";
import { checkCountThresholds } from "../scans/scan-count-alert-check.js";
import { canonicalJson } from "../seals/canonical-json.js";
import type {
  NewTraceBatchInput,
  ScanTemplate,
  ScanTemplateKind,
  TraceBatch,
  TraceBatchPatchInput,
  TraceBatchStatus,
} from "./trace-batch.js";

/** Limits of trace batch fields. */
export const TRACE_BATCH_LIMITS = Object.freeze({
  batchNumberMax: 50,
  shelfLifeDaysMin: 1,
  shelfLifeDaysMax: 36_500,
  remarkMax: 500,
});

/** The scan-page templates. */
export const SCAN_TEMPLATE_KINDS: readonly ScanTemplateKind[] = ["basic", "identity", "brand"];

/** The batch states. */
export const TRACE_BATCH_STATUSES: readonly TraceBatchStatus[] = ["inactive", "active", "frozen"];

/** The template of a batch created without one. */
export const DEFAULT_SCAN_TEMPLATE: ScanTemplate = Object.freeze({
  kind: "basic",
  headerImage: null,
  brandVideo: null,
  showScanHistory: true,
  showAuthenticityCheck: true,
});

/** The fields a seal freezes: everything a batch update may change except the template. */
export const SEALED_BATCH_FIELDS = [
  "batchNumber",
  "productionDate",
  "shelfLifeDays",
  "expiryDate",
  "remark",
  "customFields",
] as const;

/** The fields of a batch that validation produces. */
export type TraceBatchFields = Pick<
  TraceBatch,
  (typeof SEALED_BATCH_FIELDS)[number] | "template" | "countAlert"
>;

function optionalUrl(check: InputCheck, field: string, value: unknown): string | null {
  return value === null ? null : check.url(field, value);
}

function flag(check: InputCheck, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") check.fail(field, "type", `${field} must be true or false`);
  return value === true;
}

/**
 * Checks a template input over `base` (the current template, or the
 * default): absent keys keep their value, except that a template that stops
 * being `brand` drops its brand video.
 */
export function checkTemplate(check: InputCheck, value: unknown, base: ScanTemplate): ScanTemplate {
  if (value === undefined) return base;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    check.fail("template", "type", "template must be an object");
    return base;
  }
  const input = value as Partial<Record<keyof ScanTemplate, unknown>>;
  const kind =
    input.kind === undefined
      ? base.kind
      : check.oneOf("template.kind", input.kind, SCAN_TEMPLATE_KINDS);
  const headerImage =
    input.headerImage === undefined
      ? base.headerImage
      : optionalUrl(check, "template.headerImage", input.headerImage);
  let brandVideo = kind === "brand" ? base.brandVideo : null;
  if (input.brandVideo !== undefined) {
    brandVideo = optionalUrl(check, "template.brandVideo", input.brandVideo);
    if (brandVideo !== null && kind !== "brand") {
      check.fail(
        "template.brandVideo",
        "brand_only",
        "template.brandVideo is only allowed with the brand template",
      );
    }
  }
  return {
    kind,
    headerImage,
    brandVideo,
    showScanHistory: flag(
      check,
      "template.showScanHistory",
      input.showScanHistory,
      base.showScanHistory,
    ),
    showAuthenticityCheck: flag(
      check,
      "template.showAuthenticityCheck",
      input.showAuthenticityCheck,
      base.showAuthenticityCheck,
    ),
  };
}

function checkBatchNumber(check: InputCheck, value: unknown): string {
  return check.text("batchNumber", value, { max: TRACE_BATCH_LIMITS.batchNumberMax });
}

function checkProductionDate(check: InputCheck, value: unknown): string {
  if (!isCalendarDate(value)) {
    check.fail(
      "productionDate",
      "date",
      "productionDate must be a real calendar date written YYYY-MM-DD",
    );
    return "2000-01-01";
  }
  return value;
}

function checkShelfLife(check: InputCheck, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const { shelfLifeDaysMin: min, shelfLifeDaysMax: max } = TRACE_BATCH_LIMITS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    check.fail("shelfLifeDays", "range", `shelfLifeDays must be an integer from ${min} to ${max}`);
    return null;
  }
  return value;
}

function checkRemark(check: InputCheck, value: unknown): string {
  return check.optionalText("remark", value, { max: TRACE_BATCH_LIMITS.remarkMax });
}

/** `productionDate + shelfLifeDays`, or `null` without a shelf life. */
export function expiryDateOf(productionDate: string, shelfLifeDays: number | null): string | null {
  return shelfLifeDays === null ? null : addDays(productionDate, shelfLifeDays);
}

/** Validates a new batch; throws `VALIDATION_FAILED` listing every issue. */
export function checkNewTraceBatch(
  input: NewTraceBatchInput,
): TraceBatchFields & { productId: string } {
  const check = new InputCheck();
  const batchNumber = checkBatchNumber(check, input?.batchNumber);
  const productId = check.text("productId", input?.productId, { max: 64 });
  const productionDate = checkProductionDate(check, input?.productionDate);
  const shelfLifeDays = checkShelfLife(check, input?.shelfLifeDays);
  const remark = checkRemark(check, input?.remark);
  const customFields = checkCustomFields(check, input?.customFields);
  const template = checkTemplate(check, input?.template, DEFAULT_SCAN_TEMPLATE);
  const countAlert =
    input?.countAlert === undefined ? null : checkCountThresholds(check, input.countAlert);
  check.done();
  const expiryDate = expiryDateOf(productionDate, shelfLifeDays);
  return {
    batchNumber,
    productId,
    productionDate,
    shelfLifeDays,
    expiryDate,
    remark,
    customFields,
    template,
    countAlert,
  };
}

/**
 * Validates a patch against the current batch; returns only the fields
 * whose value changes (so resending unchanged sealed fields is no edit).
 * A new production date or shelf life recomputes the expiry date.
 */
export function checkTraceBatchPatch(
  input: TraceBatchPatchInput,
  current: TraceBatchFields,
): Partial<TraceBatchFields> {
  const check = new InputCheck();
  const next: { -readonly [K in keyof TraceBatchFields]: TraceBatchFields[K] } = {
    batchNumber: current.batchNumber,
    productionDate: current.productionDate,
    shelfLifeDays: current.shelfLifeDays,
    expiryDate: current.expiryDate,
    remark: current.remark,
    customFields: current.customFields,
    template: current.template,
    countAlert: current.countAlert,
  };
  if (input?.batchNumber !== undefined)
    next.batchNumber = checkBatchNumber(check, input.batchNumber);
  if (input?.productionDate !== undefined)
    next.productionDate = checkProductionDate(check, input.productionDate);
  if (input?.shelfLifeDays !== undefined)
    next.shelfLifeDays = checkShelfLife(check, input.shelfLifeDays);
  if (input?.remark !== undefined) next.remark = checkRemark(check, input.remark);
  if (input?.customFields !== undefined)
    next.customFields = checkCustomFields(check, input.customFields);
  next.template = checkTemplate(check, input?.template, current.template);
  if (input?.countAlert !== undefined) {
    next.countAlert = checkCountThresholds(check, input.countAlert);
  }
  check.done();
  next.expiryDate = expiryDateOf(next.productionDate, next.shelfLifeDays);
  const changed: Partial<Record<keyof TraceBatchFields, unknown>> = {};
  for (const key of Object.keys(next) as Array<keyof TraceBatchFields>) {
    if (canonicalJson(next[key]) !== canonicalJson(current[key])) changed[key] = next[key];
  }
  return changed as Partial<TraceBatchFields>;
}

/**
 * A batch to check patches against when the batch is not at hand: a `brand`
 * template, so only a patch that names another kind itself can break the
 * brand-video rule.
 */
const UNKNOWN_BATCH: TraceBatchFields = Object.freeze({
  batchNumber: "",
  productionDate: "2000-01-01",
  shelfLifeDays: null,
  expiryDate: null,
  remark: "",
  customFields: [],
  template: { ...DEFAULT_SCAN_TEMPLATE, kind: "brand" as const },
  countAlert: null,
});

/**
 * Checks a batch patch by the rules that do not depend on the batch: each
 * present field's own rules. `traceBatches.update` checks the rest against
 * the current batch. Throws `VALIDATION_FAILED` listing every issue.
 */
export function checkTraceBatchPatchFields(input: TraceBatchPatchInput): void {
  checkTraceBatchPatch(input, UNKNOWN_BATCH);
}
