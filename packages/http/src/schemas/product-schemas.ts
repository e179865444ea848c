import { PRODUCT_LIMITS } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const merchantId = boundedText({ min: 1, max: 64, description: "Id of the owning merchant." });
const name = boundedText({
  min: 1,
  max: PRODUCT_LIMITS.nameMax,
  description: `1-${PRODUCT_LIMITS.nameMax} characters.`,
});
const images = z
  .array(boundedText({ min: 1, max: 500 }))
  .max(PRODUCT_LIMITS.imagesMax)
  .register(openApiRegistry, {
    description: `Up to ${PRODUCT_LIMITS.imagesMax} absolute http(s) image URLs, in display order.`,
  });
const specification = boundedText({
  max: PRODUCT_LIMITS.specificationMax,
  description: "e.g. `500g/bottle`.",
});
const description = boundedText({ max: PRODUCT_LIMITS.descriptionMax });
const gtin = z.string().max(14).nullable().register(openApiRegistry, {
  description:
    'GS1 GTIN-8/12/13/14 with a valid check digit, unique within the tenant; `null` or `""` for none.',
});

/** Body of `POST /v1/products` (core's `NewProductInput`). */
export const newProductSchema = z
  .strictObject({
    merchantId,
    name,
    images: images.optional(),
    specification: specification.optional(),
    description: description.optional(),
    gtin: gtin.optional(),
  })
  .register(openApiRegistry, { id: "NewProduct" });

/** Body of `PATCH /v1/products/{productId}` (core's `ProductPatchInput`). */
export const productPatchSchema = z
  .strictObject({
    name: name.optional(),
    images: images.optional(),
    specification: specification.optional(),
    description: description.optional(),
    gtin: gtin.optional(),
    merchantId: merchantId.optional(),
  })
  .register(openApiRegistry, {
    id: "ProductPatch",
    description:
      "Only the present fields change. `merchantId` is accepted only when equal to the current value.",
  });

/** A product as core returns it (core's `Product`). */
export const productSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    merchantId: z.string(),
    name: z.string(),
    images: z.array(z.string()),
    specification: z.string(),
    description: z.string(),
    gtin: z.string().nullable(),
    boundCodeCount: z.int().nonnegative().register(openApiRegistry, {
      description: "Codes bound to the product; while above zero it cannot be deleted.",
    }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "Product", description: "A product (商品) of a merchant." });

/** One page of products. */
export const productPageSchema = pageSchema(productSchema, "ProductPage");

/** Path parameters of `/v1/products/{productId}`. */
export const productIdParams = z.strictObject({ productId: recordIdParam("Id of the product.") });

/** Query of `GET /v1/products`. */
export const productListQuery = z.strictObject({
  merchantId: boundedText({
    min: 1,
    max: 64,
    description: "Only products of this merchant.",
  }).optional(),
  ...pageQueryShape,
});
