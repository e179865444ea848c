import type { FreightTemplateRules } from "./freight-template.js";

/** A template as a merchant in Hangzhou would set it: 首重 1 kg 10.00, 续重 per 500 g 3.00. */
export function zhejiangTemplate(): FreightTemplateRules {
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
