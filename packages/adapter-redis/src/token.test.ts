import type { RandomSource } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { hotStateTokens } from "./token.js";

/** Counts its calls; fills with consecutive 32-bit numbers, so no two tokens are alike. */
function countingRandom(): RandomSource & { calls: number } {
  let word = 0;
  const source = {
    calls: 0,
    fill<T extends Uint8Array>(bytes: T): T {
      source.calls++;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i + 4 <= bytes.length; i += 4) view.setUint32(i, word++);
      return bytes;
    },
  };
  return source;
}

describe("hotStateTokens", () => {
  it("hands out 128-bit base64url tokens, drawing from the random source once per 256", () => {
    const random = countingRandom();
    const next = hotStateTokens(random);
    const tokens = Array.from({ length: 513 }, () => next());
    expect(random.calls).toBe(3);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(16);
    }
    expect(Buffer.from(tokens[1] ?? "", "base64url")).toEqual(
      Buffer.from([0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, 7]),
    );
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
