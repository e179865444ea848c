import { CODE_CSV_COLUMNS, CODE_CSV_HEADER, parseCsvLine } from "./csv-format.js";

/** Bounds of uploads (domain §1.4). */
export const UPLOAD_LIMITS = Object.freeze({
  /** Code lines per file (blank lines and the header do not count). */
  maxLines: 1_000_000,
  /** Errors listed in `UPLOAD_REJECTED` details (all are counted). */
  maxReportedErrors: 100,
  /** Characters of an uploaded code (the URL after the prefix). */
  codeMax: 64,
  /** Characters of an uploaded URL. */
  urlMax: 2000,
  fileNameMax: 255,
});

/** What an uploaded code may hold: URL-safe unreserved characters (RFC 3986). */
export const UPLOADED_CODE_PATTERN = /^[A-Za-z0-9._~-]{1,64}$/;

/** One reason a line of an upload was refused. */
export interface UploadLineError {
  /** 1-based line number (0 for problems of the whole file). */
  readonly line: number;
  readonly rule: string;
  readonly message: string;
}

/** What one line of an upload holds. */
export type UploadLine =
  | { readonly kind: "skip" }
  | { readonly kind: "code"; readonly code: string; readonly url: string }
  | { readonly kind: "error"; readonly rule: string; readonly message: string };

const URL_COLUMN = CODE_CSV_COLUMNS.indexOf("url");

function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The line's text as quoted in a message: at most 80 code points, in JSON
 * quotes, so control characters and lone surrogates appear escaped (the
 * message also becomes the package's `failureReason`, which storage keeps).
 */
function quoted(text: string): string {
  const points = [...text];
  return JSON.stringify(points.length > 80 ? `${points.slice(0, 77).join("")}...` : text);
}

/**
 * Reads an upload line by line. The first non-blank line decides the
 * format: OneCode's own text-package header (`serial,level,code,url,parent_code`)
 * means CSV rows whose `url` column is taken; anything else means one code
 * URL per line. Blank lines are skipped. Each URL must be an absolute
 * http(s) URL starting with one of `prefixes`; the rest is the code.
 */
export function uploadLineReader(prefixes: readonly string[]): {
  read(text: string, line: number): UploadLine;
} {
  // Longest first, so a prefix that extends another one wins.
  const ordered = [...prefixes].sort((a, b) => b.length - a.length);
  let csv: boolean | null = null;

  const checkUrl = (url: string, line: number): UploadLine => {
    if (url.length > UPLOAD_LIMITS.urlMax) {
      return {
        kind: "error",
        rule: "url_length",
        message: `line ${line}: the URL is longer than ${UPLOAD_LIMITS.urlMax} characters`,
      };
    }
    // A registered prefix is an absolute http(s) URL and a code holds only
    // unreserved characters, so only lines without a prefix need parsing.
    const prefix = ordered.find((candidate) => url.startsWith(candidate));
    if (prefix === undefined) {
      return isHttpUrl(url)
        ? {
            kind: "error",
            rule: "foreign_prefix",
            message: `line ${line}: ${quoted(url)} does not start with a URL prefix registered for the merchant`,
          }
        : {
            kind: "error",
            rule: "url",
            message: `line ${line}: ${quoted(url)} is not an absolute http(s) URL`,
          };
    }
    const code = url.slice(prefix.length);
    if (!UPLOADED_CODE_PATTERN.test(code)) {
      return {
        kind: "error",
        rule: "code_format",
        message: `line ${line}: the code after the prefix must be 1-${UPLOAD_LIMITS.codeMax} of letters, digits, '.', '_', '~' and '-'`,
      };
    }
    return { kind: "code", code, url };
  };

  return {
    read(text, line) {
      const trimmed = (line === 1 ? text.replace(/^\uFEFF/, "") : text).trim();
      if (trimmed === "") return { kind: "skip" };
      if (csv === null) {
        csv = trimmed.toLowerCase() === CODE_CSV_HEADER;
        if (csv) return { kind: "skip" };
      }
      if (!csv) return checkUrl(trimmed, line);
      const fields = parseCsvLine(trimmed);
      if (!fields || fields.length !== CODE_CSV_COLUMNS.length) {
        return {
          kind: "error",
          rule: "csv_columns",
          message: `line ${line}: a text-package row needs ${CODE_CSV_COLUMNS.length} comma-separated fields (${CODE_CSV_HEADER})`,
        };
      }
      return checkUrl((fields[URL_COLUMN] as string).trim(), line);
    },
  };
}
