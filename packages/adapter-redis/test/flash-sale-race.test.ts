import { flashSaleRace, serviceSkipReason } from "@onecode/core/testing";
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
  "flash sales on Redis hot state",
  () => {
    it("never oversells nor lets a buyer pass the limit under parallel orders", async () => {
      if (!driver) return;
      const keyPrefix = uniquePrefix("flash-race");
      const client = driver.open(redisUrl, { connectTimeout: 2_000, maxRetriesPerRequest: 1 });
      try {
        const race = await flashSaleRace({
          hotState: redisHotState({ client, keyPrefix }),
          buyers: 8,
        });
        expect(race.placedUnits).toBeLessThanOrEqual(race.stock);
        expect(race.countedUnits).toBe(race.placedUnits);
        for (const units of Object.values(race.unitsByBuyer)) {
          expect(units).toBeLessThanOrEqual(race.perPersonLimit);
        }
        for (const code of race.refusals) {
          expect(["FLASH_SALE_SOLD_OUT", "FLASH_SALE_LIMIT_EXCEEDED"]).toContain(code);
        }
      } finally {
        await deleteKeysUnder(client, keyPrefix);
        await client.quit();
      }
    });
  },
);
