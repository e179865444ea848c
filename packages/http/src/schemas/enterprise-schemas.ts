import { ENTERPRISE_LIMITS, SALES_REGION_PATTERN } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { customFieldSchema, customFieldsInputSchema } from "./custom-field-schemas.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const L = ENTERPRISE_LIMITS;
const id = (description: string) => boundedText({ min: 1, max: 64, description });

const fields = {
  name: boundedText({ min: 1, max: L.nameMax, description: `1-${L.nameMax} characters.` }),
  address: boundedText({ max: L.addressMax, description: `Up to ${L.addressMax} characters.` }),
  salesRegion: z
    .string()
    .min(1)
    .max(L.salesRegionMax)
    .regex(SALES_REGION_PATTERN)
    .register(openApiRegistry, {
      description: `Sales region (销售大区) code: 1-${L.salesRegionMax} letters, digits and \`-\`, e.g. \`CN-GD\`. Consumer scans from another region raise diversion alerts.`,
    }),
  socialCreditCode: z.string().max(18).nullable().register(openApiRegistry, {
    description:
      "Unified social credit code (统一社会信用代码): 18 characters with a valid GB 32100 check character; `null` for none.",
  }),
  gln: z.string().max(20).nullable().register(openApiRegistry, {
    description:
      "GS1 Global Location Number: 13 digits ending in their mod-10 check digit; `null` for none. EPCIS exports then name the enterprise `https://id.gs1.org/414/<gln>` (read point, business location) and `https://id.gs1.org/417/<gln>` (owning party).",
  }),
  customFields: customFieldsInputSchema,
};

/** Body of `POST /v1/enterprises/{enterpriseId}/siblings` (core's `Omit<NewEnterpriseInput, "parentId">`). */
export const newSiblingEnterpriseSchema = z
  .strictObject({
    name: fields.name,
    address: fields.address.optional(),
    salesRegion: fields.salesRegion,
    socialCreditCode: fields.socialCreditCode.optional(),
    gln: fields.gln.optional(),
    customFields: fields.customFields.optional(),
  })
  .register(openApiRegistry, {
    id: "NewSiblingEnterprise",
    description: "An enterprise added under the same parent as another one.",
  });

/** Body of `POST /v1/enterprises` (core's `NewEnterpriseInput`). */
export const newEnterpriseSchema = z
  .strictObject({
    parentId: id("The parent enterprise (add child); absent or `null` for a root.")
      .nullable()
      .optional(),
    name: fields.name,
    address: fields.address.optional(),
    salesRegion: fields.salesRegion,
    socialCreditCode: fields.socialCreditCode.optional(),
    gln: fields.gln.optional(),
    customFields: fields.customFields.optional(),
  })
  .register(openApiRegistry, {
    id: "NewEnterprise",
    description:
      "An enterprise (上下游企业) of the distribution tree: a root, or a child of `parentId`.",
  });

/** Body of `PATCH /v1/enterprises/{enterpriseId}` (core's `EnterprisePatchInput`). */
export const enterprisePatchSchema = z
  .strictObject({
    name: fields.name.optional(),
    address: fields.address.optional(),
    salesRegion: fields.salesRegion.optional(),
    socialCreditCode: fields.socialCreditCode.optional(),
    gln: fields.gln.optional(),
    customFields: fields.customFields.optional(),
  })
  .register(openApiRegistry, {
    id: "EnterprisePatch",
    description: "Only the present fields change; moving in the tree is `POST .../move`.",
  });

/** Body of `POST /v1/enterprises/{enterpriseId}/move`. */
export const enterpriseMoveSchema = z
  .strictObject({
    parentId: id("The new parent; `null` makes the enterprise a root.").nullable(),
  })
  .register(openApiRegistry, {
    id: "EnterpriseMove",
    description: "Moves the enterprise with its subtree; a move into its own subtree is refused.",
  });

/** An enterprise as core returns it (core's `Enterprise`). */
export const enterpriseSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    parentId: z
      .string()
      .nullable()
      .register(openApiRegistry, { description: "`null` for a root." }),
    ancestorIds: z.array(z.string()).register(openApiRegistry, {
      description: "Ids from the root down to the parent; empty for a root.",
    }),
    name: z.string(),
    address: z.string(),
    salesRegion: z.string(),
    socialCreditCode: z.string().nullable(),
    gln: z.string().nullable().register(openApiRegistry, {
      description: "GS1 Global Location Number, or `null`.",
    }),
    customFields: z.array(customFieldSchema),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "Enterprise",
    description:
      "An enterprise of the distribution tree (上下游企业): a factory, distributor or retailer of the brand.",
  });

/** One page of enterprises. */
export const enterprisePageSchema = pageSchema(enterpriseSchema, "EnterprisePage");

/** Path parameters of `/v1/enterprises/{enterpriseId}`. */
export const enterpriseIdParams = z.strictObject({
  enterpriseId: recordIdParam("Id of the enterprise."),
});

/** Query of `GET /v1/enterprises`. */
export const enterpriseListQuery = z.strictObject({
  parentId: id("List the children of this enterprise; the roots when absent.").optional(),
  ...pageQueryShape,
});
