import { type RandomSource, randomBelow } from "../kernel/random.js";
import type { CampaignSlot } from "./campaign.js";

/** Basis points in a whole: probabilities are out of 10,000. */
export const BASIS_POINTS = 10_000;

/**
 * Picks the slot a draw lands on: a uniform number below 10,000 against the
 * slots' cumulative `probabilityBp` in slot order; at or above their sum
 * (at most 10,000) the draw lands on no prize (`null`).
 */
export function pickSlot(
  random: RandomSource,
  slots: readonly CampaignSlot[],
): CampaignSlot | null {
  const roll = randomBelow(random, BASIS_POINTS);
  let cumulative = 0;
  for (const slot of slots) {
    cumulative += slot.probabilityBp;
    if (roll < cumulative) return slot;
  }
  return null;
}
