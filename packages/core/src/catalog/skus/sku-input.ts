import { InputCheck } from "../../kernel/input-check.js";
import type { SpecDimension, StockPolicy } from "./sku.js";
import {
  combinationCount,
  describeSpec,
  type SpecCombination,
  specKey,
} from "./spec-combinations.js";

/** Every {@link StockPolicy}. */
export const STOCK_POLICIES: readonly StockPolicy[] = Object.freeze([
  "reserve_on_create",
  "reserve_on_pay",
]);

/** Limits of SKU input. Counts and amounts are integers. */
export const SKU_LIMITS = Object.freeze({
  /** Spec dimensions of a product (0 gives one default SKU). */
  dimensionsMax: 3,
  /** Values of one dimension. */
  valuesMax: 20,
  /** Characters of a dimension name. */
  dimensionNameMax: 20,
  /** Characters of a dimension value. */
  valueMax: 40,
  /** SKUs of one product, i.e. combinations of its dimensions' values. */
  skusPerProductMax: 600,
  /** Characters of a SKU code. */
  codeMax: 64,
  /** 10,000,000.00 in minor units. */
  priceMax: 1_000_000_000,
  /** Units of stock, and of a low-stock threshold. */
  stockMax: 1_000_000_000,
  /** 1,000 kg. */
  weightGramsMax: 1_000_000_000,
});

/** SKU codes are one word: printable characters without spaces. */
export const SKU_CODE_PATTERN = /^[^\s]+$/u;

/** One SKU of `skus.configure`. */
export interface SkuInput {
  /** Dimension name → value, naming every dimension of the product once; `{}` without dimensions. */
  readonly spec: Readonly<Record<string, string>>;
  /** Unique within the tenant, 1-64 characters without spaces. */
  readonly code: string;
  /** Integer minor units of the tenant's currency, 0 to 1,000,000,000. */
  readonly price: number;
  /** Units on hand, 0 to 1,000,000,000. */
  readonly stock: number;
  /** Grams per unit, 0 to 1,000,000,000. */
  readonly weightGrams: number;
  /** A take leaving stock at or below this raises `sku.stock_low`; absent or `null` for none. */
  readonly lowStockThreshold?: number | null;
}

/** Input of `skus.configure`: the product's stock policy, spec dimensions and SKUs. */
export interface SkuConfigurationInput {
  readonly policy: StockPolicy;
  /** 0 to 3 dimensions with unique names, each with 1 to 20 unique values. */
  readonly dimensions: readonly SpecDimension[];
  /**
   * One SKU per combination of the dimensions' values, each exactly once
   * (one SKU with an empty spec when there are no dimensions). When the
   * product has SKUs already: only the combinations the added values make.
   */
  readonly skus: readonly SkuInput[];
}

/** Input of `skus.update`: only the fields present change. */
export interface SkuPatchInput {
  readonly code?: string;
  readonly price?: number;
  readonly weightGrams?: number;
  /** `null` turns low-stock alerts off. */
  readonly lowStockThreshold?: number | null;
}

/** A SKU of a configuration after validation (text trimmed, threshold `null` when absent). */
export interface CheckedSku {
  readonly spec: Readonly<Record<string, string>>;
  readonly code: string;
  readonly price: number;
  readonly stock: number;
  readonly weightGrams: number;
  readonly lowStockThreshold: number | null;
}

/** A configuration after validation. */
export interface CheckedSkuConfiguration {
  readonly policy: StockPolicy;
  readonly dimensions: readonly SpecDimension[];
  readonly skus: readonly CheckedSku[];
}

type Raw = Record<string, unknown>;
const objectOf = (value: unknown): Raw =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Raw) : {};

function integerIn(check: InputCheck, field: string, value: unknown, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    check.fail(field, "integer", `${field} must be an integer`);
    return 0;
  }
  if (value < 0 || value > max) check.fail(field, "range", `${field} must be between 0 and ${max}`);
  return value;
}

function checkCode(check: InputCheck, field: string, value: unknown): string {
  return check.text(field, value, {
    max: SKU_LIMITS.codeMax,
    pattern: SKU_CODE_PATTERN,
    patternRule: "no_spaces",
    patternMessage: `${field} must not contain spaces`,
  });
}

function checkThreshold(check: InputCheck, field: string, value: unknown): number | null {
  return value === undefined || value === null
    ? null
    : integerIn(check, field, value, SKU_LIMITS.stockMax);
}

function checkDimensions(check: InputCheck, value: unknown): SpecDimension[] {
  const names = new Map<string, string>();
  const dimensions = check.list(
    "dimensions",
    value,
    { max: SKU_LIMITS.dimensionsMax },
    (field, entry) => {
      const raw = objectOf(entry);
      const name = check.text(`${field}.name`, raw.name, { max: SKU_LIMITS.dimensionNameMax });
      if (name !== "" && names.has(name)) {
        check.fail(
          `${field}.name`,
          "duplicate_name",
          `${field}.name ${name} is also ${names.get(name)}`,
        );
      } else if (name !== "") {
        names.set(name, `${field}.name`);
      }
      const seen = new Map<string, string>();
      const values = check.list(
        `${field}.values`,
        raw.values,
        { min: 1, max: SKU_LIMITS.valuesMax },
        (valueField, item) => {
          const text = check.text(valueField, item, { max: SKU_LIMITS.valueMax });
          if (text !== "" && seen.has(text)) {
            check.fail(
              valueField,
              "duplicate_value",
              `${valueField} ${text} is also ${seen.get(text)}`,
            );
          } else if (text !== "") {
            seen.set(text, valueField);
          }
          return text;
        },
      );
      return { name, values };
    },
  );
  if (combinationCount(dimensions) > SKU_LIMITS.skusPerProductMax) {
    check.fail(
      "dimensions",
      "max_combinations",
      `dimensions make ${combinationCount(dimensions)} combinations; a product has at most ${SKU_LIMITS.skusPerProductMax} SKUs`,
    );
  }
  return dimensions;
}

/** Checks a spec against the dimensions: every dimension named once, with one of its values. */
function checkSpec(
  check: InputCheck,
  field: string,
  value: unknown,
  dimensions: readonly SpecDimension[],
): SpecCombination {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    check.fail(field, "required", `${field} is required and must be an object of dimension values`);
    return {};
  }
  const spec: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    const dimension = dimensions.find((candidate) => candidate.name === name);
    if (!dimension) {
      check.fail(
        `${field}.${name}`,
        "unknown_dimension",
        `${field}.${name}: the product has no dimension ${name}`,
      );
      continue;
    }
    const text = typeof item === "string" ? item.trim() : item;
    if (typeof text !== "string" || !dimension.values.includes(text)) {
      check.fail(
        `${field}.${name}`,
        "unknown_value",
        `${field}.${name} must be one of the values of dimension ${name}: ${dimension.values.join(", ")}`,
      );
      continue;
    }
    spec[name] = text;
  }
  for (const dimension of dimensions) {
    if (dimension.name !== "" && !Object.hasOwn(value, dimension.name)) {
      check.fail(
        `${field}.${dimension.name}`,
        "required",
        `${field} must name a value of dimension ${dimension.name}`,
      );
    }
  }
  return spec;
}

/**
 * Checks `skus.configure` input without looking at storage, reporting every
 * broken rule at once as `VALIDATION_FAILED`: the policy; 0-3 dimensions
 * with unique names and 1-20 unique values each, making at most 600
 * combinations; each SKU's spec (every dimension, a listed value), code,
 * price, stock, weight and threshold; a code or a combination listed twice.
 * Whether the list covers every combination depends on the SKUs the
 * product has, so the use case checks that next.
 */
export function checkSkuConfiguration(input: unknown): CheckedSkuConfiguration {
  const check = new InputCheck();
  const raw = objectOf(input);
  const policy = check.oneOf("policy", raw.policy, STOCK_POLICIES);
  const dimensions = checkDimensions(check, raw.dimensions);
  // Specs are judged against the dimensions: broken ones would only add noise.
  const dimensionsValid = check.issues.every((issue) => !issue.field.startsWith("dimensions"));
  const codes = new Map<string, string>();
  const combinations = new Map<string, string>();
  const skus = check.list(
    "skus",
    raw.skus,
    { max: SKU_LIMITS.skusPerProductMax },
    (field, entry): CheckedSku => {
      const sku = objectOf(entry);
      const spec = dimensionsValid ? checkSpec(check, `${field}.spec`, sku.spec, dimensions) : {};
      const code = checkCode(check, `${field}.code`, sku.code);
      if (code !== "" && codes.has(code)) {
        check.fail(
          `${field}.code`,
          "duplicate_code",
          `${field}.code ${code} is also ${codes.get(code)}`,
        );
      } else if (code !== "") {
        codes.set(code, `${field}.code`);
      }
      const complete = dimensionsValid && Object.keys(spec).length === dimensions.length;
      const key = specKey(spec);
      if (complete && combinations.has(key)) {
        check.fail(
          `${field}.spec`,
          "duplicate_combination",
          `${field}.spec ${describeSpec(spec)} is also ${combinations.get(key)}`,
        );
      } else if (complete) {
        combinations.set(key, `${field}.spec`);
      }
      return {
        spec,
        code,
        price: integerIn(check, `${field}.price`, sku.price, SKU_LIMITS.priceMax),
        stock: integerIn(check, `${field}.stock`, sku.stock, SKU_LIMITS.stockMax),
        weightGrams: integerIn(
          check,
          `${field}.weightGrams`,
          sku.weightGrams,
          SKU_LIMITS.weightGramsMax,
        ),
        lowStockThreshold: checkThreshold(
          check,
          `${field}.lowStockThreshold`,
          sku.lowStockThreshold,
        ),
      };
    },
  );
  check.done();
  return { policy, dimensions, skus };
}

/** Checks a `skus.update` patch; returns only the fields present. */
export function checkSkuPatch(input: unknown): {
  code?: string;
  price?: number;
  weightGrams?: number;
  lowStockThreshold?: number | null;
} {
  const check = new InputCheck();
  const raw = objectOf(input);
  const patch: ReturnType<typeof checkSkuPatch> = {};
  if (raw.code !== undefined) patch.code = checkCode(check, "code", raw.code);
  if (raw.price !== undefined)
    patch.price = integerIn(check, "price", raw.price, SKU_LIMITS.priceMax);
  if (raw.weightGrams !== undefined) {
    patch.weightGrams = integerIn(check, "weightGrams", raw.weightGrams, SKU_LIMITS.weightGramsMax);
  }
  if (raw.lowStockThreshold !== undefined) {
    patch.lowStockThreshold = checkThreshold(check, "lowStockThreshold", raw.lowStockThreshold);
  }
  check.done();
  return patch;
}

/** Checks a stock count of `skus.setStock`: an integer from 0 to 1,000,000,000. */
export function checkStockCount(stock: unknown): number {
  const check = new InputCheck();
  const value = integerIn(check, "stock", stock, SKU_LIMITS.stockMax);
  check.done();
  return value;
}

/** Checks a {@link StockPolicy}. */
export function checkStockPolicy(policy: unknown): StockPolicy {
  const check = new InputCheck();
  const value = check.oneOf("policy", policy, STOCK_POLICIES);
  check.done();
  return value;
}
