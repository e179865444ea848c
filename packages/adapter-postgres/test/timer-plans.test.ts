import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { planOf } from "./support/query-plans.js";
import { lastMatching, recordedStorage } from "./support/recorded-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("timer plans (0014)", target), () => {
    it("claims the few due timers among 100,000 future ones through the partial indexes, not by reading the table", async () => {
      const { plain, queries, storage, tenant } = await recordedStorage(target);
      // A year of order timers ahead, and five due now.
      await sql`
        INSERT INTO onecode_timers (tenant_id, id, kind, key, payload, status, due_at, attempts,
          created_at, updated_at)
        SELECT ${tenant}, 'tmr_' || lpad(i::text, 12, '0'), 'orders.close_unpaid', 'ord_' || i,
          '{}'::jsonb, 'scheduled',
          timestamptz '2026-06-01T00:00:00Z' + (i - 4) * interval '5 minutes', 0,
          timestamptz '2026-06-01T00:00:00Z', timestamptz '2026-06-01T00:00:00Z'
        FROM generate_series(0, 99999) AS i
      `.execute(plain);
      await sql`ANALYZE onecode_timers`.execute(plain);
      const claimed = await storage.timers.claimDue({
        kinds: ["orders.close_unpaid"],
        now: "2026-06-01T00:00:00.000Z",
        limit: 100,
        token: "tmc_plan",
        leaseUntil: "2026-06-01T00:05:00.000Z",
      });
      expect(claimed.map((timer) => timer.key)).toEqual([
        "ord_0",
        "ord_1",
        "ord_2",
        "ord_3",
        "ord_4",
      ]);
      const plan = await planOf(plain, lastMatching(queries, /SKIP LOCKED/), false);
      expect(plan).toMatch(/onecode_timers_due_idx/);
      expect(plan).toMatch(/onecode_timers_lease_idx/);
      expect(plan).not.toMatch(/Seq Scan on onecode_timers/);
    });
  });
}
