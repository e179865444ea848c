import { PRODUCTION_LIMITS, PRODUCTION_TASK_STATUSES } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { customFieldSchema, customFieldsInputSchema } from "./custom-field-schemas.js";
import { sealReferenceSchema } from "./ledger-schemas.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const L = PRODUCTION_LIMITS;
const id = (description: string) => boundedText({ min: 1, max: 64, description });
const text = (max: number, description: string) => boundedText({ max, description });

const lineFields = {
  name: boundedText({ min: 1, max: L.nameMax, description: `1-${L.nameMax} characters.` }),
  lineCode: text(L.lineCodeMax, "The factory's own line id."),
  workshop: text(L.workshopMax, "Workshop (车间)."),
  factory: text(L.factoryMax, "Factory (工厂)."),
  customFields: customFieldsInputSchema,
};

/** Body of `POST /v1/production-lines` (core's `ProductionLineInput`). */
export const newProductionLineSchema = z
  .strictObject({
    name: lineFields.name,
    lineCode: lineFields.lineCode.optional(),
    workshop: lineFields.workshop.optional(),
    factory: lineFields.factory.optional(),
    customFields: lineFields.customFields.optional(),
  })
  .register(openApiRegistry, {
    id: "NewProductionLine",
    description: "A production line (生产线).",
  });

/** Body of `PATCH /v1/production-lines/{lineId}` (core's `Partial<ProductionLineInput>`). */
export const productionLinePatchSchema = z
  .strictObject({
    name: lineFields.name.optional(),
    lineCode: lineFields.lineCode.optional(),
    workshop: lineFields.workshop.optional(),
    factory: lineFields.factory.optional(),
    customFields: lineFields.customFields.optional(),
  })
  .register(openApiRegistry, {
    id: "ProductionLinePatch",
    description: "Only the present fields change.",
  });

/** A production line as core returns it (core's `ProductionLine`). */
export const productionLineSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    name: z.string(),
    lineCode: z.string(),
    workshop: z.string(),
    factory: z.string(),
    customFields: z.array(customFieldSchema),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "ProductionLine", description: "A production line (生产线)." });

/** One page of production lines. */
export const productionLinePageSchema = pageSchema(productionLineSchema, "ProductionLinePage");

/** States of a production task (core's `ProductionTaskStatus`). */
export const productionTaskStatusSchema = z
  .enum(PRODUCTION_TASK_STATUSES)
  .register(openApiRegistry, {
    id: "ProductionTaskStatus",
    description:
      "`draft → effective → ineffective`. Effective tasks are shown on scan and never change again.",
  });

const taskFields = {
  name: boundedText({ min: 1, max: L.nameMax, description: `1-${L.nameMax} characters.` }),
  batchId: id("The trace batch the task produced."),
  lineId: id("The production line it ran on."),
  personInCharge: text(L.personInChargeMax, "Person in charge (负责人)."),
  executedAt: z.iso.datetime({ offset: true }).register(openApiRegistry, {
    description: "When the task was executed, ISO-8601 date-time.",
  }),
  customFields: customFieldsInputSchema,
};

/** Body of `POST /v1/production-tasks` (core's `ProductionTaskInput`). */
export const newProductionTaskSchema = z
  .strictObject({
    name: taskFields.name,
    batchId: taskFields.batchId,
    lineId: taskFields.lineId,
    personInCharge: taskFields.personInCharge.optional(),
    executedAt: taskFields.executedAt,
    customFields: taskFields.customFields.optional(),
  })
  .register(openApiRegistry, {
    id: "NewProductionTask",
    description: "A production task (生产任务); it starts as a `draft`.",
  });

/** Body of `PATCH /v1/production-tasks/{taskId}` (core's `Partial<ProductionTaskInput>`). */
export const productionTaskPatchSchema = z
  .strictObject({
    name: taskFields.name.optional(),
    batchId: taskFields.batchId.optional(),
    lineId: taskFields.lineId.optional(),
    personInCharge: taskFields.personInCharge.optional(),
    executedAt: taskFields.executedAt.optional(),
    customFields: taskFields.customFields.optional(),
  })
  .register(openApiRegistry, {
    id: "ProductionTaskPatch",
    description: "Only the present fields change; drafts only.",
  });

/** Line details frozen into an effective task (core's `ProductionLineSnapshot`). */
export const productionLineSnapshotSchema = z
  .strictObject({
    name: z.string(),
    lineCode: z.string(),
    workshop: z.string(),
    factory: z.string(),
  })
  .register(openApiRegistry, { id: "ProductionLineSnapshot" });

/** A production task as core returns it (core's `ProductionTask`). */
export const productionTaskSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    name: z.string(),
    batchId: z.string(),
    lineId: z.string(),
    personInCharge: z.string(),
    executedAt: z.string().register(openApiRegistry, { description: "ISO-8601 date-time." }),
    customFields: z.array(customFieldSchema),
    status: productionTaskStatusSchema,
    line: productionLineSnapshotSchema.nullable().register(openApiRegistry, {
      description: "The line as it was when the task became effective; `null` for drafts.",
    }),
    seal: sealReferenceSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "ProductionTask",
    description: "A production task (生产任务) of a trace batch on a production line.",
  });

/** One page of production tasks. */
export const productionTaskPageSchema = pageSchema(productionTaskSchema, "ProductionTaskPage");

/** Body of `POST /v1/production-tasks/{taskId}/status`. */
export const productionTaskStatusChangeSchema = z
  .strictObject({
    status: z.enum(["effective", "ineffective"]).register(openApiRegistry, {
      description: "`draft → effective` (snapshots the line) or `effective → ineffective`.",
    }),
  })
  .register(openApiRegistry, { id: "ProductionTaskStatusChange" });

/** Path parameters of `/v1/production-lines/{lineId}`. */
export const lineIdParams = z.strictObject({ lineId: recordIdParam("Id of the production line.") });

/** Path parameters of `/v1/production-tasks/{taskId}`. */
export const taskIdParams = z.strictObject({ taskId: recordIdParam("Id of the production task.") });

/** Query of `GET /v1/production-lines`. */
export const productionLineListQuery = z.strictObject({ ...pageQueryShape });

/** Query of `GET /v1/production-tasks`. */
export const productionTaskListQuery = z.strictObject({
  batchId: id("Only tasks of this trace batch.").optional(),
  lineId: id("Only tasks on this production line.").optional(),
  status: productionTaskStatusSchema.optional(),
  ...pageQueryShape,
});
