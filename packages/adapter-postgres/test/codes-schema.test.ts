import { freshTenantId, merchantRecord } from "@onecode/core/testing";
import { type CompiledQuery, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { chunkOf, codeRows, packageRecord, ruleRecord } from "./support/codes-fixtures.js";
import { planOf } from "./support/query-plans.js";
import { recordedStorage } from "./support/recorded-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("codes schema", target), () => {
    it("creates the codes tables with their keys, indexes and restricting foreign keys", async () => {
      const { db } = await target.fresh();
      expect((await migrate(db)).applied).toContain("0003_codes");
      const { rows } = await sql<{ indexname: string; indexdef: string }>`
        SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
      `.execute(db);
      const defs = new Map(rows.map((row) => [row.indexname, row.indexdef]));
      const expected: Record<string, RegExp> = {
        onecode_code_rules_pkey: /UNIQUE INDEX .*\(tenant_id, id\)$/,
        onecode_code_rules_merchant_idx: /\(tenant_id, merchant_id, id\)$/,
        onecode_code_packages_pkey: /UNIQUE INDEX .*\(tenant_id, id\)$/,
        onecode_code_packages_merchant_idx: /\(tenant_id, merchant_id, id\)$/,
        onecode_code_packages_status_idx: /\(tenant_id, status, id\)$/,
        onecode_code_packages_unfinished_idx:
          /\(created_at, tenant_id, id\) WHERE \(status = ANY \(ARRAY\['queued'::text, 'running'::text\]\)\)$/,
        onecode_code_packages_product_idx:
          /\(tenant_id, product_id\) WHERE \(product_id IS NOT NULL\)$/,
        onecode_code_packages_item_rule_idx: /\(tenant_id, item_rule_id\) WHERE/,
        onecode_code_packages_middle_rule_idx: /\(tenant_id, middle_rule_id\) WHERE/,
        onecode_code_packages_outer_rule_idx: /\(tenant_id, outer_rule_id\) WHERE/,
        onecode_codes_pkey: /UNIQUE INDEX .*\(tenant_id, code\)$/,
        onecode_codes_package_serial_key: /UNIQUE INDEX .*\(tenant_id, package_id, serial\)$/,
        onecode_code_upload_staging_pkey: /UNIQUE INDEX .*\(tenant_id, package_id, code\)$/,
        onecode_print_orders_pkey: /UNIQUE INDEX .*\(tenant_id, id\)$/,
        onecode_print_orders_status_idx: /\(tenant_id, status, id\)$/,
      };
      for (const [name, pattern] of Object.entries(expected)) {
        expect(defs.get(name), name).toMatch(pattern);
      }
      // onecode_codes carries only its two keys: every extra index slows every bulk write.
      expect([...defs.keys()].filter((name) => name.startsWith("onecode_codes_")).sort()).toEqual([
        "onecode_codes_package_serial_key",
        "onecode_codes_pkey",
      ]);

      const keys = await sql<{ name: string; definition: string }>`
        SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
          AND conrelid IN ('onecode_code_rules'::regclass, 'onecode_code_packages'::regclass)
      `.execute(db);
      const foreign = new Map(keys.rows.map((row) => [row.name, row.definition]));
      expect(foreign.get("onecode_code_rules_merchant_fkey")).toBe(
        "FOREIGN KEY (tenant_id, merchant_id) REFERENCES onecode_merchants(tenant_id, id) ON DELETE RESTRICT",
      );
      expect(foreign.get("onecode_code_packages_product_fkey")).toBe(
        "FOREIGN KEY (tenant_id, product_id) REFERENCES onecode_products(tenant_id, id) ON DELETE RESTRICT",
      );
      for (const level of ["item", "middle", "outer"]) {
        expect(foreign.get(`onecode_code_packages_${level}_rule_fkey`)).toBe(
          `FOREIGN KEY (tenant_id, ${level}_rule_id) REFERENCES onecode_code_rules(tenant_id, id) ON DELETE RESTRICT`,
        );
      }
      expect(foreign.size).toBe(6);

      const columns = await sql<{ column: string; type: string; collation: string | null }>`
        SELECT table_name || '.' || column_name AS column, data_type AS type, collation_name AS collation
        FROM information_schema.columns
        WHERE table_schema = current_schema()
          AND table_name IN ('onecode_code_rules', 'onecode_code_packages', 'onecode_codes',
            'onecode_code_upload_staging', 'onecode_print_orders')
      `.execute(db);
      const byName = new Map(columns.rows.map((row) => [row.column, row]));
      for (const row of columns.rows) {
        if (
          /\.(tenant_id|id|merchant_id|product_id|package_id|code|\w+_rule_id)$/.test(row.column)
        ) {
          expect(row, row.column).toMatchObject({ collation: "C" });
        }
      }
      expect(byName.get("onecode_codes.serial")?.type).toBe("integer");
      expect(byName.get("onecode_codes.level")?.type).toBe("smallint");
      expect(byName.get("onecode_code_rules.sequence_next")?.type).toBe("bigint");
      expect(byName.get("onecode_code_packages.reserved_sequences")?.type).toBe("jsonb");
    });

    it("refuses a package status outside the lifecycle and progress beyond the total", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      const rule = ruleRecord(tenant, merchant.id);
      const pkg = packageRecord(tenant, merchant.id, rule.id);
      await storage.merchants.insert(merchant);
      await storage.codeRules.insert(rule);
      await storage.codePackages.insert(pkg);
      const update = (set: Record<string, unknown>) =>
        db.updateTable("onecode_code_packages").set(set).where("id", "=", pkg.id).execute();
      await expect(update({ status: "done" })).rejects.toMatchObject({ code: "23514" });
      await expect(update({ done: 101 })).rejects.toMatchObject({ code: "23514" });
      await expect(
        db.deleteFrom("onecode_code_rules").where("id", "=", rule.id).execute(),
      ).rejects.toMatchObject({ code: "23503" });
      await expect(
        db
          .updateTable("onecode_code_rules")
          .set({ sequence_next: 5 })
          .where("id", "=", rule.id)
          .execute(),
      ).rejects.toMatchObject({ code: "23514" });
    });

    it("serves the codes queries from their indexes", async () => {
      const { plain, queries, storage, tenant } = await recordedStorage(target);
      const merchant = merchantRecord(tenant);
      const rule = ruleRecord(tenant, merchant.id);
      await storage.merchants.insert(merchant);
      await storage.codeRules.insert(rule);
      const packages = [];
      for (let p = 0; p < 3; p++) {
        const pkg = packageRecord(tenant, merchant.id, rule.id, { total: 10_000 });
        await storage.codePackages.insert(pkg);
        await storage.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, 1, 10_000)));
        packages.push(pkg);
      }
      await sql`ANALYZE`.execute(plain);
      const target0 = packages[1] as (typeof packages)[number];
      const one = await storage.codePackages.listCodes(tenant, target0.id, {
        afterSerial: 5_000,
        limit: 50,
      });
      await storage.codePackages.findCode(tenant, one[0]?.code as string);
      await storage.codePackages.listUnfinished(10);
      await storage.codePackages.list(tenant, { status: "running" }, { limit: 20, beforeId: null });
      await storage.codePackages.list(
        tenant,
        { merchantId: merchant.id },
        { limit: 20, beforeId: null },
      );
      type Five = [CompiledQuery, CompiledQuery, CompiledQuery, CompiledQuery, CompiledQuery];
      const [listCodes, findCode, unfinished, byStatus, byMerchant] = queries.slice(-5) as Five;
      expect(listCodes.sql).toMatch(/order by "serial"/);

      // 30,000 rows: the planner picks the indexes on its own.
      expect(await planOf(plain, listCodes, false)).toMatch(
        /Index Scan using onecode_codes_package_serial_key on onecode_codes/,
      );
      expect(await planOf(plain, findCode, false)).toMatch(/Index Scan using onecode_codes_pkey/);
      // A handful of packages: a sequential scan would win, so show the index serves the query shape.
      expect(await planOf(plain, unfinished, true)).toMatch(/onecode_code_packages_unfinished_idx/);
      expect(await planOf(plain, byStatus, true)).toMatch(/onecode_code_packages_status_idx/);
      expect(await planOf(plain, byMerchant, true)).toMatch(/onecode_code_packages_merchant_idx/);
    });
  });
}
