/**
 * GS1 GTIN check: 8, 12, 13 or 14 digits whose last digit is the mod-10
 * check digit (weights 3 and 1 alternating from the right).
 */
export function isValidGtin(value: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(value)) return false;
  return gtinCheckDigit(value.slice(0, -1)) === Number(value.at(-1));
}

/** The check digit for the GTIN body (all digits but the last). */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Pads a valid GTIN to the 14 digits GS1 Digital Link and EPCIS use. */
export function toGtin14(value: string): string {
  return value.padStart(14, "0");
}
