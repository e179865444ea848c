import type { RandomSource } from "@onecode/core";

/** 128 random bits as hex: a holder cannot guess another holder's lock or claim token. */
export function newHotStateToken(random: RandomSource): string {
  return Array.from(random.fill(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}
