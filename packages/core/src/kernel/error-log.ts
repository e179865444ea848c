import { isOneCodeError } from "./errors.js";

/** SQLSTATE classes (the first two characters), named as PostgreSQL's appendix names them. */
const SQLSTATE_CLASSES: Readonly<Record<string, string>> = {
  "08": "connection exception",
  "0A": "feature not supported",
  "22": "data exception",
  "23": "integrity constraint violation",
  "25": "invalid transaction state",
  "40": "transaction rollback",
  "42": "syntax error or access rule violation",
  "53": "insufficient resources",
  "54": "program limit exceeded",
  "55": "object not in prerequisite state",
  "57": "operator intervention",
  "58": "system error",
  XX: "internal error",
};

const SQLSTATE = /^[0-9A-Z]{5}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
/** Causes followed; a longer chain is cut with a note. */
const MAX_CAUSES = 5;

type ErrorFields = Error & {
  code?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
};

/** The schema objects a database error names (our identifiers, never values). */
function schemaObjects(error: ErrorFields): string {
  const named = (["table", "column", "constraint"] as const).flatMap((field) => {
    const value = error[field];
    return typeof value === "string" && IDENTIFIER.test(value) ? [`${field} ${value}`] : [];
  });
  return named.length > 0 ? `; ${named.join(", ")}` : "";
}

/** The first line for one error: what it is, without any text a driver wrote. */
function headline(error: unknown): string {
  if (!(error instanceof Error)) return `non-error value thrown (${typeof error})`;
  const fields = error as ErrorFields;
  if (isOneCodeError(error)) return `OneCodeError ${error.code}: ${error.message}`;
  if (typeof fields.code === "string" && SQLSTATE.test(fields.code)) {
    const kind = SQLSTATE_CLASSES[fields.code.slice(0, 2)] ?? "database error";
    return `storage error SQLSTATE ${fields.code} (${kind}${schemaObjects(fields)})`;
  }
  // Drivers and the runtime (ECONNREFUSED, ioredis, ...) put addresses and values in their text.
  if (typeof fields.code === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(fields.code)) {
    return `${error.name} ${fields.code}`;
  }
  return `${error.name}: ${error.message}`;
}

/**
 * One line saying what an error is without any text a driver wrote (the
 * first line of {@link formatErrorForLog}): safe to store, e.g. as an outbox
 * event's `lastError`.
 */
export function errorSummary(error: unknown): string {
  return headline(error);
}

/** The `at ...` frames of a stack, without the message lines it starts with. */
function frames(error: unknown): string[] {
  if (!(error instanceof Error) || typeof error.stack !== "string") return [];
  return error.stack.split("\n").filter((line) => /^\s+at /.test(line));
}

/**
 * Formats an error for a log: for each error of its `cause` chain, one
 * headline and the stack frames. It never prints an error's properties, so
 * no SQL parameters (PGlite attaches them to its errors) and no row data
 * (PostgreSQL's `detail`) reach the log; and for a database error
 * (a SQLSTATE `code`) or another error with a driver or system `code`, not
 * its message either, which may quote values: a database error reads
 * `storage error SQLSTATE 23502 (integrity constraint violation; table
 * onecode_merchants, column name)`. `OneCodeError`s and plain errors keep
 * their message, which is OneCode's or the program's own text.
 *
 * @example
 * ```ts
 * const handler = createHandler(onecode, {
 *   authenticate,
 *   onError: (error, request) =>
 *     logger.error(`${request.method} ${new URL(request.url).pathname}: ${formatErrorForLog(error)}`),
 * });
 * ```
 */
export function formatErrorForLog(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null; depth++) {
    if (depth > MAX_CAUSES) {
      lines.push("caused by: (further causes omitted)");
      break;
    }
    lines.push(`${depth === 0 ? "" : "caused by: "}${headline(current)}`, ...frames(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join("\n");
}
