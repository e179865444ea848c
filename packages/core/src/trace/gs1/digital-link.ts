import { createHash } from "node:crypto";
import { AI82_PATTERN, isValidSscc } from "../../catalog/gs1-keys.js";
import { isValidGtin, toGtin14 } from "../../catalog/gtin.js";

/** What a GS1 Digital Link URI of one code carries. */
export interface DigitalLink {
  /** The GTIN-14 (AI 01), or `null` for an SSCC link. */
  readonly gtin: string | null;
  /** The SSCC (AI 00) of a logistic unit, instead of a GTIN. */
  readonly sscc?: string | null;
  /** The lot (AI 10, a key qualifier of the GTIN). */
  readonly lot?: string | null;
  /** The serial number (AI 21), or `null` when the link has none. */
  readonly serial: string | null;
  /** The expiry date (AI 17, a data attribute in the query) as `YYMMDD`. */
  readonly expiry?: string | null;
  /** OneCode's anti-counterfeit code, carried in the `oc` query parameter, or `null`. */
  readonly code: string | null;
}

/** AI 21 values: 1-20 characters of the GS1 AI encodable character set 82. */
export const DIGITAL_LINK_SERIAL_PATTERN = AI82_PATTERN;

/** The query parameter holding the anti-counterfeit code. */
export const DIGITAL_LINK_CODE_PARAMETER = "oc";

const TOKEN_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const TOKEN_LENGTH = 15;

/**
 * The token that starts the AI 21 serials of a package's codes: the first
 * 75 bits of SHA-256 over the package id in Crockford base 32, 15
 * characters. A product's packages get distinct tokens unless two of them
 * collide in 75 bits (about n²/2⁷⁶ for n packages of one GTIN), whatever
 * format the host's id generator uses; storage indexes it, so a scanned
 * serial finds its package.
 */
export function serialTokenOf(packageId: string): string {
  const digest = createHash("sha256").update(packageId).digest();
  let token = "";
  let bits = 0;
  let buffer = 0;
  for (const byte of digest) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && token.length < TOKEN_LENGTH) {
      bits -= 5;
      token += TOKEN_ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
    if (token.length === TOKEN_LENGTH) break;
  }
  return token;
}

/**
 * The AI 21 serial of a code: its package's {@link serialTokenOf}, `-`,
 * and the code's serial within the package in base 36 (at most 4
 * characters for the 1,000,000 codes a package can hold), so at most 20
 * characters of the AI-82 set. The anti-counterfeit code itself is not the
 * serial: it can be 32 characters, AI 21 allows 20, and the serial must not
 * reveal it.
 *
 * @example
 * ```ts
 * digitalLinkSerial("pkg_01jd3v8k0g9w5x2r7q4m6n8p0t", 1000); // "<15 chars>-rs"
 * ```
 */
export function digitalLinkSerial(packageId: string, serial: number): string {
  return `${serialTokenOf(packageId)}-${serial.toString(36)}`;
}

/** Splits an AI 21 serial of OneCode's form into its package token and serial, else `null`. */
export function parseDigitalLinkSerial(
  value: string,
): { readonly token: string; readonly serial: number } | null {
  const match = /^([0-9a-hjkmnp-tv-z]{15})-([1-9a-z][0-9a-z]{0,3})$/.exec(value);
  if (!match) return null;
  return { token: match[1] as string, serial: Number.parseInt(match[2] as string, 36) };
}

/** Percent-encodes everything outside RFC 3986's unreserved characters. */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A GS1 Digital Link URI on `origin` (scheme and host of the merchant's
 * code URL prefix): `https://host/01/<GTIN-14>[/10/<lot>][/21/<serial>]`
 * or `https://host/00/<SSCC>`, then the query: `17=<YYMMDD>` (expiry, a
 * data attribute) and `oc=<code>` (OneCode's verification token, a
 * non-GS1 attribute). Throws a `RangeError` for an invalid GTIN, SSCC, lot,
 * serial or date (callers pass checked values).
 *
 * @example
 * ```ts
 * buildDigitalLink("https://t.acme.example/c/", {
 *   gtin: "6901234567892", lot: "20260401-A", serial: "ywq0mpaajm5wcf1-1", expiry: "270401", code: "YHdVvakUS5Um",
 * }); // "https://t.acme.example/01/06901234567892/10/20260401-A/21/ywq0mpaajm5wcf1-1?17=270401&oc=YHdVvakUS5Um"
 * ```
 */
export function buildDigitalLink(origin: string, link: DigitalLink): string {
  let uri = new URL(origin).origin;
  const qualifier = (ai: string, value: string | null | undefined) => {
    if (value === null || value === undefined) return;
    if (!AI82_PATTERN.test(value)) throw new RangeError(`"${value}" is not an AI ${ai} value`);
    uri += `/${ai}/${encodeValue(value)}`;
  };
  if (link.sscc !== null && link.sscc !== undefined) {
    if (!isValidSscc(link.sscc)) throw new RangeError(`"${link.sscc}" is not a valid SSCC`);
    uri += `/00/${link.sscc}`;
  } else {
    if (link.gtin === null || !isValidGtin(link.gtin)) {
      throw new RangeError(`"${link.gtin}" is not a valid GTIN`);
    }
    uri += `/01/${toGtin14(link.gtin)}`;
    qualifier("10", link.lot);
    qualifier("21", link.serial);
  }
  const query: string[] = [];
  if (link.expiry !== null && link.expiry !== undefined) {
    if (!/^\d{6}$/.test(link.expiry)) throw new RangeError(`"${link.expiry}" is not a YYMMDD date`);
    query.push(`17=${link.expiry}`);
  }
  if (link.code !== null) query.push(`${DIGITAL_LINK_CODE_PARAMETER}=${encodeValue(link.code)}`);
  return query.length === 0 ? uri : `${uri}?${query.join("&")}`;
}

/**
 * Reads a GS1 Digital Link URI: the GTIN after a `/01/` path segment (8, 12,
 * 13 or 14 digits with a valid check digit, returned as GTIN-14) with its
 * lot (`/10/`) and serial (`/21/`), or an SSCC after `/00/` (18 digits,
 * valid check digit); then the expiry (`17`) and the `oc` code from the
 * query. Other AIs and parameters are ignored. `null` when the text is no
 * http(s) Digital Link.
 */
export function parseDigitalLink(text: string): Required<DigitalLink> | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  const at = segments.findIndex((segment, index) => {
    const value = segments[index + 1] ?? "";
    return (segment === "01" && isValidGtin(value)) || (segment === "00" && isValidSscc(value));
  });
  if (at < 0) return null;
  const qualifiers = new Map<string, string>();
  for (let index = at + 2; index + 1 < segments.length; index += 2) {
    try {
      qualifiers.set(segments[index] as string, decodeURIComponent(segments[index + 1] as string));
    } catch {
      return null;
    }
  }
  const key = segments[at + 1] as string;
  const isGtin = segments[at] === "01";
  return {
    gtin: isGtin ? toGtin14(key) : null,
    sscc: isGtin ? null : key,
    lot: isGtin ? (qualifiers.get("10") ?? null) : null,
    serial: isGtin ? (qualifiers.get("21") ?? null) : null,
    expiry: url.searchParams.get("17"),
    code: url.searchParams.get(DIGITAL_LINK_CODE_PARAMETER),
  };
}
