import type { LedgerEntry } from "@onecode/core";
import {
  enterpriseRecord,
  freshTenantId,
  ledgerEntryRecord,
  productRecord,
  scanRecord,
  stockDocumentRecord,
  stockItem,
  storedPackage,
  traceBatchRecord,
} from "@onecode/core/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { genericPlanOf, planOf, recording } from "./support/query-plans.js";
import { lastMatching, recordedStorage } from "./support/recorded-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const SUSPICION = { visitors: 5, regions: 3 };

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("trace schema (0004)", target), () => {
    it("creates the trace tables with their keys and indexes, and nothing more on the hot tables", async () => {
      const { db } = await target.fresh();
      expect((await migrate(db)).applied).toContain("0004_trace");
      const { rows } = await sql<{ indexname: string; indexdef: string }>`
        SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
      `.execute(db);
      const defs = new Map(rows.map((row) => [row.indexname, row.indexdef]));
      const expected: Record<string, RegExp> = {
        onecode_trace_batches_pkey: /UNIQUE INDEX .*\(tenant_id, id\)$/,
        onecode_trace_batches_number_key: /UNIQUE INDEX .*\(tenant_id, batch_number\)$/,
        onecode_trace_batches_product_idx: /\(tenant_id, product_id, id\)$/,
        onecode_trace_batches_merchant_idx: /\(tenant_id, merchant_id, id\)$/,
        onecode_trace_batches_status_idx: /\(tenant_id, status, id\)$/,
        onecode_trace_batch_packages_pkey: /UNIQUE INDEX .*\(tenant_id, package_id\)$/,
        onecode_trace_batch_packages_batch_idx: /\(tenant_id, batch_id, "?position"?\)$/,
        onecode_production_tasks_batch_idx: /\(tenant_id, batch_id, id\)$/,
        onecode_production_tasks_line_idx: /\(tenant_id, line_id, id\)$/,
        onecode_ledger_entries_pkey: /UNIQUE INDEX .*\(tenant_id, sequence\)$/,
        onecode_ledger_entries_subject_idx: /\(tenant_id, subject_kind, subject_id, sequence\)$/,
        onecode_ledger_entries_unanchored_idx:
          /\(recorded_at, tenant_id, sequence\) WHERE \(anchor_id IS NULL\)$/,
        onecode_enterprises_parent_idx: /\(tenant_id, parent_id, id\)$/,
        onecode_enterprises_ancestors_idx: /USING gin \(ancestor_ids\)$/,
        onecode_staff_login_key: /UNIQUE INDEX .*\(tenant_id, lower\(login_name\)\)$/,
        onecode_stock_documents_from_idx: /\(tenant_id, from_enterprise_id, id\)$/,
        onecode_stock_documents_to_idx: /\(tenant_id, to_enterprise_id, id\)$/,
        onecode_stock_document_items_pkey:
          /UNIQUE INDEX .*\(tenant_id, document_id, "?position"?\)$/,
        onecode_stock_document_items_package_idx:
          /\(tenant_id, package_id, from_serial\) INCLUDE \(to_serial\)$/,
        onecode_code_holdings_pkey: /UNIQUE INDEX .*\(tenant_id, package_id, serial\)$/,
        onecode_scans_pkey: /UNIQUE INDEX .*\(tenant_id, code, id\)$/,
        onecode_scan_stats_pkey: /UNIQUE INDEX .*\(tenant_id, code\)$/,
        onecode_diversion_alerts_code_region_key:
          /UNIQUE INDEX .*\(tenant_id, code, scan_region\)$/,
        onecode_diversion_alerts_enterprise_idx: /\(tenant_id, enterprise_id, id\)$/,
        onecode_inspection_reports_code_idx: /\(tenant_id, code, id\)$/,
        onecode_inspection_reports_inspector_idx: /\(tenant_id, inspector_id, id\)$/,
      };
      for (const [name, pattern] of Object.entries(expected)) {
        expect(defs.get(name), name).toMatch(pattern);
      }
      // The hot tables carry their key alone: every extra index is paid by every scan or move.
      // Scans also carry the BRIN of statistics by period (0010), whose cost per insert
      // `npm run bench -- scan-statistics` measures.
      const extras: Record<string, string[]> = {
        onecode_scans: ["onecode_scans_scanned_at_brin"],
        onecode_scan_stats: [],
        onecode_code_holdings: [],
      };
      for (const [table, extra] of Object.entries(extras)) {
        expect([...defs.keys()].filter((name) => name.startsWith(`${table}_`)).sort()).toEqual(
          [`${table}_pkey`, ...extra].sort(),
        );
      }

      // Room on every page for HOT updates of the rows that change all the time.
      const options = await sql<{ name: string; options: string[] | null }>`
        SELECT relname AS name, reloptions AS options FROM pg_class
        WHERE relnamespace = current_schema()::regnamespace
          AND relname IN ('onecode_code_holdings', 'onecode_scan_stats')
      `.execute(db);
      expect(Object.fromEntries(options.rows.map((row) => [row.name, row.options]))).toEqual({
        onecode_code_holdings: ["fillfactor=80"],
        onecode_scan_stats: ["fillfactor=70"],
      });

      const keys = await sql<{ name: string; definition: string }>`
        SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
      `.execute(db);
      const foreign = new Map(keys.rows.map((row) => [row.name, row.definition]));
      const restricting = {
        onecode_trace_batches_product_fkey:
          "(tenant_id, product_id) REFERENCES onecode_products(tenant_id, id)",
        onecode_trace_batch_packages_batch_fkey:
          "(tenant_id, batch_id) REFERENCES onecode_trace_batches(tenant_id, id)",
        onecode_trace_batch_packages_package_fkey:
          "(tenant_id, package_id) REFERENCES onecode_code_packages(tenant_id, id)",
        onecode_production_tasks_batch_fkey:
          "(tenant_id, batch_id) REFERENCES onecode_trace_batches(tenant_id, id)",
        onecode_production_tasks_line_fkey:
          "(tenant_id, line_id) REFERENCES onecode_production_lines(tenant_id, id)",
        onecode_enterprises_parent_fkey:
          "(tenant_id, parent_id) REFERENCES onecode_enterprises(tenant_id, id)",
        onecode_stock_documents_from_fkey:
          "(tenant_id, from_enterprise_id) REFERENCES onecode_enterprises(tenant_id, id)",
        onecode_stock_documents_to_fkey:
          "(tenant_id, to_enterprise_id) REFERENCES onecode_enterprises(tenant_id, id)",
        onecode_stock_document_items_document_fkey:
          "(tenant_id, document_id) REFERENCES onecode_stock_documents(tenant_id, id)",
      };
      for (const [name, columns] of Object.entries(restricting)) {
        expect(foreign.get(name), name).toBe(`FOREIGN KEY ${columns} ON DELETE RESTRICT`);
      }
      // No per-row key checks on the hot tables.
      const hot = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_constraint
        WHERE contype = 'f' AND conrelid IN (
          'onecode_scans'::regclass, 'onecode_scan_stats'::regclass,
          'onecode_code_holdings'::regclass
        )
      `.execute(db);
      expect(hot.rows[0]?.n).toBe(0);
    });

    it("serves the scan path from the keys: stats and scan lookups, the group-commit write", async () => {
      const { db: plain } = await target.fresh();
      await migrate(plain);
      const tenant = freshTenantId();
      // 40,000 scans over 2,000 codes (20 each), so the planner picks indexes on its own.
      await sql`
        INSERT INTO onecode_scans (scanned_at, verdict, tenant_id, code, id, region, visitor_id)
        SELECT now(), 0, ${tenant}, 'C' || (i % 2000), 'scan_' || lpad(i::text, 8, '0'), 'CN-GD', 'v'
        FROM generate_series(1, 40000) AS i
      `.execute(plain);
      await sql`
        INSERT INTO onecode_scan_stats (
          first_scanned_at, count, tenant_id, code, first_region, first_visitor,
          first_visitor_scans, visitor_count, regions
        )
        SELECT now(), 20, ${tenant}, 'C' || i, 'CN-GD', 'v', 20, 1, '{CN-GD}'
        FROM generate_series(0, 1999) AS i
      `.execute(plain);
      await sql`ANALYZE`.execute(plain);
      const { db, queries } = recording(plain);
      const storage = postgresStorage({ db });
      const scans = await storage.scans.listForCode(tenant, "C7", { limit: 10, beforeId: null });
      expect(scans).toHaveLength(10);
      await storage.scans.stats(tenant, "C7");
      expect(
        await storage.scans.record(scanRecord(tenant, "C7", { visitorId: "w" }), SUSPICION),
      ).toMatchObject({ count: 21, distinctVisitors: 2 });
      await storage.close();

      expect(await planOf(plain, lastMatching(queries, /from "onecode_scans"/), false)).toMatch(
        /Index Scan Backward using onecode_scans_pkey on onecode_scans/,
      );
      expect(
        await planOf(plain, lastMatching(queries, /from "onecode_scan_stats"/), false),
      ).toMatch(/Index Scan using onecode_scan_stats_pkey on onecode_scan_stats/);
      // The write locks and updates the statistics rows through their whole key, also in the
      // generic plan the prepared statement switches to (which does not know the batch's size):
      // a probe by tenant alone would read every statistics row of the tenant.
      const writeQuery = lastMatching(queries, /LIMIT 1 FOR UPDATE/);
      for (const write of [
        await planOf(plain, writeQuery, false),
        await genericPlanOf(plain, writeQuery, false),
      ]) {
        expect(write).toMatch(
          /Index Scan using onecode_scan_stats_pkey on onecode_scan_stats s(_\d+)?\b/,
        );
        expect(write).toMatch(/Index Cond: \(\(tenant_id = .*\) AND \(code = /);
        expect(write).not.toMatch(/Seq Scan on onecode_scan_stats/);
      }
    });

    it("serves holdings, covering items, bindings, the ledger and subtrees from their indexes", async () => {
      const { plain, queries, storage, tenant } = await recordedStorage(target);
      const { pkg, codes } = await storedPackage(storage, tenant, 2_000);
      const root = await storage.enterprises.insert(enterpriseRecord(tenant));
      if (root.outcome !== "inserted") throw new Error(root.outcome);
      const child = await storage.enterprises.insert(
        enterpriseRecord(tenant, { parentId: root.enterprise.id }),
      );
      if (child.outcome !== "inserted") throw new Error(child.outcome);
      const document = stockDocumentRecord(tenant, null, root.enterprise.id);
      await storage.stock.insertDocument(document);
      // Cases of 20 enter circulation, then single items move on: 200 item ranges.
      for (let from = 1; from <= 2_000; from += 20) {
        const item = stockItem(document, pkg.id, from, from + 19);
        expect(
          await storage.stock.moveCodes(tenant, item, undefined, root.enterprise.id),
        ).toMatchObject({
          outcome: "moved",
        });
      }
      const onward = stockDocumentRecord(tenant, root.enterprise.id, child.enterprise.id);
      await storage.stock.insertDocument(onward);
      for (let serial = 1; serial <= 100; serial++) {
        await storage.stock.moveCodes(
          tenant,
          stockItem(onward, pkg.id, serial, serial),
          root.enterprise.id,
          child.enterprise.id,
        );
      }
      // A batch with a few packages bound, the scanned one among them.
      const product = productRecord(tenant, pkg.merchantId);
      await storage.products.insert(product);
      const batch = traceBatchRecord(tenant, product);
      await storage.traceBatches.insert(batch);
      for (let i = 0; i < 4; i++) {
        const other = await storedPackage(storage, tenant, 5);
        await storage.traceBatches.bindPackage(tenant, batch.id, other.pkg.id, batch.createdAt);
      }
      await storage.traceBatches.bindPackage(tenant, batch.id, pkg.id, batch.createdAt);
      let previous: LedgerEntry | null = null;
      for (let i = 0; i < 30; i++) {
        const entry = ledgerEntryRecord(tenant, previous);
        await storage.ledger.append(entry);
        previous = entry;
      }
      await sql`ANALYZE`.execute(plain);

      expect(await storage.stock.itemsForCode(tenant, pkg.id, 57)).toHaveLength(2);
      expect(await storage.stock.holderOf(tenant, pkg.id, 57)).toMatchObject({
        enterpriseId: child.enterprise.id,
      });
      expect(await storage.traceBatches.locateCode(tenant, codes[56]?.code ?? "")).toEqual({
        packageId: pkg.id,
        serial: 57,
        batchId: batch.id,
        status: null,
        statusVersion: 0,
      });
      await storage.ledger.listUnanchored(10);
      await storage.ledger.findBySubject(tenant, "batch", "batch_x");
      expect(
        await storage.enterprises.move(
          tenant,
          child.enterprise.id,
          null,
          "2026-05-01T00:00:00.000Z",
        ),
      ).toMatchObject({ outcome: "moved" });

      await storage.codePackages.findCode(tenant, "no-such-code");
      // A second package of 100,000 codes in circulation: tables of a realistic size.
      await sql`
        INSERT INTO onecode_codes (serial, level, tenant_id, code, package_id)
        SELECT s, 0, ${tenant}, 'BULK' || s, 'pkg_bulk' FROM generate_series(1, 100000) AS s
      `.execute(plain);
      await sql`
        INSERT INTO onecode_code_holdings (since, serial, tenant_id, package_id, holder_id, document_id)
        SELECT now(), s, ${tenant}, 'pkg_bulk', ${root.enterprise.id}, ${document.id}
        FROM generate_series(1, 100000) AS s
      `.execute(plain);
      await sql`ANALYZE`.execute(plain);

      // The scan path's look-ups are batched statements (one probe per key of an unnest),
      // prepared: check the generic plan, which they run with after their first executions.
      const plan = (pattern: RegExp, force: boolean) =>
        genericPlanOf(plain, lastMatching(queries, pattern), force);
      expect(await plan(/FROM onecode_codes c/, false)).toMatch(
        /Index Scan using onecode_codes_pkey on onecode_codes c/,
      );
      expect(await plan(/FROM onecode_code_holdings h/, false)).toMatch(
        /Index Scan using onecode_code_holdings_pkey on onecode_code_holdings h/,
      );
      // A few hundred items and bindings: a sequential scan would win, so show the index serves
      // the query shape.
      const covering = await plan(/FROM onecode_stock_document_items i/, true);
      expect(covering).toMatch(
        /Index (Only )?Scan (using|on) onecode_stock_document_items_package_idx/,
      );
      expect(covering).not.toMatch(/Seq Scan on onecode_stock_document_items/);
      expect(await plan(/FROM onecode_trace_batch_packages b/, true)).toMatch(
        /onecode_trace_batch_packages_pkey/,
      );
      const custom = (pattern: RegExp, force: boolean) =>
        planOf(plain, lastMatching(queries, pattern), force);
      expect(await custom(/"anchor_id" is null/, true)).toMatch(
        /onecode_ledger_entries_unanchored_idx/,
      );
      expect(await custom(/"subject_kind" = /, true)).toMatch(/onecode_ledger_entries_subject_idx/);
      // The subtree a move locks and rewrites (it runs in a transaction the recorder does not see),
      // in a tenant of 5,000 root-and-child pairs, where the tenant prefix of a btree would read all.
      await sql`
        INSERT INTO onecode_enterprises (
          tenant_id, id, parent_id, ancestor_ids, name, address, sales_region, custom_fields,
          created_at, updated_at
        )
        SELECT ${tenant}, 'ent_pair' || i || suffix,
          CASE suffix WHEN 'c' THEN 'ent_pair' || i || 'a' END,
          CASE suffix WHEN 'c' THEN ARRAY['ent_pair' || i || 'a'] ELSE '{}' END, 'n', '', 'CN-GD',
          '[]', now(), now()
        FROM generate_series(1, 5000) AS i, (VALUES ('a'), ('c')) AS s(suffix)
        ORDER BY suffix
      `.execute(plain);
      await sql`ANALYZE onecode_enterprises`.execute(plain);
      const subtree = sql`
        SELECT id FROM onecode_enterprises
        WHERE tenant_id = ${tenant} AND ancestor_ids @> ARRAY[${root.enterprise.id}::text]
      `.compile(plain);
      expect(await planOf(plain, subtree, false)).toMatch(
        /Bitmap Index Scan on onecode_enterprises_ancestors_idx/,
      );
    });
  });
}
