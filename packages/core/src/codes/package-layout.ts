import type { CodeLevel, CodeType, PackageRules, PackagingRatio } from "./code-package.js";

/** How many codes of each level. */
export type LevelCounts = Record<CodeLevel, number>;

/**
 * Where every serial of a package sits. Serials run outer unit by outer
 * unit: the outer code, then for each middle its code followed by its inner
 * codes (two-level: the outer code then its inner codes; single: one item
 * code per unit). Everything beneath a packaging code is the contiguous range
 * of serials after it, so level and parent follow from arithmetic alone.
 */
export interface PackageLayout {
  readonly codeType: CodeType;
  /** Codes per outer unit (1 for single). */
  readonly unitSize: number;
  /** Outer units (codes for single). */
  readonly units: number;
  /** Codes in the package, all levels together. */
  readonly total: number;
  /** Codes per level in the whole package. */
  readonly counts: LevelCounts;
  /** The level of serial `s` (1-based). */
  levelOf(serial: number): CodeLevel;
  /** The serial of the packaging code directly above `s`, or `null` for top-level codes. */
  parentOf(serial: number): number | null;
  /** How many codes of each level come before serial `s`. */
  countsBefore(serial: number): LevelCounts;
}

const emptyCounts = (): LevelCounts => ({ item: 0, outer: 0, middle: 0, inner: 0 });

/**
 * The layout of a package of `units` outer units (codes for `single`).
 * `ratio` is required for packaging types and assumed valid (checked by the
 * generation input check).
 *
 * @example
 * ```ts
 * const layout = packageLayout("three-level", { middlePerOuter: 2, innerPerOuter: 20 }, 10);
 * layout.total; // 230
 * layout.levelOf(2); // "middle"
 * layout.parentOf(3); // 2
 * ```
 */
export function packageLayout(
  codeType: CodeType,
  ratio: PackagingRatio | null | undefined,
  units: number,
): PackageLayout {
  const inner = codeType === "single" ? 0 : (ratio?.innerPerOuter ?? 0);
  const middles = codeType === "three-level" ? (ratio?.middlePerOuter ?? 0) : 0;
  /** Codes per middle group: the middle code and its inner codes. */
  const group = middles > 0 ? 1 + inner / middles : 0;
  const unitSize = codeType === "single" ? 1 : 1 + middles + inner;
  const counts = emptyCounts();
  if (codeType === "single") counts.item = units;
  else {
    counts.outer = units;
    counts.middle = units * middles;
    counts.inner = units * inner;
  }

  /** Position within its unit (0 = the outer code) and the unit's first serial. */
  const locate = (serial: number) => {
    const offset = (serial - 1) % unitSize;
    return { offset, unitStart: serial - offset };
  };

  return {
    codeType,
    unitSize,
    units,
    total: units * unitSize,
    counts,
    levelOf(serial) {
      if (codeType === "single") return "item";
      const { offset } = locate(serial);
      if (offset === 0) return "outer";
      if (codeType === "two-level") return "inner";
      return (offset - 1) % group === 0 ? "middle" : "inner";
    },
    parentOf(serial) {
      if (codeType === "single") return null;
      const { offset, unitStart } = locate(serial);
      if (offset === 0) return null;
      if (codeType === "two-level") return unitStart;
      const withinGroups = offset - 1;
      if (withinGroups % group === 0) return unitStart;
      return unitStart + 1 + Math.floor(withinGroups / group) * group;
    },
    countsBefore(serial) {
      const before = emptyCounts();
      const fullUnits = Math.floor((serial - 1) / unitSize);
      const partial = (serial - 1) % unitSize;
      if (codeType === "single") {
        before.item = serial - 1;
        return before;
      }
      before.outer = fullUnits + (partial > 0 ? 1 : 0);
      if (codeType === "two-level") {
        before.inner = fullUnits * inner + Math.max(0, partial - 1);
        return before;
      }
      const afterOuter = Math.max(0, partial - 1);
      const fullGroups = Math.floor(afterOuter / group);
      const rest = afterOuter % group;
      before.middle = fullUnits * middles + fullGroups + (rest > 0 ? 1 : 0);
      before.inner = fullUnits * inner + fullGroups * (group - 1) + Math.max(0, rest - 1);
      return before;
    },
  };
}

/** The levels a code type uses, top down. */
export function levelsOf(codeType: CodeType): readonly CodeLevel[] {
  if (codeType === "single") return ["item"];
  if (codeType === "two-level") return ["outer", "inner"];
  return ["outer", "middle", "inner"];
}

/** The rule that generates a level: `middle` and `outer` default to the item rule. */
export function ruleIdOfLevel(rules: PackageRules, level: CodeLevel): string {
  if (level === "outer") return rules.outer ?? rules.item;
  if (level === "middle") return rules.middle ?? rules.item;
  return rules.item;
}
