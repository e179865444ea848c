import { parseCsvLine } from "../../codes/csv-format.js";
import type { UploadLineError } from "../../codes/upload-line-reader.js";
import { OneCodeError } from "../../kernel/errors.js";
import { isStorableText } from "../../kernel/storable-text.js";
import { SHIPPING_LIMITS, TRACKING_NUMBER_PATTERN } from "./shipment-input.js";

/** The columns of a bulk shipping file, in order. */
export const BULK_SHIPPING_COLUMNS = ["order_number", "courier", "tracking_number"] as const;

/** The header line of a bulk shipping file. */
export const BULK_SHIPPING_HEADER = BULK_SHIPPING_COLUMNS.join(",");

/** One well-formed data row of a bulk shipping file. */
export interface BulkShippingRow {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly orderNumber: string;
  readonly courier: string;
  readonly trackingNumber: string;
}

const FIELD_MAX: Readonly<Record<(typeof BULK_SHIPPING_COLUMNS)[number], number>> = {
  order_number: 64,
  courier: SHIPPING_LIMITS.courierMax,
  tracking_number: SHIPPING_LIMITS.trackingNumberMax,
};

/** Collects a file's errors: all are counted, the first ones listed. */
class FileErrors {
  count = 0;
  readonly listed: UploadLineError[] = [];

  add(line: number, rule: string, message: string): void {
    this.count++;
    if (this.listed.length < SHIPPING_LIMITS.maxReportedErrors) {
      this.listed.push({ line, rule, message });
    }
  }

  rejection(): OneCodeError<"UPLOAD_REJECTED"> {
    const first = this.listed[0];
    return new OneCodeError(
      "UPLOAD_REJECTED",
      `the bulk shipping file was rejected and nothing shipped: ${this.count} error(s)${
        first ? `; first: ${first.message}` : ""
      }`,
      { errorCount: this.count, errors: this.listed },
    );
  }
}

function byteLength(file: string | Uint8Array): number {
  return typeof file === "string" ? new TextEncoder().encode(file).byteLength : file.byteLength;
}

/** The file as text, or `null` when its bytes are not UTF-8. */
function decode(file: string | Uint8Array): string | null {
  if (typeof file === "string") return file;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(file);
  } catch {
    return null;
  }
}

/**
 * Reads a bulk shipping file (批量发货): UTF-8 (a BOM is skipped), LF or
 * CRLF line ends, RFC 4180 quoting, blank lines skipped, the header
 * `order_number,courier,tracking_number` first, then at most 1,000 rows of
 * three non-empty fields, the whole file at most 1 MiB. Any broken rule
 * rejects the whole file: `UPLOAD_REJECTED` lists every error (the first
 * 100) as `{ line, rule, message }`.
 */
export function readBulkShippingCsv(file: string | Uint8Array): BulkShippingRow[] {
  const errors = new FileErrors();
  if (byteLength(file) > SHIPPING_LIMITS.csvMaxBytes) {
    errors.add(
      0,
      "file_size",
      `the file is larger than ${SHIPPING_LIMITS.csvMaxBytes} bytes (1 MiB)`,
    );
    throw errors.rejection();
  }
  const text = decode(file);
  if (text === null) {
    errors.add(0, "encoding", "the file is not UTF-8 text");
    throw errors.rejection();
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const rows: BulkShippingRow[] = [];
  let headerSeen = false;
  let dataRows = 0;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    if (!headerSeen) {
      headerSeen = true;
      const header = parseCsvLine(raw)?.map((field) => field.trim().toLowerCase());
      if (header?.join(",") !== BULK_SHIPPING_HEADER) {
        errors.add(line, "header", `line ${line}: the header must be ${BULK_SHIPPING_HEADER}`);
      }
      return;
    }
    dataRows++;
    if (dataRows === SHIPPING_LIMITS.csvMaxRows + 1) {
      errors.add(
        line,
        "row_count",
        `line ${line}: the file has more than ${SHIPPING_LIMITS.csvMaxRows} rows`,
      );
    }
    const row = readRow(raw, line, errors);
    if (row) rows.push(row);
  });
  if (dataRows === 0 && errors.count === 0) {
    errors.add(0, "no_rows", "the file has no rows to ship");
  }
  if (errors.count > 0) throw errors.rejection();
  return rows;
}

function readRow(raw: string, line: number, errors: FileErrors): BulkShippingRow | null {
  const fields = parseCsvLine(raw);
  if (fields === null) {
    errors.add(
      line,
      "quoting",
      `line ${line}: a quoted field is not closed, or text follows its closing quote`,
    );
    return null;
  }
  if (fields.length !== BULK_SHIPPING_COLUMNS.length) {
    errors.add(
      line,
      "column_count",
      `line ${line}: expected ${BULK_SHIPPING_COLUMNS.length} fields (${BULK_SHIPPING_HEADER}), found ${fields.length}`,
    );
    return null;
  }
  const values = fields.map((field) => field.trim());
  let valid = true;
  BULK_SHIPPING_COLUMNS.forEach((column, index) => {
    const value = values[index] ?? "";
    const problem =
      value === ""
        ? { rule: "empty_field", text: `${column} is empty` }
        : !isStorableText(value) || [...value].length > FIELD_MAX[column]
          ? {
              rule: "field_format",
              text: `${column} must be text of at most ${FIELD_MAX[column]} characters`,
            }
          : column === "tracking_number" && !TRACKING_NUMBER_PATTERN.test(value)
            ? { rule: "field_format", text: `${column} may hold only letters, digits, '-' and '_'` }
            : null;
    if (problem) {
      valid = false;
      errors.add(line, problem.rule, `line ${line}: ${problem.text}`);
    }
  });
  if (!valid) return null;
  const [orderNumber = "", courier = "", trackingNumber = ""] = values;
  return { line, orderNumber, courier, trackingNumber };
}
