import type { InputCheck } from "../kernel/input-check.js";
import { isStorableText } from "../kernel/storable-text.js";

/** Longest CDK key accepted, in characters. */
export const MAX_CDK_KEY_LENGTH = 200;
/** Most keys one import may add (a prize's stock is capped the same). */
export const MAX_CDK_KEYS = 10_000_000;

/**
 * A CDK file read line by line: the keys in file order (first occurrence
 * only), and the lines left out. The keys are secrets: they go to storage
 * only, never to audit entries, events, errors or listings.
 */
export interface ParsedCdkText {
  /** Distinct keys in file order, with their 1-based line. */
  readonly keys: readonly { readonly key: string; readonly line: number }[];
  readonly blankLines: readonly number[];
  /** Lines repeating a key of an earlier line of the same file. */
  readonly duplicateLines: readonly { readonly line: number; readonly firstLine: number }[];
}

/**
 * Splits a CDK file (`\r\n` or `\n` line ends) into trimmed keys. Blank
 * lines and repeats within the file are reported by line, not imported. A
 * trailing line end does not count as a blank line. Records on `cdkText`
 * (never quoting a key): not a string, a key too long or not storable, or
 * no key at all.
 */
export function parseCdkText(check: InputCheck, value: unknown): ParsedCdkText {
  if (typeof value !== "string") {
    check.fail("cdkText", "required", "cdkText is required and must be the key file's text");
    return { keys: [], blankLines: [], duplicateLines: [] };
  }
  const lines = value.split(/\r?\n/);
  // A file ending with a line break has no extra blank line after it.
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const keys: { key: string; line: number }[] = [];
  const blankLines: number[] = [];
  const duplicateLines: { line: number; firstLine: number }[] = [];
  const firstLineOf = new Map<string, number>();
  const tooLong: number[] = [];
  const unstorable: number[] = [];
  lines.forEach((raw, index) => {
    const line = index + 1;
    const key = raw.trim();
    if (key === "") {
      blankLines.push(line);
      return;
    }
    if ([...key].length > MAX_CDK_KEY_LENGTH) {
      tooLong.push(line);
      return;
    }
    if (!isStorableText(key)) {
      unstorable.push(line);
      return;
    }
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      duplicateLines.push({ line, firstLine: first });
      return;
    }
    firstLineOf.set(key, line);
    keys.push({ key, line });
  });
  if (tooLong.length > 0) {
    check.fail(
      "cdkText",
      "key_max_length",
      `cdkText keys must be at most ${MAX_CDK_KEY_LENGTH} characters (lines ${lineList(tooLong)})`,
    );
  }
  if (unstorable.length > 0) {
    check.fail(
      "cdkText",
      "storable_text",
      `cdkText keys must not hold NUL characters or lone surrogates (lines ${lineList(unstorable)})`,
    );
  }
  if (keys.length === 0 && tooLong.length === 0 && unstorable.length === 0) {
    check.fail("cdkText", "no_keys", "cdkText must hold at least one key (one per line)");
  } else if (keys.length > MAX_CDK_KEYS) {
    check.fail("cdkText", "max_keys", `cdkText may hold at most ${MAX_CDK_KEYS} keys`);
  }
  return { keys, blankLines, duplicateLines };
}

/** The first line numbers of a list, for a message. */
function lineList(lines: readonly number[]): string {
  const shown = lines.slice(0, 10).join(", ");
  return lines.length > 10 ? `${shown}, …` : shown;
}
