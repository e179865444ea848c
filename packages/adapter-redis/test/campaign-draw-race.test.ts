import { campaignDrawRace, campaignRaceViolations, serviceSkipReason } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { redisHotState } from "../src/index.js";
import {
  deleteKeysUnder,
  redisDrivers,
  redisProbe,
  redisUrl,
  uniquePrefix,
} from "./redis-server.js";

const skip = await serviceSkipReason(redisProbe);
const driver = redisDrivers[0];

describe.skipIf(skip !== undefined || driver === undefined)(
  "campaign draws on Redis hot state",
  () => {
    for (const failEvery of [undefined, 7]) {
      it(`keeps allocations, account limits and one draw per code${failEvery ? ", giving back failed writes' grants" : ""}`, async () => {
        if (!driver) return;
        const keyPrefix = uniquePrefix("draw-race");
        const client = driver.open(redisUrl, { connectTimeout: 2_000, maxRetriesPerRequest: 1 });
        try {
          const race = await campaignDrawRace({
            hotState: redisHotState({ client, keyPrefix }),
            codes: 1_000,
            ...(failEvery !== undefined && { failEvery }),
          });
          expect(campaignRaceViolations(race)).toEqual([]);
          expect(race.durableDraws).toBe(1_000);
          expect(race.replayed.stored).toBe(race.replayed.codes);
        } finally {
          await deleteKeysUnder(client, keyPrefix);
          await client.quit();
        }
      }, 120_000);
    }
  },
);
