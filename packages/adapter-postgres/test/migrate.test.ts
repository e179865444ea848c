import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { applyMigrations, migrate } from "../src/migrate.js";
import { loadMigrationFiles, type MigrationFile } from "../src/migration/migration-files.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const packaged = await loadMigrationFiles(new URL("../migrations/", import.meta.url));
const ALL = [
  "0001_catalog",
  "0002_hot_state",
  "0003_codes",
  "0004_trace",
  "0005_scan_visitors_and_alerts",
  "0006_code_lifecycle",
  "0007_gs1",
  "0008_job_failures",
  "0010_statistics",
  "0011_tenant_settings",
  "0012_idempotency_fencing",
  "0013_outbox",
  "0014_timers",
  "0015_audit_log",
  "0016_gates",
  "0017_payments",
  "0018_skus",
  "0019_freight_templates",
  "0020_orders",
  "0021_notification_log",
  "0022_promotion_activities",
  "0023_coupons",
  "0024_flash_sales_presales",
  "0025_members_points",
  "0026_limited_discounts",
  "0027_distributors",
  "0028_campaigns",
];

function extra(version: number, name: string, script: string): MigrationFile {
  return { version, name, checksum: `test-${version}`, sql: script };
}

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("migrate", target), () => {
    it("applies every migration in order and records it with its checksum", async () => {
      const { db } = await target.fresh();
      expect(await migrate(db)).toEqual({ applied: ALL });
      const rows = await db
        .selectFrom("onecode_migrations")
        .selectAll()
        .orderBy("version")
        .execute();
      expect(rows.map(({ version, name, checksum }) => ({ version, name, checksum }))).toEqual(
        packaged.map(({ version, name, checksum }) => ({ version, name, checksum })),
      );
      for (const row of rows) expect(row.applied_at).toBeInstanceOf(Date);
    });

    it("does nothing when run again", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      expect(await migrate(db)).toEqual({ applied: [] });
      expect(await db.selectFrom("onecode_migrations").selectAll().execute()).toHaveLength(
        ALL.length,
      );
    });

    it("applies each migration exactly once when many callers migrate at the same time", async () => {
      const fresh = await target.fresh();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => migrate(i === 0 ? fresh.db : fresh.connect())),
      );
      expect(results.flatMap((result) => result.applied).sort()).toEqual(ALL);
      expect(await fresh.db.selectFrom("onecode_migrations").selectAll().execute()).toHaveLength(
        ALL.length,
      );
    });

    it("refuses to run when an applied migration was changed, and changes nothing", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      await db
        .updateTable("onecode_migrations")
        .set({ checksum: "edited" })
        .where("version", "=", 1)
        .execute();
      await expect(migrate(db)).rejects.toThrow(/0001_catalog was changed after it was applied/);

      const edited = packaged.map((file) =>
        file.version === 2 ? { ...file, checksum: "0".repeat(64) } : file,
      );
      await db
        .updateTable("onecode_migrations")
        .set({ checksum: packaged[0]?.checksum ?? "" })
        .where("version", "=", 1)
        .execute();
      await expect(
        applyMigrations(db, [...edited, extra(9, "later", "CREATE TABLE onecode_later (id int)")]),
      ).rejects.toThrow(/0002_hot_state was changed/);
      const later = await sql<{
        t: string | null;
      }>`SELECT to_regclass('onecode_later')::text AS t`.execute(db);
      expect(later.rows[0]?.t).toBeNull();
    });

    it("applies only pending migrations, and a failing one leaves nothing behind", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const third = extra(
        90,
        "extra",
        "CREATE TABLE onecode_extra (id int);\nINSERT INTO onecode_extra VALUES (1);",
      );
      expect(await applyMigrations(db, [...packaged, third])).toEqual({ applied: ["0090_extra"] });
      const broken = extra(
        91,
        "broken",
        "CREATE TABLE onecode_partial (id int); SELECT * FROM no_such_table;",
      );
      await expect(applyMigrations(db, [...packaged, third, broken])).rejects.toThrow(
        /no_such_table/,
      );
      const partial = await sql<{
        t: string | null;
      }>`SELECT to_regclass('onecode_partial')::text AS t`.execute(db);
      expect(partial.rows[0]?.t).toBeNull();
      const versions = await db
        .selectFrom("onecode_migrations")
        .select("version")
        .orderBy("version")
        .execute();
      expect(versions.map((row) => row.version)).toEqual([
        ...ALL.map((name) => Number(name.slice(0, 4))),
        90,
      ]);
    });

    it("creates the keys and indexes the repositories' queries rely on", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const { rows } = await sql<{ indexname: string; indexdef: string }>`
        SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
      `.execute(db);
      const defs = new Map(rows.map((row) => [row.indexname, row.indexdef]));
      expect(defs.get("onecode_merchants_pkey")).toMatch(/UNIQUE INDEX .*\(tenant_id, id\)$/);
      expect(defs.get("onecode_products_pkey")).toMatch(/UNIQUE INDEX .*\(tenant_id, id\)$/);
      expect(defs.get("onecode_products_merchant_idx")).toMatch(/\(tenant_id, merchant_id, id\)$/);
      expect(defs.get("onecode_products_gtin_key")).toMatch(
        /UNIQUE INDEX .*\(tenant_id, gtin\) WHERE \(gtin IS NOT NULL\)$/,
      );
      expect(defs.get("onecode_scans_scanned_at_brin")).toMatch(
        /USING brin \(scanned_at\) WITH \(autosummarize='?on'?\)$/,
      );
      expect(defs.get("onecode_timers_key_unique")).toMatch(
        /UNIQUE INDEX .*\(tenant_id, kind, key\)$/,
      );
      expect(defs.get("onecode_timers_due_idx")).toMatch(
        /\(due_at\) WHERE \(status = 'scheduled'::text\)$/,
      );
      expect(defs.get("onecode_timers_lease_idx")).toMatch(
        /\(lease_until\) WHERE \(status = 'running'::text\)$/,
      );
      expect(defs.get("onecode_orders_number_key")).toMatch(
        /UNIQUE INDEX .*\(tenant_id, number\)$/,
      );
      expect(defs.get("onecode_orders_verification_code_key")).toMatch(
        /UNIQUE INDEX .*\(tenant_id, verification_code\) WHERE \(verification_code IS NOT NULL\)$/,
      );
      expect(defs.get("onecode_orders_state_idx")).toMatch(/\(tenant_id, state, id\)$/);
      expect(defs.get("onecode_orders_product_ids_idx")).toMatch(/USING gin \(product_ids\)$/);
      expect(defs.get("onecode_orders_sku_ids_idx")).toMatch(/USING gin \(sku_ids\)$/);
      expect(defs.get("onecode_order_settings_pkey")).toMatch(/UNIQUE INDEX .*\(tenant_id\)$/);
      expect(defs.get("onecode_after_sales_pkey")).toMatch(/UNIQUE INDEX .*\(tenant_id, id\)$/);
      expect(defs.get("onecode_promotion_activities_ends_idx")).toMatch(/\(tenant_id, ends_at\)$/);
      expect(defs.get("onecode_promotion_activity_gifts_pkey")).toMatch(
        /UNIQUE INDEX .*\(tenant_id, order_id, activity_id\)$/,
      );
      for (const table of ["counters", "rate_limits", "cache", "locks", "idempotency"]) {
        expect(defs.get(`onecode_hot_${table}_pkey`)).toMatch(/UNIQUE INDEX .*\(tenant_id, key/);
      }
      expect(defs.get("onecode_hot_gate_state_pkey")).toMatch(
        /UNIQUE INDEX .*\(tenant_id, scope, kind, key\)$/,
      );
      expect(defs.get("onecode_hot_gate_receipts_pkey")).toMatch(
        /UNIQUE INDEX .*\(tenant_id, scope, id\)$/,
      );

      const foreignKey = await sql<{ definition: string }>`
        SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conname = 'onecode_products_merchant_fkey'
          AND connamespace = current_schema()::regnamespace
      `.execute(db);
      expect(foreignKey.rows[0]?.definition).toBe(
        "FOREIGN KEY (tenant_id, merchant_id) REFERENCES onecode_merchants(tenant_id, id) ON DELETE RESTRICT",
      );

      const collations = await sql<{ column: string; collation: string | null }>`
        SELECT table_name || '.' || column_name AS column, collation_name AS collation
        FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name IN ('tenant_id', 'id', 'merchant_id', 'key')
      `.execute(db);
      expect(collations.rows.length).toBeGreaterThanOrEqual(9);
      for (const row of collations.rows) expect(row, row.column).toMatchObject({ collation: "C" });
    });
  });
}
