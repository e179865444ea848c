import { ManualClock } from "@onecode/core";
import { flashSaleRace } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();

describe.skipIf(skip !== undefined)("flash sales on PostgreSQL hot state", () => {
  it("never oversells nor lets a buyer pass the limit under parallel orders", async () => {
    const schema = await schemas.create();
    const db = schemas.open(schema);
    await migrate(db);
    const hotState = postgresHotState({
      db,
      clock: new ManualClock("2026-05-01T02:00:00Z"),
      ownsDb: true,
    });
    try {
      const race = await flashSaleRace({ hotState, buyers: 8 });
      expect(race.placedUnits).toBeLessThanOrEqual(race.stock);
      expect(race.countedUnits).toBe(race.placedUnits);
      for (const units of Object.values(race.unitsByBuyer)) {
        expect(units).toBeLessThanOrEqual(race.perPersonLimit);
      }
      for (const code of race.refusals) {
        expect(["FLASH_SALE_SOLD_OUT", "FLASH_SALE_LIMIT_EXCEEDED"]).toContain(code);
      }
    } finally {
      await hotState.close();
    }
  });
});
