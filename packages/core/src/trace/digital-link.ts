import { createHash } from "node:crypto";
import { isValidGtin, toGtin14 } from "../catalog/gtin.js";

/** What a GS1 Digital Link URI of one item carries. */
export interface DigitalLink {
  /** The GTIN-14 (AI 01). */
  readonly gtin: string;
  /** The serial number (AI 21), or `null` when the link has none. */
  readonly serial: string | null;
  /** OneCode's anti-counterfeit code, carried in the `oc` query parameter, or `null`. */
  readonly code: string | null;
}

/** AI 21 values: 1-20 characters of the GS1 AI encodable character set 82. */
export const DIGITAL_LINK_SERIAL_PATTERN = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

/** The query parameter holding the anti-counterfeit code. */
export const DIGITAL_LINK_CODE_PARAMETER = "oc";

const TOKEN_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const TOKEN_LENGTH = 15;

/**
 * The AI 21 serial of a code: a 15-character token of its package id, `-`,
 * and the code's serial within the package in base 36 (at most 4 characters
 * for the 1,000,000 codes a package can hold), so at most 20 characters of
 * the AI-82 set. The token is the first 75 bits of SHA-256 over the package
 * id in Crockford base 32: a product's packages get distinct tokens unless
 * two of them collide in 75 bits (about n²/2⁷⁶ for n packages of one GTIN),
 * whatever format the host's id generator uses. The anti-counterfeit code
 * itself is not the serial: it can be 32 characters, AI 21 allows 20, and
 * the serial must not reveal it.
 *
 * @example
 * ```ts
 * digitalLinkSerial("pkg_01jd3v8k0g9w5x2r7q4m6n8p0t", 1000); // "<15 chars>-rs"
 * ```
 */
export function digitalLinkSerial(packageId: string, serial: number): string {
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
  return `${token}-${serial.toString(36)}`;
}

/**
 * A GS1 Digital Link URI on `origin` (scheme and host of the merchant's
 * code URL prefix): `https://host/01/<GTIN-14>/21/<serial>?oc=<code>`.
 * Throws a `RangeError` for an invalid GTIN or serial (callers pass checked
 * values).
 */
export function buildDigitalLink(origin: string, link: DigitalLink): string {
  if (!isValidGtin(link.gtin)) throw new RangeError(`"${link.gtin}" is not a valid GTIN`);
  const base = `${new URL(origin).origin}/01/${toGtin14(link.gtin)}`;
  let uri = base;
  if (link.serial !== null) {
    if (!DIGITAL_LINK_SERIAL_PATTERN.test(link.serial)) {
      throw new RangeError(`"${link.serial}" is not an AI 21 serial`);
    }
    uri += `/21/${encodeURIComponent(link.serial)}`;
  }
  if (link.code !== null) {
    uri += `?${DIGITAL_LINK_CODE_PARAMETER}=${encodeURIComponent(link.code)}`;
  }
  return uri;
}

/**
 * Reads a GS1 Digital Link URI: the GTIN after a `/01/` path segment (8, 12,
 * 13 or 14 digits with a valid check digit, returned as GTIN-14), the AI 21
 * serial when present, and the `oc` code parameter. Other path AIs and
 * parameters are ignored. `null` when the text is no http(s) Digital Link.
 */
export function parseDigitalLink(text: string): DigitalLink | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  const at = segments.findIndex(
    (segment, index) => segment === "01" && isValidGtin(segments[index + 1] ?? ""),
  );
  if (at < 0) return null;
  let serial: string | null = null;
  for (let index = at + 2; index + 1 < segments.length; index += 2) {
    if (segments[index] !== "21") continue;
    try {
      serial = decodeURIComponent(segments[index + 1] as string);
    } catch {
      return null;
    }
  }
  return {
    gtin: toGtin14(segments[at + 1] as string),
    serial,
    code: url.searchParams.get(DIGITAL_LINK_CODE_PARAMETER),
  };
}
