import type { SsccBase } from "../codes/code-package.js";
import { gtinCheckDigit, isValidGtin, toGtin14 } from "./gtin.js";

/**
 * Values of AI 10 (lot) and AI 21 (serial): 1-20 characters of the GS1 AI
 * encodable character set 82.
 */
export const AI82_PATTERN = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

/** True for a 13-digit GLN (AI 414 / 417) whose last digit is its mod-10 check digit. */
export function isValidGln(value: string): boolean {
  return /^\d{13}$/.test(value) && gtinCheckDigit(value.slice(0, -1)) === Number(value.at(-1));
}

/** True for an 18-digit SSCC (AI 00) whose last digit is its mod-10 check digit. */
export function isValidSscc(value: string): boolean {
  return /^\d{18}$/.test(value) && gtinCheckDigit(value.slice(0, -1)) === Number(value.at(-1));
}

/** GS1 company prefix lengths an SSCC can carry (those the EPC SSCC partitions allow). */
export const SSCC_COMPANY_PREFIX_PATTERN = /^\d{6,12}$/;

/** How many serial references an SSCC company prefix leaves (16 digits minus the prefix). */
export function ssccReferenceCapacity(companyPrefix: string): number {
  return 10 ** (16 - companyPrefix.length);
}

/**
 * The SSCC of a serial reference: extension digit, company prefix, the
 * reference zero-padded to fill 17 digits, and the check digit. Throws a
 * `RangeError` for a reference outside the prefix's capacity.
 *
 * @example
 * ```ts
 * ssccOf({ extensionDigit: 0, companyPrefix: "6901234" }, 1); // "069012340000000016"
 * ```
 */
export function ssccOf(base: SsccBase, reference: number): string {
  const width = 16 - base.companyPrefix.length;
  if (!Number.isSafeInteger(reference) || reference < 0 || reference >= 10 ** width) {
    throw new RangeError(`serial reference ${reference} does not fit ${width} digits`);
  }
  const body = `${base.extensionDigit}${base.companyPrefix}${String(reference).padStart(width, "0")}`;
  return `${body}${gtinCheckDigit(body)}`;
}

/**
 * True when `gtin` is a packaging GTIN made from the product's: the same
 * GTIN-14 but for an indicator digit of 1-8 (the first digit) and the check
 * digit that follows from it, as GS1 assigns to cases and cartons of an item.
 */
export function isIndicatorVariant(gtin: string, productGtin: string): boolean {
  if (!isValidGtin(gtin) || !isValidGtin(productGtin)) return false;
  const packaging = toGtin14(gtin);
  const item = toGtin14(productGtin);
  return /^[1-8]$/.test(packaging[0] as string) && packaging.slice(1, 13) === item.slice(1, 13);
}

/** An ISO date `YYYY-MM-DD` as a GS1 date (AI 11, 15, 17): `YYMMDD`. */
export function gs1Date(isoDate: string): string {
  const match = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`"${isoDate}" is not a YYYY-MM-DD date`);
  return `${match[1]}${match[2]}${match[3]}`;
}

/** Why a batch number could not become an AI 10 lot. */
export type LotOmission = "length" | "charset";

/**
 * The AI 10 lot a batch number gives: the number itself when it has 1-20
 * characters of character set 82, else `null` with the reason (a longer
 * number, or one with characters outside the set such as CJK or spaces).
 * Lots are never shortened or transliterated: a lot must match the one
 * printed on the goods.
 */
export function lotOf(batchNumber: string): {
  readonly lot: string | null;
  readonly omitted: LotOmission | null;
} {
  if (AI82_PATTERN.test(batchNumber)) return { lot: batchNumber, omitted: null };
  return { lot: null, omitted: batchNumber.length > 20 ? "length" : "charset" };
}
