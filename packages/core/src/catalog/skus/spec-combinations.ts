import type { SpecDimension } from "./sku.js";

/** One combination of spec values: dimension name → value (empty for a product without specs). */
export type SpecCombination = Readonly<Record<string, string>>;

/**
 * Every combination of the dimensions' values (their Cartesian product),
 * the first dimension varying slowest, in the order the values are listed.
 * No dimensions give one empty combination: the default SKU.
 *
 * @example
 * ```ts
 * specCombinations([
 *   { name: "colour", values: ["red", "blue"] },
 *   { name: "size", values: ["S", "M"] },
 * ]);
 * // [{ colour: "red", size: "S" }, { colour: "red", size: "M" },
 * //  { colour: "blue", size: "S" }, { colour: "blue", size: "M" }]
 * ```
 */
export function specCombinations(dimensions: readonly SpecDimension[]): SpecCombination[] {
  let combinations: Record<string, string>[] = [{}];
  for (const dimension of dimensions) {
    combinations = combinations.flatMap((partial) =>
      dimension.values.map((value) => ({ ...partial, [dimension.name]: value })),
    );
  }
  return combinations;
}

/** How many combinations the dimensions have, without listing them. */
export function combinationCount(dimensions: readonly SpecDimension[]): number {
  return dimensions.reduce((count, dimension) => count * dimension.values.length, 1);
}

/**
 * A key naming a combination independently of its keys' order, for
 * comparing combinations: the dimension names sorted, with their values.
 */
export function specKey(spec: SpecCombination): string {
  return JSON.stringify(
    Object.keys(spec)
      .sort()
      .map((name) => [name, spec[name]]),
  );
}

/** A combination as people read it: `colour=red, size=M`, or `(no spec)` for the default SKU. */
export function describeSpec(spec: SpecCombination): string {
  const parts = Object.entries(spec).map(([name, value]) => `${name}=${value}`);
  return parts.length === 0 ? "(no spec)" : parts.join(", ");
}
