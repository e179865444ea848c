import { describe, expect, it } from "vitest";
import { campaignDrawRace, campaignRaceViolations } from "../../testing/campaign-draw-race.js";

describe("campaign draw race on memory", () => {
  it("keeps allocations, account limits and one draw per code under 1,100 parallel draws", async () => {
    const race = await campaignDrawRace({ codes: 1_000 });
    expect(race.attempts).toBe(1_100);
    expect(campaignRaceViolations(race)).toEqual([]);
    expect(race.durableDraws).toBe(1_000);
    // The second player of every tenth code is refused; nothing else fails.
    expect(race.refusals).toHaveLength(100);
    expect(new Set(race.refusals)).toEqual(new Set(["CODE_ALREADY_PLAYED"]));
    // The race is tight enough to reach the allocations and the limits.
    expect(race.slots.some((slot) => slot.durableWins === slot.allocation)).toBe(true);
  }, 60_000);

  it("gives back the grant of every draw whose write failed, and the code plays again", async () => {
    const race = await campaignDrawRace({ codes: 1_000, failEvery: 7 });
    expect(campaignRaceViolations(race)).toEqual([]);
    expect(race.failedWrites).toBeGreaterThan(50);
    expect(race.replayed.codes).toBeGreaterThan(0);
    expect(race.replayed.stored).toBe(race.replayed.codes);
    expect(race.durableDraws).toBe(1_000);
  }, 60_000);
});
