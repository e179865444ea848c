import { freshTenantId, merchantRecord, productRecord } from "@onecode/core/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { applyMigrations, migrate } from "../src/migrate.js";
import { loadMigrationFiles } from "../src/migration/migration-files.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const packaged = await loadMigrationFiles(new URL("../migrations/", import.meta.url));
const CHANGED = "2026-03-05T06:00:00.000Z";

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("0010 statistics migration", target), () => {
    it("dates the activation of batches already active or frozen at their last change, leaving inactive ones unactivated", async () => {
      const { db } = await target.fresh();
      await applyMigrations(
        db,
        packaged.filter((file) => file.version <= 8),
      );
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      await storage.merchants.insert(merchant);
      const product = productRecord(tenant, merchant.id);
      await storage.products.insert(product);
      for (const status of ["inactive", "active", "frozen"]) {
        await sql`
          INSERT INTO onecode_trace_batches (
            tenant_id, id, batch_number, merchant_id, product_id, production_date, remark,
            custom_fields, template, status, code_count, version, created_at, updated_at
          ) VALUES (
            ${tenant}, ${`batch_${status}`}, ${status}, ${merchant.id}, ${product.id},
            '2026-03-01', '', '[]', '{}', ${status}, 0, 3, '2026-03-01T00:00:00Z', ${CHANGED}
          )
        `.execute(db);
      }
      expect((await migrate(db)).applied).toEqual(["0010_statistics", "0011_tenant_settings"]);

      const activated = async (id: string) =>
        (await storage.traceBatches.get(tenant, id))?.activatedAt;
      expect(await activated("batch_inactive")).toBeNull();
      expect(await activated("batch_active")).toBe(CHANGED);
      expect(await activated("batch_frozen")).toBe(CHANGED);
    });
  });
}
