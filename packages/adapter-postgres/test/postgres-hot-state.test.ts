import { ManualClock } from "@onecode/core";
import { runHotStateSuite } from "@onecode/core/testing";
import { migrate } from "../src/migrate.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();
const clock = new ManualClock("2026-01-01T00:00:00Z");
let schema = "";

runHotStateSuite({
  name: "postgres (node-postgres)",
  skip,
  create: async () => {
    schema = await schemas.create();
    const db = schemas.open(schema);
    await migrate(db);
    return {
      hotState: postgresHotState({ db, clock, ownsDb: true }),
      advanceTime: async (ms) => clock.advance(ms),
    };
  },
  capabilities: {
    // Another pool, as another application instance would have, on the same clock.
    sharedAcrossInstances: async () =>
      postgresHotState({ db: schemas.open(schema), clock, ownsDb: true }),
  },
});
