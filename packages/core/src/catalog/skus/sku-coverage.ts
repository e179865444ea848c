import { OneCodeError, type ValidationIssue, validationError } from "../../kernel/errors.js";
import type { SpecDimension } from "./sku.js";
import type { CheckedSku } from "./sku-input.js";
import { describeSpec, specCombinations, specKey } from "./spec-combinations.js";

/**
 * Refuses with `FIELD_IMMUTABLE` a configuration that does not extend the
 * dimensions of a product that has SKUs: its dimensions stay (same names,
 * same order, none added or removed) and every value stays; values may be
 * added. Existing SKUs keep their combination, so nothing they name may go.
 */
export function assertDimensionsExtend(
  current: readonly SpecDimension[],
  next: readonly SpecDimension[],
): void {
  const names = (dimensions: readonly SpecDimension[]) => dimensions.map((d) => d.name);
  if (JSON.stringify(names(current)) !== JSON.stringify(names(next))) {
    throw new OneCodeError(
      "FIELD_IMMUTABLE",
      `the product has SKUs, so its dimensions stay ${JSON.stringify(names(current))}; only values may be added`,
      { field: "dimensions", current: JSON.stringify(names(current)) },
    );
  }
  current.forEach((dimension, index) => {
    const kept = next[index]?.values ?? [];
    const dropped = dimension.values.filter((value) => !kept.includes(value));
    if (dropped.length > 0) {
      throw new OneCodeError(
        "FIELD_IMMUTABLE",
        `the product has SKUs of ${dimension.name} ${dropped.join(", ")}, so dimensions.${index}.values must keep them; values may be added`,
        { field: `dimensions.${index}.values`, current: JSON.stringify(dimension.values) },
      );
    }
  });
}

/**
 * Checks that `skus` lists every combination the configuration adds exactly
 * once: every combination of `next` when the product has no SKUs
 * (`current` is `null`), else those of `next` that `current` lacks. Throws
 * `VALIDATION_FAILED` naming each missing combination (`skus`,
 * `missing_combination`) and each listed one the product has already
 * (`skus.N.spec`, `combination_exists`). Duplicates and unknown values are
 * refused earlier by `checkSkuConfiguration`.
 */
export function checkSkuCoverage(
  skus: readonly CheckedSku[],
  next: readonly SpecDimension[],
  current: readonly SpecDimension[] | null,
): void {
  const existing = new Set((current ? specCombinations(current) : []).map(specKey));
  const listed = new Set(skus.map((sku) => specKey(sku.spec)));
  const issues: ValidationIssue[] = [];
  skus.forEach((sku, index) => {
    if (existing.has(specKey(sku.spec))) {
      const field = `skus.${index}.spec`;
      issues.push({
        field,
        rule: "combination_exists",
        message: `${field} ${describeSpec(sku.spec)} has a SKU already; list only the combinations added values make`,
      });
    }
  });
  for (const combination of specCombinations(next)) {
    const key = specKey(combination);
    if (existing.has(key) || listed.has(key)) continue;
    issues.push({
      field: "skus",
      rule: "missing_combination",
      message: `skus must list a SKU for ${describeSpec(combination)}`,
    });
  }
  if (issues.length > 0) throw validationError(issues);
}
