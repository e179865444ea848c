import { UPLOADED_CODE_PATTERN } from "../../codes/upload-line-reader.js";
import { parseDigitalLink } from "../gs1/digital-link.js";
import { canonicalGs1Uri } from "../gs1/gs1-uri.js";

/**
 * What a well-formed code looks like: 1-64 URL-unreserved characters, the
 * superset of generated codes (letters and digits) and uploaded ones.
 */
export const SCANNED_CODE_PATTERN = UPLOADED_CODE_PATTERN;

/** Longest scanned text accepted (a code URL or Digital Link with room to spare). */
export const SCANNED_TEXT_MAX = 2000;

/**
 * The code in what a scanner read: a bare code; a GS1 Digital Link (the
 * code travels in its `oc` parameter; a link without one holds no code); or
 * a code URL, `prefix + code` with a prefix ending in `/` or `=`, so the
 * code is the text after the URL's last `/` or `=` (fragment removed).
 * `null` when no well-formed code is in it.
 *
 * @example
 * ```ts
 * codeFromScan("https://t.acme.example/c/AbC123"); // "AbC123"
 * codeFromScan("https://alt.example/?c=AbC123"); // "AbC123"
 * codeFromScan("https://t.acme.example/01/06901234567892/21/x-1?oc=AbC123"); // "AbC123"
 * ```
 */
export function codeFromScan(scanned: string): string | null {
  const text = scanned.trim();
  if (text.length === 0 || text.length > SCANNED_TEXT_MAX) return null;
  let candidate = text;
  if (/^https?:\/\//i.test(text)) {
    const link = parseDigitalLink(text);
    if (link) candidate = link.code ?? "";
    else {
      const withoutFragment = text.split("#", 1)[0] as string;
      const cut = Math.max(withoutFragment.lastIndexOf("/"), withoutFragment.lastIndexOf("="));
      candidate = withoutFragment.slice(cut + 1);
    }
  }
  return SCANNED_CODE_PATTERN.test(candidate) ? candidate : null;
}

/**
 * What scanned text identifies: the code in it, or for a Digital Link
 * without its code the GS1 key as canonical Digital Link URI
 * (`https://id.gs1.org/01/<GTIN>/21/<serial>`); `null` when neither.
 */
export function scannedIdentity(scanned: string): string | null {
  const code = codeFromScan(scanned);
  if (code !== null) return code;
  const text = scanned.trim();
  return /^https?:\/\//i.test(text) && parseDigitalLink(text) ? canonicalGs1Uri(text) : null;
}

/** What records of scanned text are kept and looked up under: {@link scannedIdentity}, else the text. */
export function scanRecordKey(scanned: string): string {
  return scannedIdentity(scanned) ?? scanned;
}
