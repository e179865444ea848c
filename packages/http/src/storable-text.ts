import type { ValidationIssue } from "@onecode/core";
import {
  isStorableText,
  STORABLE_TEXT_MESSAGE,
  STORABLE_TEXT_RULE,
} from "@onecode/core/input-rules";

/** Nesting walked by recursion; deeper subtrees (never valid input) continue on an explicit stack. */
const RECURSION_DEPTH = 32;

/** A key as it appears in a field path: a NUL character or a lone surrogate is escaped. */
export function printableKey(key: string): string {
  return isStorableText(key) ? key : JSON.stringify(key).slice(1, -1);
}

function refuse(field: string, issues: ValidationIssue[]): void {
  issues.push({ field, rule: STORABLE_TEXT_RULE, message: `${field} ${STORABLE_TEXT_MESSAGE}` });
}

const child = (path: string | null, key: string) => (path === null ? key : `${path}.${key}`);

/**
 * Records an issue for every string in `value` (a decoded path parameter, a
 * query object or a parsed JSON body), and every object key, that holds a
 * NUL character or a lone surrogate: text PostgreSQL cannot store, refused
 * at the edge on every route before any schema or core function sees it.
 * Fields are named like zod issues: the dotted path (`customFields.0.title`),
 * or `root` for the value itself. Cheap enough for the public scan: its
 * body is walked in a few hundred nanoseconds.
 */
export function checkStorableText(value: unknown, root: string, issues: ValidationIssue[]): void {
  walk(value, null, root, issues, 0);
}

function walk(
  value: unknown,
  path: string | null,
  root: string,
  issues: ValidationIssue[],
  depth: number,
): void {
  if (typeof value === "string") {
    if (!isStorableText(value)) refuse(path ?? root, issues);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (depth >= RECURSION_DEPTH) {
    walkDeep(value, path, root, issues);
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      walk(value[index], child(path, String(index)), root, issues, depth + 1);
    }
    return;
  }
  // JSON objects and query objects hold only own, enumerable keys.
  for (const key in value) {
    const keyStorable = isStorableText(key);
    const field = child(path, keyStorable ? key : printableKey(key));
    if (!keyStorable) refuse(field, issues);
    walk((value as Record<string, unknown>)[key], field, root, issues, depth + 1);
  }
}

/** The same walk on an explicit stack, so a body nested thousands of levels cannot overflow. */
function walkDeep(value: object, path: string | null, root: string, issues: ValidationIssue[]) {
  // Each entry: a value, its field path, and whether its key is unstorable.
  const pending: [unknown, string | null, boolean][] = [[value, path, false]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, at, badKey] = next;
    if (badKey) refuse(at ?? root, issues);
    if (typeof item === "string") {
      if (!isStorableText(item)) refuse(at ?? root, issues);
    } else if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index--) {
        pending.push([item[index], child(at, String(index)), false]);
      }
    } else if (typeof item === "object" && item !== null) {
      const keys = Object.keys(item);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index] as string;
        const entry = (item as Record<string, unknown>)[key];
        pending.push([entry, child(at, printableKey(key)), !isStorableText(key)]);
      }
    }
  }
}
