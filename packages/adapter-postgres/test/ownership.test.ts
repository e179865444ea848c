import { ManualClock } from "@onecode/core";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const alive = (db: Parameters<typeof migrate>[0]) => sql`SELECT 1`.execute(db);

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("close()", target), () => {
    it("leaves an injected db open by default, so storage and hot state can share it", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      await postgresStorage({ db }).close();
      await postgresHotState({ db, clock: new ManualClock() }).close();
      await expect(alive(db)).resolves.toBeDefined();
    });

    it("destroys the db when the adapter owns it, once however often it is closed", async () => {
      const storageDb = (await target.fresh()).db;
      await migrate(storageDb);
      const storage = postgresStorage({ db: storageDb, ownsDb: true });
      await storage.close();
      await storage.close();
      await expect(alive(storageDb)).rejects.toThrow();

      const hotDb = (await target.fresh()).db;
      await migrate(hotDb);
      const hotState = postgresHotState({ db: hotDb, ownsDb: true });
      await hotState.close();
      await hotState.close();
      await expect(alive(hotDb)).rejects.toThrow();
    });
  });
}
