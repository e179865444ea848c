import { CODE_SOURCES, MERCHANT_LIMITS } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

/** Where a merchant's codes come from (core's `CodeSource`). */
export const codeSourceSchema = z.enum(CODE_SOURCES).register(openApiRegistry, {
  id: "CodeSource",
  description:
    "`platform`: OneCode generates the codes. `external`: codes are uploaded and must start with a registered URL prefix. Fixed at creation.",
});

const name = boundedText({
  min: 1,
  max: MERCHANT_LIMITS.nameMax,
  description: `1-${MERCHANT_LIMITS.nameMax} characters.`,
});
const remark = boundedText({
  max: MERCHANT_LIMITS.remarkMax,
  description: `Up to ${MERCHANT_LIMITS.remarkMax} characters.`,
});
const urlPrefixes = z
  .array(boundedText({ min: 1, max: MERCHANT_LIMITS.prefixMax }))
  .min(1)
  .max(MERCHANT_LIMITS.prefixesMax)
  .register(openApiRegistry, {
    description: `1-${MERCHANT_LIMITS.prefixesMax} distinct absolute http(s) URLs, each ending in \`/\` or \`=\`; the QR content of a code is prefix + code.`,
  });

/** Body of `POST /v1/merchants` (core's `NewMerchantInput`). */
export const newMerchantSchema = z
  .strictObject({ name, remark: remark.optional(), codeSource: codeSourceSchema, urlPrefixes })
  .register(openApiRegistry, { id: "NewMerchant" });

/** Body of `PATCH /v1/merchants/{merchantId}` (core's `MerchantPatchInput`). */
export const merchantPatchSchema = z
  .strictObject({
    name: name.optional(),
    remark: remark.optional(),
    urlPrefixes: urlPrefixes.optional(),
    codeSource: codeSourceSchema.optional(),
  })
  .register(openApiRegistry, {
    id: "MerchantPatch",
    description:
      "Only the present fields change. `codeSource` is accepted only when equal to the current value.",
  });

/** A merchant as core returns it (core's `Merchant`). */
export const merchantSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    name: z.string(),
    remark: z.string(),
    codeSource: codeSourceSchema,
    urlPrefixes: z.array(z.string()),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "Merchant", description: "A merchant (商户) of the tenant." });

/** One page of merchants. */
export const merchantPageSchema = pageSchema(merchantSchema, "MerchantPage");

/** Path parameters of `/v1/merchants/{merchantId}`. */
export const merchantIdParams = z.strictObject({
  merchantId: recordIdParam("Id of the merchant."),
});

/** Query of `GET /v1/merchants`. */
export const merchantListQuery = z.strictObject({ ...pageQueryShape });
