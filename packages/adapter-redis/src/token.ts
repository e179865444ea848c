import type { RandomSource } from "@onecode/core";

/** 128 random bits: a holder cannot guess another holder's lock or claim token. */
export function newHotStateToken(random: RandomSource): string {
  return Buffer.from(random.fill(new Uint8Array(16))).toString("base64url");
}
