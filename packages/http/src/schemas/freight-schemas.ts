import { DELIVERY_METHODS, FREIGHT_TEMPLATE_LIMITS } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const L = FREIGHT_TEMPLATE_LIMITS;

// Core checks ranges, region code format and duplicates itself, so a bad
// value fails with core's field and rule; the schema gives the shape.
const grams = (description: string) => z.number().int().register(openApiRegistry, { description });
const minorUnits = (description: string) =>
  z.number().int().register(openApiRegistry, { description });
const regionCode = z.string().max(6).register(openApiRegistry, {
  description: "Upper-case ISO 3166-2 region code, e.g. `CN-ZJ`, or a country code such as `CN`.",
});

/** Weight pricing (首重 + 续重), core's `WeightPricing`. */
export const weightPricingSchema = z
  .strictObject({
    firstWeightGrams: grams(`Weight the first price covers, 1-${L.weightGramsMax} g.`),
    firstPrice: minorUnits(`Price of the first weight in minor units, 0-${L.priceMax}.`),
    additionalWeightGrams: grams(`Size of each additional step, 1-${L.weightGramsMax} g.`),
    additionalPrice: minorUnits(
      `Price of each started additional step in minor units, 0-${L.priceMax}.`,
    ),
  })
  .register(openApiRegistry, {
    id: "WeightPricing",
    description: "First weight and its price, then a price per started additional step.",
  });

const regionRuleSchema = z
  .strictObject({
    regionCodes: z.array(regionCode).max(L.regionCodesPerRuleMax),
    pricing: weightPricingSchema,
  })
  .register(openApiRegistry, {
    id: "FreightRegionRule",
    description: "Pricing replacing the default for the listed regions.",
  });

const rulesShape = {
  name: boundedText({ min: 1, max: L.nameMax, description: "Display name." }),
  courier: boundedText({ min: 1, max: L.courierMax, description: "The courier shipped with." }),
  currency: z.string().max(3).register(openApiRegistry, {
    description: "ISO 4217 currency of every price, e.g. `CNY`.",
  }),
  pricing: weightPricingSchema,
  regionRules: z.array(regionRuleSchema).max(L.regionRulesMax),
  undeliveredRegions: z.array(regionCode).max(L.undeliveredRegionsMax).register(openApiRegistry, {
    description: "Regions not delivered to; a quote for one is `REGION_NOT_DELIVERED`.",
  }),
  selfPickup: z.boolean().register(openApiRegistry, {
    description: "Whether buyers may pick up (自提), which costs nothing.",
  }),
};

/** Body of `POST /v1/freight-templates` and `PUT /v1/freight-templates/{templateId}`. */
export const freightTemplateRulesSchema = z.strictObject(rulesShape).register(openApiRegistry, {
  id: "FreightTemplateRules",
  description: "Every rule of a freight template (运费模板); an update replaces them all.",
});

/** A stored freight template (core's `FreightTemplate`). */
export const freightTemplateSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    ...rulesShape,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "FreightTemplate", description: "A freight template." });

/** One page of freight templates. */
export const freightTemplatePageSchema = pageSchema(freightTemplateSchema, "FreightTemplatePage");

/** Query of `GET /v1/freight-templates`. */
export const freightTemplateListQuery = z.strictObject({ ...pageQueryShape });

/** Path parameters of `/v1/freight-templates/{templateId}`. */
export const templateIdParams = z.strictObject({
  templateId: recordIdParam("Id of the freight template."),
});

/** Body of `POST /v1/freight-templates/{templateId}/quote` (core's `FreightQuoteInput`). */
export const freightQuoteSchema = z
  .strictObject({
    weightGrams: grams(`Weight of the parcel, 0-${L.weightGramsMax} g.`),
    regionCode,
    deliveryMethod: z.enum(DELIVERY_METHODS),
  })
  .register(openApiRegistry, {
    id: "FreightQuoteInput",
    description: "What the shipping price depends on.",
  });
