import { toSafeInteger } from "../../kernel/decimal.js";
import { OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { type Money, money } from "../../kernel/money.js";
import {
  FREIGHT_TEMPLATE_LIMITS,
  type FreightTemplateRules,
  REGION_CODE_PATTERN,
  type WeightPricing,
} from "./freight-template.js";

/** How the buyer receives the goods: shipped by the courier, or picked up (自提). */
export const DELIVERY_METHODS = Object.freeze(["express", "self_pickup"] as const);

/** One of {@link DELIVERY_METHODS}. */
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** What a shipping price depends on. */
export interface FreightQuoteInput {
  /** Total weight of the parcel in grams, an integer from 0. */
  readonly weightGrams: number;
  /** ISO 3166-2 code of the delivery region, e.g. `CN-ZJ`. */
  readonly regionCode: string;
  /** `express` or `self_pickup`. */
  readonly deliveryMethod: DeliveryMethod;
}

/** A freight template's rules with, when it is stored, its id (named in refusals). */
export type PricedFreightTemplate = FreightTemplateRules & { readonly id?: string };

/**
 * Checks a quote input, reporting every broken rule as `VALIDATION_FAILED`.
 *
 * @returns the input, typed.
 */
export function checkFreightQuote(input: unknown): FreightQuoteInput {
  const check = new InputCheck();
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const { weightGrams } = raw;
  if (typeof weightGrams !== "number" || !Number.isSafeInteger(weightGrams)) {
    check.fail("weightGrams", "integer", "weightGrams must be an integer number of grams");
  } else if (weightGrams < 0 || weightGrams > FREIGHT_TEMPLATE_LIMITS.weightGramsMax) {
    check.fail(
      "weightGrams",
      "range",
      `weightGrams must be between 0 and ${FREIGHT_TEMPLATE_LIMITS.weightGramsMax}`,
    );
  }
  const regionCode = check.text("regionCode", raw.regionCode, {
    max: 6,
    pattern: REGION_CODE_PATTERN,
    patternRule: "region_code",
    patternMessage: "regionCode must be an upper-case ISO 3166-2 code such as CN-ZJ",
  });
  const deliveryMethod = check.oneOf("deliveryMethod", raw.deliveryMethod, DELIVERY_METHODS);
  check.done();
  return { weightGrams: weightGrams as number, regionCode, deliveryMethod };
}

/**
 * The price of `weightGrams` under one pricing, in minor units: the first
 * price covers up to the first weight (a parcel of 0 g included), and every
 * started additional step costs a step price, so 1 g over is a whole step.
 * Exact: computed in bigint and refused if it leaves the safe integer range.
 */
export function weightPrice(pricing: WeightPricing, weightGrams: number): number {
  const first = BigInt(pricing.firstPrice);
  const over = BigInt(weightGrams) - BigInt(pricing.firstWeightGrams);
  if (over <= 0n) return toSafeInteger(first, "weightGrams");
  const step = BigInt(pricing.additionalWeightGrams);
  const steps = (over + step - 1n) / step;
  return toSafeInteger(first + steps * BigInt(pricing.additionalPrice), "weightGrams");
}

/**
 * The shipping price of a parcel under a freight template: 0 for self
 * pickup; otherwise the pricing of the region rule listing `regionCode`, or
 * the template's default, applied to the weight with partial steps rounded
 * up (see {@link weightPrice}).
 *
 * Throws `VALIDATION_FAILED` for bad input, `SELF_PICKUP_NOT_OFFERED` when
 * the template does not allow pickup, and `REGION_NOT_DELIVERED` when the
 * region is one the template does not deliver to.
 *
 * @example
 * ```ts
 * const price = freightFor(template, { weightGrams: 2300, regionCode: "CN-ZJ", deliveryMethod: "express" });
 * ```
 */
export function freightFor(template: PricedFreightTemplate, input: FreightQuoteInput): Money {
  const quote = checkFreightQuote(input);
  const templateDetail = template.id === undefined ? {} : { templateId: template.id };
  if (quote.deliveryMethod === "self_pickup") {
    if (!template.selfPickup) {
      throw new OneCodeError(
        "SELF_PICKUP_NOT_OFFERED",
        "the freight template does not offer self pickup",
        templateDetail,
      );
    }
    return money(0, template.currency);
  }
  if (template.undeliveredRegions.includes(quote.regionCode)) {
    throw new OneCodeError(
      "REGION_NOT_DELIVERED",
      `the freight template does not deliver to ${quote.regionCode}`,
      { regionCode: quote.regionCode, ...templateDetail },
    );
  }
  const rule = template.regionRules.find((candidate) =>
    candidate.regionCodes.includes(quote.regionCode),
  );
  return money(
    weightPrice(rule?.pricing ?? template.pricing, quote.weightGrams),
    template.currency,
  );
}
