import { ID_PATTERN } from "@onecode/core/adapter-kit";
import {
  enterpriseRecord,
  freshTenantId,
  scanRecord,
  stockDocumentRecord,
  stockItem,
  storedPackage,
} from "@onecode/core/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { applyMigrations, migrate } from "../src/migrate.js";
import { loadMigrationFiles } from "../src/migration/migration-files.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { genericPlanOf, planOf } from "./support/query-plans.js";
import { lastMatching, recordedStorage } from "./support/recorded-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const packaged = await loadMigrationFiles(new URL("../migrations/", import.meta.url));
const CAPS = { visitors: 6, regions: 4 };

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("code lifecycle schema (0006)", target), () => {
    it("creates the lifecycle tables with their keys and indexes, and stores verdicts 4 and 5 (void, destroyed) while refusing numbers no verdict has", async () => {
      const { db } = await target.fresh();
      expect((await migrate(db)).applied).toContain("0006_code_lifecycle");
      const { rows } = await sql<{ indexname: string; indexdef: string }>`
        SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
      `.execute(db);
      const defs = new Map(rows.map((row) => [row.indexname, row.indexdef]));
      const expected: Record<string, RegExp> = {
        onecode_code_lifecycle_entries_pkey: /UNIQUE INDEX .*\(tenant_id, id\)$/,
        onecode_code_lifecycle_entries_covering_idx:
          /\(tenant_id, package_id, from_serial\) INCLUDE \(to_serial, kind\) WHERE \(restored_at IS NULL\)$/,
        onecode_code_lifecycle_entries_active_key:
          /UNIQUE INDEX .*\(tenant_id, package_id, from_serial, to_serial, kind\) WHERE \(\(restored_at IS NULL\) AND \(kind <> 'destroyed'::text\)\)$/,
        onecode_code_lifecycle_entries_kind_idx: /\(tenant_id, kind, id\)$/,
        onecode_code_lifecycle_entries_package_idx: /\(tenant_id, package_id, id\)$/,
        onecode_code_package_versions_pkey: /UNIQUE INDEX .*\(tenant_id, package_id\)$/,
        onecode_code_parent_links_pkey: /UNIQUE INDEX .*\(tenant_id, package_id, serial\)$/,
        onecode_code_parent_links_parent_idx:
          /\(tenant_id, package_id, parent_serial\) WHERE \(parent_serial IS NOT NULL\)$/,
        onecode_aggregation_changes_package_idx: /\(tenant_id, package_id, id\)$/,
        onecode_aggregation_changes_parent_idx: /\(tenant_id, package_id, parent_serial\)$/,
        onecode_aggregation_changes_children_idx:
          /\(tenant_id, package_id, from_serial\) INCLUDE \(to_serial\)$/,
      };
      for (const [name, pattern] of Object.entries(expected)) {
        expect(defs.get(name), name).toMatch(pattern);
      }
      // The hot tables gained nothing (0010's BRIN of scans by period aside).
      for (const table of ["onecode_scans", "onecode_code_holdings"]) {
        expect(
          [...defs.keys()].filter(
            (name) => name.startsWith(`${table}_`) && name !== "onecode_scans_scanned_at_brin",
          ),
        ).toEqual([`${table}_pkey`]);
      }

      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      for (const verdict of ["void", "destroyed"] as const) {
        await storage.scans.record(scanRecord(tenant, "C1", { verdict }), CAPS);
      }
      const stored = await storage.scans.listForCode(tenant, "C1", { limit: 10, beforeId: null });
      expect(stored.map((scan) => scan.verdict).sort()).toEqual(["destroyed", "void"]);
      await expect(
        sql`INSERT INTO onecode_scans (scanned_at, verdict, tenant_id, code, id)
          VALUES (now(), 7, ${tenant}, 'C1', 'scan_x')`.execute(db),
      ).rejects.toThrow(/onecode_scans_verdict_check/);
    });

    it("serves code status, locations and aggregation links from their indexes", async () => {
      const { plain, queries, storage, tenant } = await recordedStorage(target);
      const { pkg, codes } = await storedPackage(storage, tenant, 100);
      // 5,000 entries and links over other packages: tables of a size the planner respects.
      await sql`
        INSERT INTO onecode_code_package_versions (tenant_id, package_id, status_version)
        VALUES (${tenant}, ${pkg.id}, 1)
      `.execute(plain);
      await sql`
        INSERT INTO onecode_code_lifecycle_entries (
          tenant_id, id, kind, reason, note, package_id, from_serial, to_serial, created_by, created_at
        )
        SELECT ${tenant}, 'lcy_' || lpad(i::text, 26, '0'), 'void', 'lost', '', ${pkg.id}, i, i, 's', now()
        FROM generate_series(1, 100) AS i
      `.execute(plain);
      await sql`
        INSERT INTO onecode_code_parent_links (tenant_id, package_id, serial, parent_serial)
        SELECT ${tenant}, 'pkg_bulk' || (i % 50), i, CASE WHEN i % 3 = 0 THEN NULL ELSE i + 1 END
        FROM generate_series(1, 5000) AS i
      `.execute(plain);
      await sql`ANALYZE`.execute(plain);
      expect(
        (await storage.traceBatches.locateCode(tenant, codes[7]?.code ?? ""))?.status,
      ).toMatchObject({
        kind: "void",
      });
      await storage.codeLifecycle.statusOf(tenant, pkg.id, 8);
      await storage.aggregation.linksAround(tenant, pkg.id, [{ fromSerial: 1, toSerial: 10 }]);

      const locate = await genericPlanOf(
        plain,
        lastMatching(queries, /FROM onecode_codes c/),
        true,
      );
      expect(locate).toMatch(/onecode_code_lifecycle_entries_covering_idx/);
      expect(locate).toMatch(/onecode_code_package_versions_pkey/);
      const status = await planOf(plain, lastMatching(queries, /SELECT s\.\* FROM/), true);
      expect(status).toMatch(/onecode_code_lifecycle_entries_covering_idx/);
      // Both halves probe the package's links by key or parent index, never the whole table.
      const links = await planOf(plain, lastMatching(queries, /onecode_code_parent_links/), true);
      expect(links).toMatch(/onecode_code_parent_links_pkey/);
      expect(links).not.toMatch(/Seq Scan on onecode_code_parent_links/);
    });

    it("records codes destroyed before the migration as destroyed entries with sortable ids", async () => {
      const { db } = await target.fresh();
      // Every other migration first: the adapter's code writes their columns.
      await applyMigrations(
        db,
        packaged.filter((file) => file.version !== 6),
      );
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const { pkg } = await storedPackage(storage, tenant, 10);
      const inserted = await storage.enterprises.insert(enterpriseRecord(tenant));
      if (inserted.outcome !== "inserted") throw new Error(inserted.outcome);
      const factory = inserted.enterprise.id;
      const entry = stockDocumentRecord(tenant, null, factory, { inboundType: "production" });
      const destruction = stockDocumentRecord(tenant, factory, null, {
        outboundType: "destruction",
        inboundType: null,
      });
      for (const document of [entry, destruction]) await storage.stock.insertDocument(document);
      await storage.stock.moveCodes(tenant, stockItem(entry, pkg.id, 1, 10), undefined, factory);
      const first = stockItem(destruction, pkg.id, 2, 3, {
        scannedAt: "2026-02-01T00:00:00.000Z",
        scannedBy: "op-1",
      });
      const second = stockItem(destruction, pkg.id, 7, 7, {
        scannedAt: "2026-03-01T00:00:00.000Z",
      });
      await storage.stock.moveCodes(tenant, first, factory, null);
      await storage.stock.moveCodes(tenant, second, factory, null);

      expect((await migrate(db)).applied).toEqual(["0006_code_lifecycle"]);
      const entries = await storage.codeLifecycle.list(
        tenant,
        { kind: "destroyed" },
        { limit: 10, beforeId: null },
      );
      expect(entries.map((row) => [row.range.fromSerial, row.createdAt])).toEqual([
        [7, "2026-03-01T00:00:00.000Z"],
        [2, "2026-02-01T00:00:00.000Z"],
      ]);
      for (const row of entries) expect(row.id).toMatch(ID_PATTERN);
      expect(entries[1]).toMatchObject({
        tenantId: tenant,
        reason: null,
        documentId: destruction.id,
        code: first.code,
        createdBy: "op-1",
        range: { packageId: pkg.id, fromSerial: 2, toSerial: 3 },
      });
      expect((await storage.codeLifecycle.statusOf(tenant, pkg.id, 3))?.kind).toBe("destroyed");
      expect(await storage.codeLifecycle.statusOf(tenant, pkg.id, 4)).toBeNull();
      expect(await storage.codeLifecycle.statusVersions(tenant, [pkg.id])).toEqual({
        [pkg.id]: 2,
      });
    });
  });
}
