import { describe, expect, it } from "vitest";
import { cryptoRandom, randomBelow, seededRandom } from "./random.js";

describe("random sources", () => {
  it("fills buffers larger than one Web Crypto call allows", () => {
    const bytes = cryptoRandom.fill(new Uint8Array(200_000));
    expect(bytes.subarray(150_000).some((byte) => byte !== 0)).toBe(true);
  });

  it("replays the same bytes for the same seed and differs for another", () => {
    const a = seededRandom("seed").fill(new Uint8Array(100));
    const b = seededRandom("seed").fill(new Uint8Array(100));
    const c = seededRandom("other").fill(new Uint8Array(100));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("draws uniformly below a bound that does not divide 2^32", () => {
    const random = seededRandom("uniform");
    const counts = new Array(3).fill(0);
    for (let i = 0; i < 30_000; i++) counts[randomBelow(random, 3)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });

  it("rejects bounds outside [1, 2^32]", () => {
    expect(() => randomBelow(cryptoRandom, 0)).toThrow(RangeError);
    expect(() => randomBelow(cryptoRandom, 2 ** 32 + 1)).toThrow(RangeError);
    expect(randomBelow(cryptoRandom, 1)).toBe(0);
  });
});
