import { ManualClock } from "@onecode/core";
import { runHotStateSuite } from "@onecode/core/testing";
import type { Kysely } from "kysely";
import type { OneCodeDatabase } from "../src/database.js";
import { migrate } from "../src/migrate.js";
import { createPgliteDb } from "../src/pglite.js";
import { postgresHotState } from "../src/postgres-hot-state.js";

const clock = new ManualClock("2026-01-01T00:00:00Z");
let db: Kysely<OneCodeDatabase> | undefined;

runHotStateSuite({
  name: "postgres (PGlite, in-memory)",
  create: async () => {
    db = await createPgliteDb();
    await migrate(db);
    return {
      hotState: postgresHotState({ db, clock, ownsDb: true }),
      advanceTime: async (ms) => clock.advance(ms),
    };
  },
  capabilities: {
    // PGlite lives inside one process, so other instances there share its handle.
    sharedAcrossInstances: async () => {
      if (!db) throw new Error("create() has not run");
      return postgresHotState({ db, clock });
    },
  },
});
