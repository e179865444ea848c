import { describe, expect, it } from "vitest";
import { type RandomSource, seededRandom } from "../kernel/random.js";
import { AlphabetSampler } from "./alphabet-sampler.js";
import { ALPHABETS, RANDOM_LENGTH_BOUNDS } from "./alphabets.js";

/** Counts how often each character of `alphabet` is drawn in `draws` characters. */
function histogram(alphabet: string, draws: number, seed: string): number[] {
  const out = new Uint8Array(draws);
  new AlphabetSampler(seededRandom(seed), alphabet).fill(out, 0, draws);
  const counts = new Array<number>(alphabet.length).fill(0);
  for (const char of out) {
    const index = alphabet.indexOf(String.fromCharCode(char));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}

describe("alphabets", () => {
  it("leave out the look-alikes 0/O/o and 1/l/I from letters and mixed", () => {
    for (const alphabet of [ALPHABETS.letters, ALPHABETS.mixed]) {
      for (const confusable of "0Oo1lI") expect(alphabet).not.toContain(confusable);
    }
    expect(ALPHABETS.digits).toBe("0123456789");
  });

  it("keep the guessable space of the shortest random segment at 10^20 or more", () => {
    for (const [charset, { min }] of Object.entries(RANDOM_LENGTH_BOUNDS)) {
      const size = ALPHABETS[charset as keyof typeof ALPHABETS].length;
      expect(min * Math.log10(size)).toBeGreaterThanOrEqual(20);
    }
  });
});

describe("alphabet sampler", () => {
  it("draws only characters of the alphabet", () => {
    const out = new Uint8Array(10_000);
    new AlphabetSampler(seededRandom("only"), ALPHABETS.mixed).fill(out, 0, out.length);
    const text = String.fromCharCode(...out.subarray(0, 5000));
    expect(text).toMatch(/^[23456789A-HJ-NP-Za-km-z]+$/);
  });

  it("rejects the bytes that would bias the first characters (no modulo bias)", () => {
    // For 10 digits, bytes 250-255 are rejected; a plain `byte % 10` would
    // turn them into 0-5.
    const bytes = [250, 251, 252, 253, 254, 255, 7, 249, 0];
    let at = 0;
    const scripted: RandomSource = {
      fill(target) {
        for (let i = 0; i < target.length; i++) target[i] = bytes[at++ % bytes.length] as number;
        return target;
      },
    };
    const out = new Uint8Array(3);
    new AlphabetSampler(scripted, ALPHABETS.digits).fill(out, 0, 3);
    expect(String.fromCharCode(...out)).toBe("790");
  });

  it("draws every character equally often (chi-square over 550,000 draws)", () => {
    // 256 % 55 = 36: with plain modulo the first 36 mixed characters would
    // come up 5/4 as often as the rest, about 11,100 against 8,900 times.
    for (const [alphabet, seed] of [
      [ALPHABETS.mixed, "mixed"],
      [ALPHABETS.letters, "letters"],
      [ALPHABETS.digits, "digits"],
    ] as const) {
      const draws = alphabet.length * 10_000;
      const counts = histogram(alphabet, draws, seed);
      const chiSquare = counts.reduce((sum, count) => sum + (count - 10_000) ** 2 / 10_000, 0);
      // 99.9th percentile of chi-square with 54 degrees of freedom is about 94.5.
      expect(chiSquare).toBeLessThan(95);
      for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(450);
    }
  });

  it("writes at the given offset and count only", () => {
    const out = new Uint8Array(8);
    new AlphabetSampler(seededRandom("offset"), "ab").fill(out, 2, 4);
    expect([...out.subarray(0, 2), ...out.subarray(6)]).toEqual([0, 0, 0, 0]);
    expect(String.fromCharCode(...out.subarray(2, 6))).toMatch(/^[ab]{4}$/);
  });

  it("refuses alphabets it cannot sample uniformly", () => {
    expect(() => new AlphabetSampler(seededRandom("x"), "a")).toThrow(RangeError);
    expect(() => new AlphabetSampler(seededRandom("x"), "aa")).toThrow(RangeError);
    expect(() => new AlphabetSampler(seededRandom("x"), "a b")).toThrow(RangeError);
  });
});
