import { InputCheck } from "../../kernel/input-check.js";

/**
 * Weight-based pricing (首重 + 续重): the first `firstWeightGrams` cost
 * `firstPrice`; every further started `additionalWeightGrams` costs
 * `additionalPrice`. Prices are integer minor units in the template's currency.
 */
export interface WeightPricing {
  /** Weight the first price covers (首重), in grams, at least 1. */
  readonly firstWeightGrams: number;
  /** Price of the first weight, integer minor units, at least 0. */
  readonly firstPrice: number;
  /** Size of each additional step (续重), in grams, at least 1. */
  readonly additionalWeightGrams: number;
  /** Price of each started additional step, integer minor units, at least 0. */
  readonly additionalPrice: number;
}

/** Pricing that replaces the template's default for the listed regions. */
export interface FreightRegionRule {
  /** ISO 3166-2 region codes the rule applies to, e.g. `CN-ZJ` (Zhejiang). */
  readonly regionCodes: readonly string[];
  /** Pricing for those regions. */
  readonly pricing: WeightPricing;
}

/**
 * The rules of a freight template (运费模板): what shipping costs by weight
 * and region, where the merchant does not deliver, and whether buyers may
 * pick the goods up (自提). Free shipping over an order amount (满包邮) is a
 * promotion in the manual, not part of the template, so it is not here.
 */
export interface FreightTemplateRules {
  /** Display name, 1 to 100 characters. */
  readonly name: string;
  /** The courier the merchant ships with, 1 to 60 characters. */
  readonly courier: string;
  /** ISO 4217 currency of every price of the template. */
  readonly currency: string;
  /** Pricing for every delivered region without a region rule. */
  readonly pricing: WeightPricing;
  /** Region overrides; a region code appears in at most one rule. */
  readonly regionRules: readonly FreightRegionRule[];
  /** Region codes the merchant does not deliver to (不配送区域). */
  readonly undeliveredRegions: readonly string[];
  /** Whether buyers may choose self pickup, which costs nothing. */
  readonly selfPickup: boolean;
}

/** Limits on a freight template's fields. */
export const FREIGHT_TEMPLATE_LIMITS = Object.freeze({
  nameMax: 100,
  courierMax: 60,
  regionRulesMax: 100,
  regionCodesPerRuleMax: 100,
  undeliveredRegionsMax: 500,
  /** 1,000 kg: a bound on any weight so that prices stay exact integers. */
  weightGramsMax: 1_000_000_000,
  /** 10,000,000.00 in minor units: a bound on any single price. */
  priceMax: 1_000_000_000,
});

/**
 * An ISO 3166-2 code (`CN-ZJ`) or a bare country code (`CN`), upper case.
 * Region codes match exactly: a rule for `CN-ZJ` does not cover `CN`.
 */
export const REGION_CODE_PATTERN = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

function integerIn(check: InputCheck, field: string, value: unknown, min: number, max: number) {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    check.fail(field, "integer", `${field} must be an integer`);
    return min;
  }
  if (value < min || value > max) {
    check.fail(field, "range", `${field} must be between ${min} and ${max}`);
  }
  return value;
}

function checkPricing(check: InputCheck, field: string, value: unknown): WeightPricing {
  const input = (typeof value === "object" && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  if (typeof value !== "object" || value === null) {
    check.fail(field, "required", `${field} is required and must be an object`);
  }
  const { weightGramsMax, priceMax } = FREIGHT_TEMPLATE_LIMITS;
  return {
    firstWeightGrams: integerIn(
      check,
      `${field}.firstWeightGrams`,
      input.firstWeightGrams,
      1,
      weightGramsMax,
    ),
    firstPrice: integerIn(check, `${field}.firstPrice`, input.firstPrice, 0, priceMax),
    additionalWeightGrams: integerIn(
      check,
      `${field}.additionalWeightGrams`,
      input.additionalWeightGrams,
      1,
      weightGramsMax,
    ),
    additionalPrice: integerIn(
      check,
      `${field}.additionalPrice`,
      input.additionalPrice,
      0,
      priceMax,
    ),
  };
}

function regionCode(check: InputCheck, field: string, value: unknown): string {
  return check.text(field, value, {
    max: 6,
    pattern: REGION_CODE_PATTERN,
    patternRule: "region_code",
    patternMessage: `${field} must be an upper-case ISO 3166-2 code such as CN-ZJ`,
  });
}

/**
 * Checks freight template rules, reporting every broken rule at once as
 * `VALIDATION_FAILED`: field types and ranges, region code format, a region
 * in two region rules, or a region both priced and not delivered to.
 *
 * @returns the rules with trimmed text.
 */
export function checkFreightTemplate(input: unknown): FreightTemplateRules {
  const check = new InputCheck();
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const limits = FREIGHT_TEMPLATE_LIMITS;
  const name = check.text("name", raw.name, { max: limits.nameMax });
  const courier = check.text("courier", raw.courier, { max: limits.courierMax });
  const currency = check.text("currency", raw.currency, {
    max: 3,
    pattern: CURRENCY_PATTERN,
    patternRule: "iso_4217",
    patternMessage: "currency must be a three-letter ISO 4217 code",
  });
  const pricing = checkPricing(check, "pricing", raw.pricing);
  const regionRules = check.list(
    "regionRules",
    raw.regionRules,
    { max: limits.regionRulesMax },
    (field, value) => {
      const rule = (typeof value === "object" && value !== null ? value : {}) as Record<
        string,
        unknown
      >;
      return {
        regionCodes: check.list(
          `${field}.regionCodes`,
          rule.regionCodes,
          { min: 1, max: limits.regionCodesPerRuleMax },
          (codeField, code) => regionCode(check, codeField, code),
        ),
        pricing: checkPricing(check, `${field}.pricing`, rule.pricing),
      };
    },
  );
  const undeliveredRegions = check.list(
    "undeliveredRegions",
    raw.undeliveredRegions,
    { max: limits.undeliveredRegionsMax },
    (field, code) => regionCode(check, field, code),
  );
  if (typeof raw.selfPickup !== "boolean") {
    check.fail("selfPickup", "required", "selfPickup is required and must be true or false");
  }

  // A region priced twice, or priced and refused, has no single answer.
  const pricedIn = new Map<string, string>();
  regionRules.forEach((rule, ruleIndex) => {
    rule.regionCodes.forEach((code, codeIndex) => {
      const field = `regionRules.${ruleIndex}.regionCodes.${codeIndex}`;
      if (code === "") return;
      const earlier = pricedIn.get(code);
      if (earlier !== undefined) {
        check.fail(field, "duplicate_region", `${field} ${code} is already listed at ${earlier}`);
      } else {
        pricedIn.set(code, field);
      }
    });
  });
  const refused = new Set<string>();
  undeliveredRegions.forEach((code, index) => {
    const field = `undeliveredRegions.${index}`;
    if (code === "") return;
    if (refused.has(code)) {
      check.fail(field, "duplicate_region", `${field} ${code} is listed twice`);
    } else if (pricedIn.has(code)) {
      check.fail(
        field,
        "priced_and_undelivered",
        `${field} ${code} also has a region rule at ${pricedIn.get(code)}`,
      );
    }
    refused.add(code);
  });
  check.done();
  return Object.freeze({
    name,
    courier,
    currency,
    pricing: Object.freeze(pricing),
    regionRules: Object.freeze(
      regionRules.map((rule) =>
        Object.freeze({
          regionCodes: Object.freeze(rule.regionCodes),
          pricing: Object.freeze(rule.pricing),
        }),
      ),
    ),
    undeliveredRegions: Object.freeze(undeliveredRegions),
    selfPickup: raw.selfPickup === true,
  });
}
