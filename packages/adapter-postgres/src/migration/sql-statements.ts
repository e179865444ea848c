/**
 * Splits a SQL script into its statements at top-level semicolons, skipping
 * semicolons inside quoted strings, quoted identifiers, dollar-quoted bodies
 * and comments. Statements are run one by one because PGlite (like any
 * extended-protocol query) accepts one statement per call.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const statement = script.slice(start, end).trim();
    if (stripComments(statement).trim() !== "") statements.push(statement);
  };
  while (i < script.length) {
    const char = script[i] as string;
    const next = script[i + 1];
    if (char === "-" && next === "-") {
      i = endOfLine(script, i);
    } else if (char === "/" && next === "*") {
      i = endOfBlockComment(script, i);
    } else if (char === "'") {
      i = endOfQuoted(script, i, "'", isEscapeString(script, i));
    } else if (char === '"') {
      i = endOfQuoted(script, i, '"', false);
    } else if (char === "$" && dollarTag(script, i) !== null) {
      const tag = dollarTag(script, i) as string;
      const close = script.indexOf(tag, i + tag.length);
      i = close === -1 ? script.length : close + tag.length;
    } else if (char === ";") {
      push(i);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(script.length);
  return statements;
}

function endOfLine(script: string, from: number): number {
  const end = script.indexOf("\n", from);
  return end === -1 ? script.length : end + 1;
}

/** Block comments nest in PostgreSQL. */
function endOfBlockComment(script: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < script.length) {
    if (script.startsWith("/*", i)) {
      depth++;
      i += 2;
    } else if (script.startsWith("*/", i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return script.length;
}

/** A doubled quote stands for one quote; in `E'...'` strings a backslash escapes too. */
function endOfQuoted(script: string, from: number, quote: string, backslashes: boolean): number {
  let i = from + 1;
  while (i < script.length) {
    const char = script[i];
    if (backslashes && char === "\\") {
      i += 2;
    } else if (char === quote) {
      if (script[i + 1] !== quote) return i + 1;
      i += 2;
    } else {
      i++;
    }
  }
  return script.length;
}

function isEscapeString(script: string, quoteAt: number): boolean {
  const before = script[quoteAt - 1];
  return (before === "E" || before === "e") && !/[A-Za-z0-9_]/.test(script[quoteAt - 2] ?? "");
}

/** `$tag$` or `$$` starting at `at`, unless the `$` belongs to an identifier or a `$1` parameter. */
function dollarTag(script: string, at: number): string | null {
  if (/[A-Za-z0-9_]/.test(script[at - 1] ?? "")) return null;
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(at, at + 65));
  return match ? match[0] : null;
}

function stripComments(statement: string): string {
  return statement.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
}
