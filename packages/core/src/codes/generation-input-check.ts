import { InputCheck } from "../kernel/input-check.js";
import type { CodeType, NewGenerationInput, PackageRules, PackagingRatio } from "./code-package.js";
import { type PackageLayout, packageLayout } from "./package-layout.js";
import { type CheckedPackagingKeys, checkPackagingKeys } from "./packaging-key-check.js";

/** Bounds of generation jobs (domain §1.4). */
export const GENERATION_LIMITS = Object.freeze({
  /** Codes per job, all levels together. */
  maxCodesPerJob: 1_000_000,
  /** Three-level: middle units per outer unit. */
  middlePerOuterMax: 1000,
  /** Inner units per outer unit (two- and three-level). */
  innerPerOuterMax: 10_000,
});

/** The code types, for validation and schemas. */
export const CODE_TYPES: readonly CodeType[] = ["single", "two-level", "three-level"];

/** A checked generation request with its layout. */
export interface CheckedGeneration {
  readonly merchantId: string;
  readonly productId: string | null;
  readonly codeType: CodeType;
  /** Rule id per level actually used (middle/outer default to the item rule). */
  readonly rules: PackageRules;
  readonly ratio: PackagingRatio | null;
  readonly associated: boolean;
  readonly quantity: number;
  readonly layout: PackageLayout;
  /** GS1 keys asked for the packaging levels (GTINs checked against the product later). */
  readonly packagingKeys: CheckedPackagingKeys;
}

function positiveInteger(check: InputCheck, field: string, value: unknown, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > max) {
    check.fail(
      field,
      "range",
      `${field} must be an integer from 1 to ${max.toLocaleString("en-US")}`,
    );
    return 0;
  }
  return value;
}

function checkRatio(check: InputCheck, codeType: CodeType, value: unknown): PackagingRatio | null {
  if (codeType === "single") {
    if (value !== undefined && value !== null) {
      check.fail(
        "ratio",
        "not_applicable",
        "ratio applies only to two-level and three-level codes",
      );
    }
    return null;
  }
  if (typeof value !== "object" || value === null) {
    check.fail("ratio", "required", `ratio is required for ${codeType} codes`);
    return null;
  }
  const ratio = value as Record<string, unknown>;
  const before = check.issues.length;
  const { innerPerOuterMax, middlePerOuterMax } = GENERATION_LIMITS;
  const innerPerOuter = positiveInteger(
    check,
    "ratio.innerPerOuter",
    ratio.innerPerOuter,
    innerPerOuterMax,
  );
  if (codeType === "two-level") {
    if (ratio.middlePerOuter !== undefined && ratio.middlePerOuter !== null) {
      check.fail(
        "ratio.middlePerOuter",
        "not_applicable",
        "ratio.middlePerOuter applies only to three-level codes",
      );
    }
    return check.issues.length > before ? null : { innerPerOuter };
  }
  const middlePerOuter = positiveInteger(
    check,
    "ratio.middlePerOuter",
    ratio.middlePerOuter,
    middlePerOuterMax,
  );
  if (check.issues.length > before) return null;
  if (innerPerOuter % middlePerOuter !== 0) {
    check.fail(
      "ratio.innerPerOuter",
      "ratio_multiple",
      `ratio.innerPerOuter (${innerPerOuter}) must be a multiple of ratio.middlePerOuter (${middlePerOuter}), so every middle unit holds the same number of inner units`,
    );
    return null;
  }
  return { middlePerOuter, innerPerOuter };
}

function checkRules(check: InputCheck, codeType: CodeType, value: unknown): PackageRules {
  if (typeof value !== "object" || value === null) {
    check.fail("rules", "required", "rules is required and must name at least rules.item");
    return { item: "" };
  }
  const rules = value as Record<string, unknown>;
  const item = check.text("rules.item", rules.item, { max: 64 });
  const optional = (level: "middle" | "outer", allowed: boolean) => {
    const id = rules[level];
    if (id === undefined || id === null) return item;
    if (!allowed) {
      check.fail(
        `rules.${level}`,
        "not_applicable",
        `rules.${level} does not apply to ${codeType} codes`,
      );
      return item;
    }
    return check.text(`rules.${level}`, id, { max: 64 });
  };
  if (codeType === "single") {
    optional("middle", false);
    optional("outer", false);
    return { item };
  }
  const outer = optional("outer", true);
  if (codeType === "two-level") {
    optional("middle", false);
    return { item, outer };
  }
  return { item, middle: optional("middle", true), outer };
}

/**
 * Validates a generation request, including the 1,000,000-codes-per-job
 * limit over all levels; throws `VALIDATION_FAILED` listing every issue.
 */
export function checkGenerationInput(input: NewGenerationInput): CheckedGeneration {
  const check = new InputCheck();
  const merchantId = check.text("merchantId", input?.merchantId, { max: 64 });
  const productId =
    input?.productId === undefined || input.productId === null
      ? null
      : check.text("productId", input.productId, { max: 64 });
  const before = check.issues.length;
  const codeType = check.oneOf("codeType", input?.codeType, CODE_TYPES);
  const typeOk = check.issues.length === before;
  const rules = checkRules(check, codeType, input?.rules);
  const ratio = typeOk ? checkRatio(check, codeType, input?.ratio) : null;
  let associated = false;
  if (input?.associated !== undefined && typeof input.associated !== "boolean") {
    check.fail("associated", "boolean", "associated must be true or false");
  } else if (codeType !== "single") {
    associated = input?.associated ?? true;
  }
  const packagingKeys = typeOk ? checkPackagingKeys(check, codeType, input?.packagingKeys) : {};
  const { maxCodesPerJob } = GENERATION_LIMITS;
  const quantity = positiveInteger(check, "quantity", input?.quantity, maxCodesPerJob);
  const layout = packageLayout(codeType, ratio, quantity);
  if (quantity > 0 && (codeType === "single" || ratio) && layout.total > maxCodesPerJob) {
    const total = layout.total.toLocaleString("en-US");
    check.fail(
      "quantity",
      "max_codes_per_job",
      `quantity ${quantity.toLocaleString("en-US")} makes ${total} codes (all levels together), above the limit of ${maxCodesPerJob.toLocaleString("en-US")} per job; split it into several jobs`,
    );
  }
  check.done();
  return {
    merchantId,
    productId,
    codeType,
    rules,
    ratio,
    associated,
    quantity,
    layout,
    packagingKeys,
  };
}
