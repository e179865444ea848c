import { freshTenantId, scanRecord } from "@onecode/core/testing";
import { type CompiledQuery, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import {
  SCAN_STATEMENT_POOL_SETTINGS,
  scanStatementPoolOf,
} from "../src/storage/scan-statement-pool.js";
import { preparedPlanOf } from "./support/query-plans.js";
import { useTestSchemas } from "./support/real-postgres.js";
import { lastMatching, recordedStorage } from "./support/recorded-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();

/** The tables the scan path probes by key; a plan must never read one whole. */
const PROBED_TABLES = [
  "onecode_codes",
  "onecode_trace_batch_packages",
  "onecode_code_holdings",
  "onecode_stock_document_items",
  "onecode_stock_documents",
  "onecode_scan_stats",
  "onecode_scan_visitors",
];

/**
 * Every access of a probed table in `plan` is an index scan whose condition
 * comes from the outer row (a key of the batch), never a sequential scan or
 * a scan of the whole index.
 */
function expectKeyProbes(plan: string): void {
  const lines = plan.split("\n");
  lines.forEach((line, index) => {
    // Scan nodes only: the Update and Insert nodes name their table too.
    const table = PROBED_TABLES.find(
      (name) => /Scan\b/.test(line) && line.includes(` on ${name} `),
    );
    if (!table) return;
    expect(line, plan).toMatch(/Index (Only )?Scan/);
    const condition = lines.slice(index + 1, index + 3).find((next) => /Index Cond:/.test(next));
    expect(condition, plan).toMatch(/tenant_id = /);
  });
  for (const table of PROBED_TABLES) expect(plan).not.toMatch(new RegExp(`Seq Scan on ${table}`));
}

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("scan path statements", target), () => {
    it("plans each scan statement once as key probes, even when first planned on empty tables", async () => {
      const { plain, queries, storage, tenant } = await recordedStorage(target);
      await storage.codePackages.findCode(tenant, "C1");
      await storage.traceBatches.locateCode(tenant, "C1");
      await storage.stock.itemsForCode(tenant, "pkg_1", 1);
      const scan = scanRecord(tenant, "C1");
      await storage.scans.record(scan, { visitors: 5, regions: 3 });
      // A repeated scan is answered from the statistics as they are now.
      await storage.scans.record(scan, { visitors: 5, regions: 3 });
      await storage.close();
      const statements = [
        /JOIN LATERAL \(\s+SELECT \* FROM onecode_codes/,
        /FROM onecode_trace_batch_packages b/,
        /FROM onecode_code_holdings h/,
        /FOR UPDATE/,
        /FROM onecode_scan_visitors v/,
      ].map((pattern) => lastMatching(queries, pattern));

      const plans = (all: readonly CompiledQuery[]) =>
        Promise.all(all.map((query) => preparedPlanOf(plain, query, SCAN_STATEMENT_POOL_SETTINGS)));
      // Never analyzed (the planner assumes a few pages), then analyzed while empty (none at all).
      for (const plan of await plans(statements)) expectKeyProbes(plan);
      await sql.raw(`VACUUM ANALYZE ${PROBED_TABLES.join(", ")}`).execute(plain);
      for (const plan of await plans(statements)) expectKeyProbes(plan);
    });
  });
}

describe.skipIf(Boolean(targets[0]?.skip))(
  "scan statement pool of createPostgresDb({ scanPool })",
  () => {
    const schemas = useTestSchemas();

    it("runs on connections of its own with the scan pool's settings, and ends with the db", async () => {
      const db = schemas.open(await schemas.create(), { scanPool: true });
      await migrate(db);
      const lane = scanStatementPoolOf(db);
      if (!lane)
        throw new Error("createPostgresDb({ scanPool: true }) must give its instance a scan pool");
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      await expect(
        storage.scans.record(scanRecord(tenant, "C1"), { visitors: 5, regions: 3 }),
      ).resolves.toMatchObject({ count: 1 });
      await storage.close();

      const setting = async (name: string, run: (text: string) => Promise<unknown[]>) =>
        ((await run(`SELECT current_setting('${name}') AS value`))[0] as { value: string }).value;
      const client = await lane.connect();
      try {
        for (const [name, value] of Object.entries(SCAN_STATEMENT_POOL_SETTINGS)) {
          expect(await setting(name, async (text) => (await client.query(text)).rows)).toBe(value);
          // The main pool, which the host may share, keeps the server's defaults.
          expect(
            await setting(name, async (text) => (await sql.raw(text).execute(db)).rows),
          ).not.toBe(value);
        }
      } finally {
        client.release();
      }
      await db.destroy();
      await expect(lane.connect()).rejects.toThrow();
    });
  },
);
