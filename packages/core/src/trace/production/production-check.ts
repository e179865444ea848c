import { checkPatchWith, InputCheck } from "../../kernel/input-check.js";
import { normalizeDateTime } from "../calendar-date.js";
import { checkCustomFields } from "../custom-field-check.js";
import type {
  ProductionLine,
  ProductionLineInput,
  ProductionTask,
  ProductionTaskInput,
  ProductionTaskStatus,
} from "./production.js";

/** Limits of production line and task fields. */
export const PRODUCTION_LIMITS = Object.freeze({
  nameMax: 50,
  lineCodeMax: 50,
  workshopMax: 50,
  factoryMax: 50,
  personInChargeMax: 50,
});

/** The task states. */
export const PRODUCTION_TASK_STATUSES: readonly ProductionTaskStatus[] = [
  "draft",
  "effective",
  "ineffective",
];

/** The fields of a line that validation produces. */
export type ProductionLineFields = Pick<
  ProductionLine,
  "name" | "lineCode" | "workshop" | "factory" | "customFields"
>;

/** The fields of a task that validation produces. */
export type ProductionTaskFields = Pick<
  ProductionTask,
  "name" | "batchId" | "lineId" | "personInCharge" | "executedAt" | "customFields"
>;

/** Validates a whole line input; throws `VALIDATION_FAILED` listing every issue. */
export function checkProductionLine(input: ProductionLineInput): ProductionLineFields {
  const check = new InputCheck();
  const fields = {
    name: check.text("name", input?.name, { max: PRODUCTION_LIMITS.nameMax }),
    lineCode: check.optionalText("lineCode", input?.lineCode, {
      max: PRODUCTION_LIMITS.lineCodeMax,
    }),
    workshop: check.optionalText("workshop", input?.workshop, {
      max: PRODUCTION_LIMITS.workshopMax,
    }),
    factory: check.optionalText("factory", input?.factory, { max: PRODUCTION_LIMITS.factoryMax }),
    customFields: checkCustomFields(check, input?.customFields),
  };
  check.done();
  return fields;
}

/**
 * Validates a whole task input; `executedAt` is stored as the UTC instant
 * `toISOString()` writes (`2026-05-01T08:30:00+08:00` → `2026-05-01T00:30:00.000Z`).
 */
export function checkProductionTask(input: ProductionTaskInput): ProductionTaskFields {
  const check = new InputCheck();
  const name = check.text("name", input?.name, { max: PRODUCTION_LIMITS.nameMax });
  const batchId = check.text("batchId", input?.batchId, { max: 64 });
  const lineId = check.text("lineId", input?.lineId, { max: 64 });
  const personInCharge = check.optionalText("personInCharge", input?.personInCharge, {
    max: PRODUCTION_LIMITS.personInChargeMax,
  });
  const executedAt = normalizeDateTime(input?.executedAt);
  if (executedAt === null) {
    check.fail(
      "executedAt",
      "date_time",
      "executedAt must be an ISO-8601 date-time with a time zone, e.g. 2026-05-01T08:30:00+08:00",
    );
  }
  const customFields = checkCustomFields(check, input?.customFields);
  check.done();
  return {
    name,
    batchId,
    lineId,
    personInCharge,
    executedAt: executedAt as string,
    customFields,
  };
}

/** Checks the fields a production line patch holds by the rules of {@link checkProductionLine}. */
export function checkProductionLinePatch(input: Partial<ProductionLineInput>): void {
  checkPatchWith(checkProductionLine, input);
}

/** Checks the fields a production task patch holds by the rules of {@link checkProductionTask}. */
export function checkProductionTaskPatch(input: Partial<ProductionTaskInput>): void {
  checkPatchWith(checkProductionTask, input);
}
