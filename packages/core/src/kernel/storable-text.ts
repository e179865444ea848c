/** A NUL character or any surrogate: rare, so most text is judged by this simple pattern alone. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is what this finds
const SUSPECT = /\u0000|[\uD800-\uDFFF]/;

/**
 * A NUL character, or a UTF-16 surrogate without its partner. Without the
 * `u` flag the pattern reads code units, which is what a lone surrogate is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is what this finds
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The rule name of a text that holds a NUL character or a lone surrogate. */
export const STORABLE_TEXT_RULE = "characters";

/**
 * True when `text` holds no NUL character and no lone surrogate: text that
 * PostgreSQL can store as it is. PostgreSQL refuses NUL in `text` and JSON,
 * and a lone surrogate is not Unicode (drivers replace it with U+FFFD in
 * `text`, and `jsonb` refuses its escape), so OneCode refuses both wherever
 * text comes in.
 *
 * @example
 * ```ts
 * isStorableText("茶 Tea 🍵"); // true
 * isStorableText("a\u0000b"); // false
 * isStorableText("\ud83c"); // false (half of an emoji)
 * ```
 */
export function isStorableText(text: string): boolean {
  return !SUSPECT.test(text) || !UNSTORABLE.test(text);
}

/** The sentence (after the field name) of a {@link STORABLE_TEXT_RULE} issue. */
export const STORABLE_TEXT_MESSAGE =
  "must not contain a NUL character or an unpaired UTF-16 surrogate";
