import { freshTenantId, merchantRecord, productRecord } from "@onecode/core/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("schema guarantees", target), () => {
    async function setup() {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      await storage.merchants.insert(merchant);
      return { db, storage, tenant, merchant };
    }

    it("refuses orphans, negative counts and duplicate GTINs even for writes that bypass the adapter", async () => {
      const { db, storage, tenant, merchant } = await setup();
      const product = productRecord(tenant, merchant.id, { gtin: "06901234567892" });
      await storage.products.insert(product);
      const row = {
        ...(await db.selectFrom("onecode_products").selectAll().executeTakeFirstOrThrow()),
      };
      const insertCopy = (changes: Record<string, unknown>) =>
        db
          .insertInto("onecode_products")
          .values({
            ...row,
            bound_code_count: 0,
            created_at: product.createdAt,
            updated_at: product.updatedAt,
            ...changes,
          })
          .execute();

      await expect(
        insertCopy({ id: "prd_orphan", merchant_id: "mch_missing", gtin: null }),
      ).rejects.toMatchObject({
        code: "23503",
      });
      // The foreign key includes the tenant: another tenant's merchant id does not count.
      await expect(
        insertCopy({ id: "prd_x", tenant_id: freshTenantId(), gtin: null }),
      ).rejects.toMatchObject({
        code: "23503",
      });
      await expect(insertCopy({ id: "prd_dup" })).rejects.toMatchObject({
        code: "23505",
        constraint: "onecode_products_gtin_key",
      });
      await expect(
        db
          .updateTable("onecode_products")
          .set({ bound_code_count: -1 })
          .where("id", "=", product.id)
          .execute(),
      ).rejects.toMatchObject({ code: "23514" });
      await expect(
        db.deleteFrom("onecode_merchants").where("id", "=", merchant.id).execute(),
      ).rejects.toMatchObject({ code: "23503" });
    });

    it("stores times as timestamptz and returns them in toISOString form", async () => {
      const { db, storage, tenant } = await setup();
      const merchant = merchantRecord(tenant, {
        createdAt: "2026-01-01T08:00:00+08:00",
        updatedAt: "2026-01-01T00:00:00.123Z",
      });
      await storage.merchants.insert(merchant);
      expect(await storage.merchants.get(tenant, merchant.id)).toMatchObject({
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.123Z",
      });
      const { rows } = await sql<{ type: string }>`
        SELECT pg_typeof(created_at)::text AS type FROM onecode_merchants WHERE id = ${merchant.id}
      `.execute(db);
      expect(rows[0]?.type).toBe("timestamp with time zone");
    });
  });
}
