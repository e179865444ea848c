import type { RandomSource } from "../kernel/random.js";
import { AlphabetSampler } from "./alphabet-sampler.js";
import { ALPHABETS } from "./alphabets.js";
import type { CodeSegment } from "./code-rule.js";
import { segmentLength } from "./code-rule-check.js";
import type { GenerationMoment } from "./generation-moment.js";

/**
 * Turns a rule's segments into codes. Pure apart from the random source it
 * was given: the same segments, random bytes, moment and sequence values give
 * the same codes.
 */
export interface CodeGenerator {
  /** Characters per code. */
  readonly length: number;
  /** Whether codes hold random characters (a conflict can be retried with fresh randomness). */
  readonly hasRandom: boolean;
  /** Whether codes hold a sequence value. */
  readonly hasSequence: boolean;
  /**
   * `count` codes; code `i` carries sequence value `firstSequence + i` (ignored
   * when the rule has no sequence segment).
   */
  generate(count: number, moment: GenerationMoment, firstSequence?: number): string[];
}

type Part =
  | { readonly kind: "text"; readonly offset: number; readonly bytes: Uint8Array }
  | { readonly kind: "moment"; readonly offset: number; readonly which: keyof GenerationMoment }
  | {
      readonly kind: "random";
      readonly offset: number;
      readonly length: number;
      sampler: AlphabetSampler;
    }
  | { readonly kind: "sequence"; readonly offset: number; readonly length: number };

const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const latin1 = new TextDecoder("latin1");

/**
 * Builds the generator of a rule's segments over a random source.
 *
 * @example
 * ```ts
 * const generator = codeGenerator([{ kind: "random", charset: "mixed", length: 24 }], cryptoRandom);
 * const codes = generator.generate(10_000, generationMoment(Date.now(), "Asia/Shanghai"));
 * ```
 */
export function codeGenerator(
  segments: readonly CodeSegment[],
  random: RandomSource,
): CodeGenerator {
  const parts: Part[] = [];
  let offset = 0;
  for (const segment of segments) {
    switch (segment.kind) {
      case "fixed":
        parts.push({ kind: "text", offset, bytes: ascii(segment.text) });
        break;
      case "timestamp":
      case "date":
        parts.push({ kind: "moment", offset, which: segment.kind });
        break;
      case "random":
        parts.push({
          kind: "random",
          offset,
          length: segment.length,
          sampler: new AlphabetSampler(random, ALPHABETS[segment.charset]),
        });
        break;
      case "sequence":
        parts.push({ kind: "sequence", offset, length: segment.length });
        break;
    }
    offset += segmentLength(segment);
  }
  const length = offset;

  return {
    length,
    hasRandom: parts.some((part) => part.kind === "random"),
    hasSequence: parts.some((part) => part.kind === "sequence"),
    generate(count, moment, firstSequence = 0) {
      // All codes of the batch are laid out in one byte buffer, decoded once
      // and sliced, which keeps the per-code cost to a few copies.
      const buffer = new Uint8Array(count * length);
      const momentBytes = { timestamp: ascii(moment.timestamp), date: ascii(moment.date) };
      for (const part of parts) {
        if (part.kind === "random" && part.length === length) {
          part.sampler.fill(buffer, 0, buffer.length);
          continue;
        }
        for (let i = 0, at = part.offset; i < count; i++, at += length) {
          switch (part.kind) {
            case "text":
              buffer.set(part.bytes, at);
              break;
            case "moment":
              buffer.set(momentBytes[part.which], at);
              break;
            case "random":
              part.sampler.fill(buffer, at, part.length);
              break;
            case "sequence": {
              // Zero-padded decimal digits, written from the right.
              let value = firstSequence + i;
              for (let p = at + part.length - 1; p >= at; p--) {
                buffer[p] = 48 + (value % 10);
                value = Math.floor(value / 10);
              }
              break;
            }
          }
        }
      }
      const text = latin1.decode(buffer);
      const codes = new Array<string>(count);
      for (let i = 0; i < count; i++) codes[i] = text.slice(i * length, (i + 1) * length);
      return codes;
    },
  };
}
