/** Character sets of random (anti-counterfeit) code segments. */
export type Charset = "digits" | "letters" | "mixed";

/** The charsets, for validation and schemas. */
export const CHARSETS: readonly Charset[] = ["digits", "letters", "mixed"];

/**
 * The alphabets, without the look-alikes 0/O/o and 1/l/I in `letters` and
 * `mixed` (digits alone cannot be confused with each other). Letters keep both
 * cases so the lower length bounds below still give a guessable space of at
 * least 10^20: 10^20 (digits, 20), 47^14 ≈ 2.6·10^23 (letters, 14),
 * 55^13 ≈ 4.2·10^22 (mixed, 13).
 */
export const ALPHABETS: Readonly<Record<Charset, string>> = Object.freeze({
  digits: "0123456789",
  letters: "ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz",
  mixed: "23456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz",
});

/** Length bounds of a random segment per charset (domain §1.3). */
export const RANDOM_LENGTH_BOUNDS: Readonly<
  Record<Charset, { readonly min: number; readonly max: number }>
> = Object.freeze({
  digits: { min: 20, max: 32 },
  letters: { min: 14, max: 32 },
  mixed: { min: 13, max: 32 },
});
