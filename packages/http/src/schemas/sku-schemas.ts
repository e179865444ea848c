import { SKU_LIMITS as L, STOCK_POLICIES } from "@onecode/core/input-rules";
import { z } from "zod";
import { recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { moneySchema } from "./print-order-schemas.js";

// Core checks ranges, uniqueness and the combinations itself, so a bad
// value fails with core's field and rule; the schema gives the shape.
const count = (description: string) => z.int().register(openApiRegistry, { description });

/** When stock is taken (core's `StockPolicy`). */
export const stockPolicySchema = z.enum(STOCK_POLICIES).register(openApiRegistry, {
  id: "StockPolicy",
  description:
    "`reserve_on_create`: stock is taken when the order is created (risk: malicious holds); `reserve_on_pay`: when it is paid (risk: oversell, refunded automatically).",
});

/** One spec dimension (core's `SpecDimension`). */
export const specDimensionSchema = z
  .strictObject({
    name: boundedText({ min: 1, max: L.dimensionNameMax, description: "e.g. `colour`." }),
    values: z
      .array(boundedText({ min: 1, max: L.valueMax }))
      .max(L.valuesMax)
      .register(openApiRegistry, { description: `1-${L.valuesMax} unique values.` }),
  })
  .register(openApiRegistry, {
    id: "SpecDimension",
    description: "A spec dimension (规格) and its values, e.g. colour: red, blue.",
  });

const specSchema = z.record(z.string(), z.string()).register(openApiRegistry, {
  description: "Dimension name → value, naming every dimension once; `{}` without dimensions.",
});
const code = boundedText({
  min: 1,
  max: L.codeMax,
  description: "SKU code, unique within the tenant, without spaces.",
});
const price = count(`Integer minor units of the tenant's currency, 0-${L.priceMax}.`);
const weightGrams = count(`Grams per unit, 0-${L.weightGramsMax}.`);
const lowStockThreshold = z.int().nullable().register(openApiRegistry, {
  description:
    "A take leaving stock at or below this raises a `sku.stock_low` event (once per crossing); `null` for none.",
});
const stock = count(`Units on hand, 0-${L.stockMax}.`);

/** One SKU of a configuration (core's `SkuInput`). */
export const skuInputSchema = z
  .strictObject({
    spec: specSchema,
    code,
    price,
    stock,
    weightGrams,
    lowStockThreshold: lowStockThreshold.optional(),
  })
  .register(openApiRegistry, { id: "SkuInput", description: "One SKU to create." });

/** Body of `PUT /v1/products/{productId}/skus` (core's `SkuConfigurationInput`). */
export const skuConfigurationSchema = z
  .strictObject({
    policy: stockPolicySchema,
    dimensions: z.array(specDimensionSchema).max(L.dimensionsMax),
    skus: z.array(skuInputSchema).max(L.skusPerProductMax),
  })
  .register(openApiRegistry, {
    id: "SkuConfiguration",
    description: `The product's stock policy, 0-${L.dimensionsMax} spec dimensions and one SKU per combination of their values (at most ${L.skusPerProductMax}). On a product with SKUs: the same dimensions with values only added, and the SKUs of the new combinations only.`,
  });

/** A SKU (core's `Sku`). */
export const skuSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    productId: z.string(),
    code: z.string(),
    spec: specSchema,
    price: moneySchema,
    stock: z.int(),
    weightGrams: z.int(),
    lowStockThreshold: z.int().nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "Sku",
    description: "A stock keeping unit: one combination of the product's spec values.",
  });

/** Answer of `PUT /v1/products/{productId}/skus`: every SKU of the product, oldest first. */
export const skuListSchema = z
  .strictObject({ items: z.array(skuSchema) })
  .register(openApiRegistry, { id: "SkuList", description: "A product's SKUs, oldest first." });

/** A product's SKU settings and SKUs (core's `ProductSkus`). */
export const productSkusSchema = z
  .strictObject({
    productId: z.string(),
    policy: stockPolicySchema.nullable(),
    dimensions: z.array(specDimensionSchema),
    skus: z.array(skuSchema),
    updatedAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, {
    id: "ProductSkus",
    description:
      "A product's stock policy, spec dimensions and SKUs; `policy` is `null` until configured.",
  });

/** A product's SKU settings (core's `SkuSettings`). */
export const skuSettingsSchema = z
  .strictObject({
    tenantId: z.string(),
    productId: z.string(),
    policy: stockPolicySchema,
    dimensions: z.array(specDimensionSchema),
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "SkuSettings", description: "A product's SKU settings." });

/** Body of `PATCH /v1/skus/{skuId}` (core's `SkuPatchInput`). */
export const skuPatchSchema = z
  .strictObject({
    code: code.optional(),
    price: price.optional(),
    weightGrams: weightGrams.optional(),
    lowStockThreshold: lowStockThreshold.optional(),
  })
  .register(openApiRegistry, { id: "SkuPatch", description: "Only the present fields change." });

/** Body of `PUT /v1/skus/{skuId}/stock`. */
export const skuStockSchema = z.strictObject({ stock }).register(openApiRegistry, {
  id: "SkuStock",
  description: "A staff count of the units on hand.",
});

/** Body of `PUT /v1/products/{productId}/stock-policy`. */
export const stockPolicyBodySchema = z
  .strictObject({ policy: stockPolicySchema })
  .register(openApiRegistry, {
    id: "StockPolicyInput",
    description: "The product's new stock policy.",
  });

/** Path parameters of `/v1/skus/{skuId}`. */
export const skuIdParams = z.strictObject({ skuId: recordIdParam("Id of the SKU.") });

/** Path parameters of `/v1/products/{productId}/skus`. */
export const skuProductParams = z.strictObject({
  productId: recordIdParam("Id of the product."),
});
