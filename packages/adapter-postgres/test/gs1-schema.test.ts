import { serialTokenOf } from "@onecode/core/adapter-kit";
import { codePackageRecord, freshTenantId, merchantRecord } from "@onecode/core/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../src/migrate.js";
import { loadMigrationFiles } from "../src/migration/migration-files.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const packaged = await loadMigrationFiles(new URL("../migrations/", import.meta.url));

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("GS1 schema (0007)", target), () => {
    it("fills in the serial token of packages that existed before, as core computes it", async () => {
      const { db } = await target.fresh();
      await applyMigrations(
        db,
        packaged.filter((file) => file.version <= 4),
      );
      const tenant = freshTenantId();
      const storage = postgresStorage({ db });
      const merchant = merchantRecord(tenant);
      await storage.merchants.insert(merchant);
      const ids = ["pkg_01jd3v8k0g9w5x2r7q4m6n8p0t", "pkg_包装-1"];
      for (const id of ids) {
        await sql`
          INSERT INTO onecode_code_packages (
            tenant_id, id, merchant_id, source, code_type, associated, quantity, total, done,
            status, has_serials, reserved_sequences, file_name, created_at, updated_at
          ) VALUES (
            ${tenant}, ${id}, ${merchant.id}, 'uploaded', 'single', false, 0, 0, 0,
            'validating', false, '{}'::jsonb, 'codes.csv', now(), now()
          )
        `.execute(db);
      }
      expect((await applyMigrations(db, packaged)).applied).toContain("0007_gs1");
      const { rows } = await sql<{ id: string; serial_token: string }>`
        SELECT id, serial_token FROM onecode_code_packages WHERE tenant_id = ${tenant} ORDER BY id
      `.execute(db);
      expect(rows).toEqual([...ids].sort().map((id) => ({ id, serial_token: serialTokenOf(id) })));
      const pkg = codePackageRecord(tenant, merchant.id, null);
      await storage.codePackages.insert(pkg);
      expect(await storage.codePackages.findBySerialToken(tenant, serialTokenOf(pkg.id))).toEqual([
        pkg,
      ]);
    });

    it("allows scan verdicts up to 6 and GLNs of 13 digits only", async () => {
      const { db } = await target.fresh();
      await applyMigrations(db, packaged);
      const scan = (verdict: number) =>
        sql`
        INSERT INTO onecode_scans (scanned_at, verdict, tenant_id, code, id)
        VALUES (now(), ${verdict}, 't', 'c', ${`scan_${verdict}`})
      `.execute(db);
      await scan(6);
      await expect(scan(7)).rejects.toThrow(/onecode_scans_verdict_check/);
      const enterprise = (id: string, gln: string) =>
        sql`
        INSERT INTO onecode_enterprises (
          tenant_id, id, ancestor_ids, name, address, sales_region, gln, custom_fields,
          created_at, updated_at
        ) VALUES ('t', ${id}, '{}', 'E', '', 'CN', ${gln}, '[]'::jsonb, now(), now())
      `.execute(db);
      await enterprise("ent_1", "6901234000016");
      await expect(enterprise("ent_2", "690123400001")).rejects.toThrow(
        /onecode_enterprises_gln_check/,
      );
    });
  });
}
