import { ManualClock } from "@onecode/core";
import { campaignDrawRace, campaignRaceViolations } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();

describe.skipIf(skip !== undefined)("campaign draws on PostgreSQL", () => {
  for (const withStorage of [false, true]) {
    for (const failEvery of [undefined, 7]) {
      const title = `keep allocations, account limits and one draw per code on PostgreSQL hot state${
        withStorage ? " and storage" : ""
      }${failEvery ? ", giving back the grants of failed writes" : ""}`;
      it(title, async () => {
        const schema = await schemas.create();
        const db = schemas.open(schema);
        await migrate(db);
        const hotState = postgresHotState({
          db,
          clock: new ManualClock("2026-06-18T02:00:00Z"),
          ownsDb: false,
        });
        const storage = postgresStorage({ db, ownsDb: true });
        try {
          const race = await campaignDrawRace({
            hotState,
            ...(withStorage && { storage }),
            codes: 1_000,
            ...(failEvery !== undefined && { failEvery }),
          });
          expect(campaignRaceViolations(race)).toEqual([]);
          expect(race.durableDraws).toBe(1_000);
          expect(race.replayed.stored).toBe(race.replayed.codes);
        } finally {
          await hotState.close();
          await storage.close();
        }
      }, 180_000);
    }
  }
});
