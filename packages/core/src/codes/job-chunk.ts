import { OneCodeError } from "../kernel/errors.js";
import type { RandomSource } from "../kernel/random.js";
import { type CodeGenerator, codeGenerator } from "./code-generator.js";
import type { CodeLevel, CodePackage, CodeRecord } from "./code-package.js";
import type { CodeRule } from "./code-rule.js";
import type { GenerationMoment } from "./generation-moment.js";
import { levelsOf, type PackageLayout, packageLayout, ruleIdOfLevel } from "./package-layout.js";

/** A code row still being generated: its code can be replaced until it is written. */
export type DraftRow = { -readonly [K in keyof CodeRecord]: CodeRecord[K] };

/** Everything needed to generate any serial range of a job, deterministically. */
export interface JobPlan {
  readonly pkg: CodePackage;
  readonly layout: PackageLayout;
  readonly generators: ReadonlyMap<string, CodeGenerator>;
  /** The rule of each level the package uses. */
  readonly ruleOfLevel: Readonly<Partial<Record<CodeLevel, string>>>;
  /** The levels each rule generates. */
  readonly levelsOfRule: ReadonlyMap<string, readonly CodeLevel[]>;
}

/** `NOT_FOUND` for a rule a job uses that was deleted since the job was created. */
export function ruleNoLongerExists(ruleId: string): OneCodeError<"NOT_FOUND"> {
  return new OneCodeError("NOT_FOUND", `code rule ${ruleId} no longer exists`, {
    kind: "code rule",
    id: ruleId,
  });
}

/** Builds the plan of a job from its package and the rules it uses (`NOT_FOUND` for a missing one). */
export function jobPlan(
  pkg: CodePackage,
  rules: ReadonlyMap<string, CodeRule>,
  random: RandomSource,
): JobPlan {
  const generators = new Map<string, CodeGenerator>();
  const ruleOfLevel: Partial<Record<CodeLevel, string>> = {};
  const levelsOfRule = new Map<string, CodeLevel[]>();
  for (const level of levelsOf(pkg.codeType)) {
    const ruleId = ruleIdOfLevel(pkg.rules ?? { item: "" }, level);
    const rule = rules.get(ruleId);
    if (!rule) throw ruleNoLongerExists(ruleId);
    if (!generators.has(ruleId)) generators.set(ruleId, codeGenerator(rule.segments, random));
    ruleOfLevel[level] = ruleId;
    levelsOfRule.set(ruleId, [...(levelsOfRule.get(ruleId) ?? []), level]);
  }
  return {
    pkg,
    layout: packageLayout(pkg.codeType, pkg.ratio, pkg.quantity),
    generators,
    ruleOfLevel,
    levelsOfRule,
  };
}

/**
 * The last serial of the chunk starting at `from`: whole outer units (cases)
 * of about `chunkSize` codes, at least one unit, never past the total.
 */
export function chunkEnd(layout: PackageLayout, from: number, chunkSize: number): number {
  const unitsPerChunk = Math.max(1, Math.floor(chunkSize / layout.unitSize));
  const unitOfFrom = Math.floor((from - 1) / layout.unitSize);
  return Math.min(layout.total, (unitOfFrom + unitsPerChunk) * layout.unitSize);
}

/** A chunk's rows plus the rule and sequence value behind each. */
export interface DraftChunk {
  readonly rows: DraftRow[];
  readonly ruleOf: string[];
  /** The sequence value of each row (0 when its rule has none). */
  readonly sequenceOf: number[];
}

/**
 * Generates serials `from..to` of the job. Sequence values come from the
 * package's reserved ranges: the k-th code of a rule in the package (in
 * serial order) carries `first + k`, so a resumed job regenerates exactly
 * the values an interrupted one would have used.
 */
export function buildChunk(
  plan: JobPlan,
  from: number,
  to: number,
  moment: GenerationMoment,
): DraftChunk {
  const { pkg, layout } = plan;
  const count = to - from + 1;
  const rows = new Array<DraftRow>(count);
  const ruleOf = new Array<string>(count);
  const sequenceOf = new Array<number>(count).fill(0);
  const positions = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const serial = from + i;
    const level = layout.levelOf(serial);
    const ruleId = plan.ruleOfLevel[level] as string;
    rows[i] = {
      tenantId: pkg.tenantId,
      code: "",
      packageId: pkg.id,
      serial,
      level,
      parentSerial: pkg.associated ? layout.parentOf(serial) : null,
      url: null,
    };
    ruleOf[i] = ruleId;
    let list = positions.get(ruleId);
    if (!list) {
      list = [];
      positions.set(ruleId, list);
    }
    list.push(i);
  }
  const before = layout.countsBefore(from);
  for (const [ruleId, indexes] of positions) {
    const generator = plan.generators.get(ruleId) as CodeGenerator;
    const reserved = pkg.reservedSequences[ruleId];
    const rank = (plan.levelsOfRule.get(ruleId) ?? []).reduce(
      (sum, level) => sum + before[level],
      0,
    );
    const first = reserved ? reserved[0] + rank : 0;
    const codes = generator.generate(indexes.length, moment, first);
    indexes.forEach((index, k) => {
      (rows[index] as DraftRow).code = codes[k] as string;
      if (reserved) sequenceOf[index] = first + k;
    });
  }
  return { rows, ruleOf, sequenceOf };
}

/** Indexes of rows whose code repeats an earlier row of the chunk. */
export function repeatedRows(rows: readonly DraftRow[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  rows.forEach((row, index) => {
    if (seen.has(row.code)) repeated.push(index);
    else seen.add(row.code);
  });
  return repeated;
}
