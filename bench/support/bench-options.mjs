// Shared by the codes benchmarks: command-line options and the rule they use.

/** `--name N` from the command line (underscores allowed: 1_000_000), or `fallback`. */
export function numberOption(name, fallback) {
  const args = process.argv.slice(2);
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const value = Number(String(args[at + 1]).replaceAll("_", ""));
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`${name} needs a positive integer, got ${args[at + 1]}`);
    process.exit(2);
  }
  return value;
}

/** Whether `--name` is on the command line. */
export function flagOption(name) {
  return process.argv.slice(2).includes(name);
}

/**
 * The benchmark's custom rule: 24 characters, "OC" then 22 random characters
 * of the mixed alphabet (56 symbols: 56^22 ≈ 3·10^38 codes, so collisions
 * stay out of the picture and every code lands at a random place in the
 * unique index, the worst case for it).
 */
export const BENCH_RULE = Object.freeze({
  name: "bench OC + mixed 22",
  length: 24,
  segments: Object.freeze([
    Object.freeze({ kind: "fixed", text: "OC" }),
    Object.freeze({ kind: "random", charset: "mixed", length: 22 }),
  ]),
  serials: true,
});

/** A one-line description of a rule's segments. */
export function describeRule(rule) {
  const parts = rule.segments.map((segment) => {
    switch (segment.kind) {
      case "fixed":
        return `fixed "${segment.text}"`;
      case "random":
        return `random ${segment.charset} ${segment.length}`;
      default:
        return segment.kind;
    }
  });
  return `${rule.name}: ${parts.join(" + ")} = ${rule.length} characters`;
}

/**
 * Creates, through `onecode`'s use cases as `ctx`, the codes benchmarks'
 * merchant and their rule (BENCH_RULE), logs the rule, and resolves with both.
 */
export async function createBenchRule(onecode, ctx) {
  const merchant = await onecode.merchants.create(ctx, {
    name: "Bench Merchant",
    codeSource: "platform",
    urlPrefixes: ["https://t.example.com/c/"],
  });
  const rule = await onecode.codeRules.createCustom(ctx, {
    merchantId: merchant.id,
    name: BENCH_RULE.name,
    length: BENCH_RULE.length,
    segments: BENCH_RULE.segments,
    serials: BENCH_RULE.serials,
  });
  console.log(`rule ${rule.id}: ${describeRule(BENCH_RULE)}`);
  return { merchant, rule };
}
