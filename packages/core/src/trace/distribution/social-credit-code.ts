/**
 * The 31 characters of a unified social credit code (统一社会信用代码,
 * GB 32100-2015): digits and upper-case letters without I, O, S, V and Z.
 */
export const SOCIAL_CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** Weights of positions 1-17: 3^(i-1) mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/**
 * The check character (position 18) for the first 17 characters of a
 * unified social credit code, or `null` when `body` is not 17 characters of
 * the code's charset.
 *
 * @example
 * ```ts
 * socialCreditCheckCharacter("91350100M000100Y4"); // "3"
 * ```
 */
export function socialCreditCheckCharacter(body: string): string | null {
  if (body.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = SOCIAL_CREDIT_CODE_CHARSET.indexOf(body[i] as string);
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] as number);
  }
  return SOCIAL_CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31] as string;
}

/**
 * True when `code` is 18 characters of the GB 32100-2015 charset whose last
 * character is the check character of the first 17. Upper case only: callers
 * normalise input first.
 */
export function isValidSocialCreditCode(code: string): boolean {
  return SHAPE.test(code) && socialCreditCheckCharacter(code.slice(0, 17)) === code[17];
}
