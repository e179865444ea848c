import { freshTenantId, scanRecord } from "@onecode/core/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { applyMigrations, migrate } from "../src/migrate.js";
import { loadMigrationFiles } from "../src/migration/migration-files.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const packaged = await loadMigrationFiles(new URL("../migrations/", import.meta.url));

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("0005 scan visitors migration", target), () => {
    it("counts the visitors of scans recorded before it exactly, the first visitor of each code inline", async () => {
      const { db } = await target.fresh();
      await applyMigrations(
        db,
        packaged.filter((file) => file.version <= 4),
      );
      const tenant = freshTenantId();
      // Code A: visitors a (3 scans, first), b (2), c (1) and one scan without a visitor; B: none.
      const rows: Array<[string, string | null]> = [
        ["scan_1", "a"],
        ["scan_2", "b"],
        ["scan_3", "a"],
        ["scan_4", null],
        ["scan_5", "c"],
        ["scan_6", "b"],
        ["scan_7", "a"],
      ];
      for (const [id, visitor] of rows) {
        await sql`
          INSERT INTO onecode_scans (scanned_at, verdict, tenant_id, code, id, region, visitor_id)
          VALUES (now(), 0, ${tenant}, 'A', ${id}, 'CN-GD', ${visitor})
        `.execute(db);
      }
      await sql`
        INSERT INTO onecode_scans (scanned_at, verdict, tenant_id, code, id, region, visitor_id)
        VALUES (now(), 1, ${tenant}, 'B', 'scan_8', NULL, NULL)
      `.execute(db);
      await sql`
        INSERT INTO onecode_scan_stats
          (first_scanned_at, count, tenant_id, code, first_region, visitors, regions)
        VALUES
          ('2026-01-01T00:00:00Z', 7, ${tenant}, 'A', 'CN-GD', '{a,b}', '{CN-GD}'),
          ('2026-01-01T00:00:00Z', 1, ${tenant}, 'B', NULL, '{}', '{}')
      `.execute(db);
      expect((await migrate(db)).applied).toContain("0005_scan_visitors_and_alerts");

      const storage = postgresStorage({ db });
      // The visitor list was capped at 2; now every visitor counts.
      expect(await storage.scans.stats(tenant, "A")).toMatchObject({
        count: 7,
        distinctVisitors: 3,
      });
      expect(await storage.scans.stats(tenant, "B")).toMatchObject({ distinctVisitors: 0 });
      const suspicion = { visitors: 5, regions: 3 };
      const scanOf = (visitorId: string | null) => scanRecord(tenant, "A", { visitorId });
      expect(await storage.scans.record(scanOf("a"), suspicion)).toMatchObject({
        count: 8,
        visitorScans: 4,
        distinctVisitors: 3,
      });
      expect(await storage.scans.record(scanOf("b"), suspicion)).toMatchObject({ visitorScans: 3 });
      expect(await storage.scans.record(scanOf("d"), suspicion)).toMatchObject({
        visitorScans: 1,
        distinctVisitors: 4,
      });
      expect(
        await storage.scans.record(scanRecord(tenant, "B", { visitorId: "e" }), suspicion),
      ).toMatchObject({ count: 2, visitorScans: 1, distinctVisitors: 1 });
      await storage.close();
    });
  });
}
