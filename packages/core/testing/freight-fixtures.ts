import type { FreightTemplateRules } from "../src/orders/freight/freight-template.js";
import type { FreightTemplate } from "../src/orders/freight/ports.js";
import { freshId } from "./fixtures.js";

/** A template as a merchant in Hangzhou would set it: 首重 1 kg 10.00, 续重 per 500 g 3.00. */
export function freightTemplateRules(): FreightTemplateRules {
  return {
    name: "Standard parcel",
    courier: "SF Express",
    currency: "CNY",
    pricing: {
      firstWeightGrams: 1000,
      firstPrice: 1000,
      additionalWeightGrams: 500,
      additionalPrice: 300,
    },
    regionRules: [
      {
        regionCodes: ["CN-ZJ", "CN-SH"],
        pricing: {
          firstWeightGrams: 1000,
          firstPrice: 600,
          additionalWeightGrams: 1000,
          additionalPrice: 200,
        },
      },
    ],
    undeliveredRegions: ["CN-XZ"],
    selfPickup: true,
  };
}

/** A complete stored template of `tenantId` with {@link freightTemplateRules}, for repository-level tests. */
export function freightTemplateRecord(tenantId: string, id = freshId("ft")): FreightTemplate {
  return {
    id,
    tenantId,
    ...freightTemplateRules(),
    createdAt: "2026-05-01T00:00:00.000Z",
    updatedAt: "2026-05-01T00:00:00.000Z",
  };
}
