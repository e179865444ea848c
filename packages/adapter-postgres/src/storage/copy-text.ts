import type { CodeRecord } from "@onecode/core";
import { levelNumber } from "./codes-row-mapping.js";

/** Characters with a meaning in COPY's text format. */
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
};

/** A value as a field of COPY's text format: backslash, tab, newline and CR escaped. */
export function copyField(value: string): string {
  return value.replace(SPECIAL_ALL, (char) => ESCAPES[char] as string);
}

/** The column list the text from {@link codesCopyText} fills, in table order. */
export const CODES_COPY_COLUMNS = "serial, parent_serial, level, tenant_id, code, package_id, url";

const TAB = 9;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const BACKSLASH = 92;
const NULL_MARK = Buffer.from("\\N");

/** `buffer` with room for `bytes` more after `length`: itself, or a copy twice as large. */
function ensureRoom(buffer: Buffer, length: number, bytes: number): Buffer {
  if (length + bytes <= buffer.length) return buffer;
  const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, length + bytes));
  buffer.copy(grown, 0, 0, length);
  return grown;
}

/** Writes `source` at `at`; returns the new end. A loop: these are a few dozen bytes. */
function putBytes(buffer: Buffer, at: number, source: Uint8Array): number {
  for (let i = 0; i < source.length; i++) buffer[at + i] = source[i] as number;
  return at + source.length;
}

/** Writes an integer in decimal at `at`; returns the new end. */
function putInteger(buffer: Buffer, at: number, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) return putText(buffer, at, String(value));
  let digits = 1;
  for (let limit = 10; value >= limit; limit *= 10) digits++;
  let rest = value;
  for (let i = at + digits - 1; i >= at; i--) {
    buffer[i] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + digits;
}

/**
 * Writes a text field at `at`; returns the new end. Plain ASCII (every code,
 * ids, most URLs) is copied char by char; anything else goes through
 * escaping and UTF-8 encoding. Needs room for `6 * value.length` bytes, the
 * most an escaped, encoded field can take.
 */
function putText(buffer: Buffer, at: number, value: string): number {
  for (let i = 0; i < value.length; i++) {
    const char = value.charCodeAt(i);
    if (
      char >= 0x80 ||
      char === BACKSLASH ||
      char === TAB ||
      char === NEWLINE ||
      char === CARRIAGE_RETURN
    ) {
      return at + buffer.write(copyField(value), at, "utf8");
    }
    buffer[at + i] = char;
  }
  return at + value.length;
}

/** Room for a serial, a parent serial and a level with their tabs and the newline. */
const FIXED_FIELDS_BYTES = 16 + 16 + 4 + 8;

/**
 * The rows of one chunk as the body of `COPY onecode_codes
 * (CODES_COPY_COLUMNS) FROM STDIN` in text format: one line per row, fields
 * separated by tabs, `\N` for NULL, text escaped. This runs once per
 * generated code, so it writes bytes straight into one buffer, without
 * per-row strings; tenant and package are the same on every row and are
 * encoded once.
 */
export function codesCopyText(
  tenantId: string,
  packageId: string,
  rows: readonly CodeRecord[],
): Buffer {
  const tenant = Buffer.from(`\t${copyField(tenantId)}\t`);
  const pkg = Buffer.from(`\t${copyField(packageId)}\t`);
  const perRow = FIXED_FIELDS_BYTES + tenant.length + pkg.length;
  const typicalCode = rows[0]?.code.length ?? 0;
  let buffer: Buffer = Buffer.allocUnsafe(Math.max(256, rows.length * (perRow + typicalCode)));
  let at = 0;
  for (const row of rows) {
    buffer = ensureRoom(buffer, at, perRow + 6 * (row.code.length + (row.url?.length ?? 0)));
    at = putInteger(buffer, at, row.serial);
    buffer[at++] = TAB;
    at =
      row.parentSerial === null
        ? putBytes(buffer, at, NULL_MARK)
        : putInteger(buffer, at, row.parentSerial);
    buffer[at++] = TAB;
    at = putInteger(buffer, at, levelNumber(row.level));
    at = putBytes(buffer, at, tenant);
    at = putText(buffer, at, row.code);
    at = putBytes(buffer, at, pkg);
    at = row.url === null ? putBytes(buffer, at, NULL_MARK) : putText(buffer, at, row.url);
    buffer[at++] = NEWLINE;
  }
  return buffer.subarray(0, at);
}
