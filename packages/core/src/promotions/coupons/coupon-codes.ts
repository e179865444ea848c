import { encodeBase64Url } from "../../kernel/base64url.js";
import { type RandomSource, randomBelow } from "../../kernel/random.js";

/** Upper-case letters and digits without look-alikes (0/O, 1/I/L): easy to read out and type. */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/** Random characters after the prefix: 31^10 ≈ 2^49.5 codes per prefix. */
const RANDOM_LENGTH = 10;

/** One code: the merchant prefix and random characters from the randomness port. */
export function generateCouponCode(random: RandomSource, prefix: string): string {
  let text = prefix;
  for (let i = 0; i < RANDOM_LENGTH; i++) text += ALPHABET[randomBelow(random, ALPHABET.length)];
  return text;
}

/** `count` distinct codes with the prefix (a repeat within the batch is drawn again). */
export function generateCouponCodes(random: RandomSource, prefix: string, count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateCouponCode(random, prefix));
  return [...codes];
}

/** The unguessable token of a claim link: 128 random bits, base64url. */
export function newClaimToken(random: RandomSource): string {
  return encodeBase64Url(random.fill(new Uint8Array(16)));
}

/** Joins the deployment's claim-link base and a token (`base` ends where the token starts). */
export function claimLinkUrl(base: string, token: string): string {
  return `${base}${encodeURIComponent(token)}`;
}
