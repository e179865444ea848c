import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

/** Activity batch states (core's `ActivityBatchStatus`). */
export const activityBatchStatusSchema = z
  .enum(["inactive", "active", "frozen"])
  .register(openApiRegistry, {
    id: "ActivityBatchStatus",
    description: "`inactive → active ⇄ frozen`: only an active batch's codes lead to its campaign.",
  });

/** An activity batch (core's `ActivityBatch`). */
export const activityBatchSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    batchNumber: z.string(),
    campaignId: z.string(),
    merchantId: z.string(),
    productId: z.string(),
    remark: z.string(),
    status: activityBatchStatusSchema,
    packageIds: z.array(z.string()).register(openApiRegistry, {
      description: "The bound code packages, in binding order.",
    }),
    codeCount: z.int().register(openApiRegistry, { description: "Codes in the bound packages." }),
    activatedAt: timestampSchema.nullable(),
    version: z.int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "ActivityBatch",
    description:
      "An activity batch (活动批次): binds a campaign to a merchant's product and code packages; each code plays once, ever.",
  });

const id = (description: string) => boundedText({ min: 1, max: 100, description });
const batchNumber = boundedText({ min: 1, max: 50, description: "Unique within the tenant." });
const remark = boundedText({ max: 500 });

/** Body of `POST /v1/activity-batches` (core's `ActivityBatchInput`). */
export const newActivityBatchSchema = z
  .strictObject({
    batchNumber,
    campaignId: id("The campaign its codes lead to."),
    merchantId: id("The merchant whose packages it binds."),
    productId: id("A product of the merchant."),
    remark: remark.optional(),
  })
  .register(openApiRegistry, {
    id: "NewActivityBatch",
    description: "A new, inactive activity batch.",
  });

/** Body of `PATCH /v1/activity-batches/{batchId}` (core's `ActivityBatchPatch`). */
export const activityBatchPatchSchema = z
  .strictObject({
    batchNumber: batchNumber.optional(),
    campaignId: id("The campaign.").optional(),
    merchantId: id("The merchant.").optional(),
    productId: id("The product.").optional(),
    remark: remark.optional(),
  })
  .register(openApiRegistry, {
    id: "ActivityBatchPatch",
    description: "A change of an activity batch; once active or frozen only the remark changes.",
  });

/** Body of `POST /v1/activity-batches/{batchId}/copy`. */
export const activityBatchCopySchema = z.strictObject({ batchNumber }).register(openApiRegistry, {
  id: "ActivityBatchCopyInput",
  description: "The copy's batch number.",
});

/** Body of `POST /v1/activity-batches/{batchId}/packages`. */
export const activityBatchPackageSchema = z
  .strictObject({ packageId: id("A finished code package of the batch's merchant.") })
  .register(openApiRegistry, {
    id: "ActivityBatchPackageInput",
    description: "The code package to bind.",
  });

export const activityBatchPageSchema = pageSchema(activityBatchSchema, "ActivityBatchPage");
export const activityBatchListQuery = z.strictObject({
  campaignId: id("Only this campaign's batches.").optional(),
  merchantId: id("Only this merchant's batches.").optional(),
  productId: id("Only this product's batches.").optional(),
  status: activityBatchStatusSchema.optional(),
  ...pageQueryShape,
});
export const activityBatchIdParams = z.strictObject({
  batchId: recordIdParam("The activity batch's id."),
});
