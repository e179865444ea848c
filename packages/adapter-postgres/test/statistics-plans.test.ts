import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { planOf } from "./support/query-plans.js";
import { lastMatching, recordedStorage } from "./support/recorded-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("statistics plans (0010)", target), () => {
    it("finds a day's scans among 60 days' through the BRIN index on scanned_at, not by reading the table", async () => {
      const { plain, queries, storage, tenant } = await recordedStorage(target);
      // 120,000 scans over 60 days, appended in time order as scans arrive.
      await sql`
        INSERT INTO onecode_scans (scanned_at, verdict, tenant_id, code, id, region, visitor_id)
        SELECT timestamptz '2026-03-01T00:00:00Z' + i * interval '43.2 seconds', 0, ${tenant},
          'C' || (i % 5000), 'scan_' || lpad(i::text, 12, '0'), 'CN-' || (i % 34), 'v' || (i % 900)
        FROM generate_series(0, 119999) AS i
      `.execute(plain);
      await sql`ANALYZE onecode_scans`.execute(plain);
      const rows = await storage.statistics.scanCounts(tenant, {
        window: {
          from: "2026-04-10T00:00:00.000Z",
          to: "2026-04-11T00:00:00.000Z",
          buckets: ["2026-04-10T00:00:00.000Z", "2026-04-10T12:00:00.000Z"],
        },
        groupBy: ["region"],
        filter: {},
        limit: 100,
      });
      expect(rows.reduce((sum, row) => sum + row.scans, 0)).toBe(2_000);
      const plan = await planOf(plain, lastMatching(queries, /from onecode_scans/i), false);
      expect(plan).toMatch(/Bitmap Index Scan on onecode_scans_scanned_at_brin/);
      expect(plan).not.toMatch(/Seq Scan on onecode_scans/);
    });
  });
}
