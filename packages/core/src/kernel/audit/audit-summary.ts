import type { AuditChanges, AuditFieldChange, AuditValue } from "./audit-entry.js";

/** Field names whose values never enter the log (matched case-insensitively, anywhere in the name). */
const SECRET_FIELD = /secret|password|token|credential|private|signature|apikey|api_key/i;
/** Marker written in place of a secret. */
export const AUDIT_REDACTED = "[redacted]";
/** Longer text is cut to this many characters and ends with `…`. */
export const AUDIT_TEXT_MAX = 200;
/** A list or object whose JSON is longer than this is replaced by a `[omitted: ...]` marker. */
export const AUDIT_STRUCTURE_MAX = 2000;

function cutText(text: string): string {
  const chars = [...text];
  return chars.length <= AUDIT_TEXT_MAX ? text : `${chars.slice(0, AUDIT_TEXT_MAX).join("")}…`;
}

function summarize(field: string, value: unknown): AuditValue {
  if (SECRET_FIELD.test(field)) return AUDIT_REDACTED;
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return cutText(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((item) => summarize(field, item));
  if (typeof value === "object") {
    const out: Record<string, AuditValue> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = summarize(key, item);
    }
    return out;
  }
  return cutText(String(value));
}

/**
 * A value as the audit log keeps it: a field whose name says it is secret
 * (password, token, secret, signature, credential, private key) becomes
 * `[redacted]`, also inside nested objects; text is cut to
 * {@link AUDIT_TEXT_MAX} characters; a list or object whose JSON would
 * exceed {@link AUDIT_STRUCTURE_MAX} characters (images, custom-field
 * blobs, long lists) becomes `[omitted: N characters of JSON]`.
 */
export function summarizeAuditValue(field: string, value: unknown): AuditValue {
  const summary = summarize(field, value);
  if (typeof summary !== "object" || summary === null) return summary;
  const length = JSON.stringify(summary).length;
  return length > AUDIT_STRUCTURE_MAX ? `[omitted: ${length} characters of JSON]` : summary;
}

/** Bookkeeping fields every record has; they say nothing about the change. */
const BOOKKEEPING = new Set(["id", "tenantId", "createdAt", "updatedAt"]);

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The fields of a record made by the change, each with `after` only
 * (bookkeeping fields and `undefined` left out).
 */
export function createdChanges(record: object): AuditChanges {
  const changes: Record<string, AuditFieldChange> = {};
  for (const [field, value] of Object.entries(record)) {
    if (BOOKKEEPING.has(field) || value === undefined) continue;
    changes[field] = { after: summarizeAuditValue(field, value) };
  }
  return changes;
}

/** The fields of a record the change removed, each with `before` only. */
export function deletedChanges(record: object): AuditChanges {
  const changes: Record<string, AuditFieldChange> = {};
  for (const [field, value] of Object.entries(record)) {
    if (BOOKKEEPING.has(field) || value === undefined) continue;
    changes[field] = { before: summarizeAuditValue(field, value) };
  }
  return changes;
}

/**
 * The fields whose value differs between `before` and `after` (compared as
 * JSON), each with both values; bookkeeping fields left out. With `fields`,
 * only those are compared.
 */
export function updatedChanges(
  before: object | null,
  after: object,
  fields?: readonly string[],
): AuditChanges {
  const old = (before ?? {}) as Record<string, unknown>;
  const next = after as Record<string, unknown>;
  const names = fields ?? [...new Set([...Object.keys(old), ...Object.keys(next)])];
  const changes: Record<string, AuditFieldChange> = {};
  for (const field of names) {
    if (BOOKKEEPING.has(field) || sameValue(old[field], next[field])) continue;
    changes[field] = {
      before: summarizeAuditValue(field, old[field]),
      after: summarizeAuditValue(field, next[field]),
    };
  }
  return changes;
}

/** Counts of a bulk change (`{ codeCount: 1200 }`), each as an `after` value: one entry, not one per code. */
export function countChanges(counts: Readonly<Record<string, number>>): AuditChanges {
  const changes: Record<string, AuditFieldChange> = {};
  for (const [field, count] of Object.entries(counts)) changes[field] = { after: count };
  return changes;
}

/** Explicit before/after values (e.g. a status move), summarized like every other value. */
export function fieldChanges(
  values: Readonly<Record<string, { before?: unknown; after?: unknown }>>,
): AuditChanges {
  const changes: Record<string, AuditFieldChange> = {};
  for (const [field, change] of Object.entries(values)) {
    changes[field] = {
      ...("before" in change && { before: summarizeAuditValue(field, change.before) }),
      ...("after" in change && { after: summarizeAuditValue(field, change.after) }),
    };
  }
  return changes;
}
