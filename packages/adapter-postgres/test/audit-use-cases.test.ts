import { createOneCode, type Storage, tenantContext } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();

/** `storage` whose transactions cannot append to the audit log, as if that insert failed. */
function failingAudit(storage: Storage): Storage {
  return {
    ...storage,
    transaction: (work) =>
      storage.transaction((tx) =>
        work({
          ...tx,
          audit: { ...tx.audit, append: () => Promise.reject(new Error("audit insert failed")) },
        }),
      ),
  };
}

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("audited use cases", target), () => {
    it("commits a change and its entry together, and neither when one of them fails", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const onecode = createOneCode({ storage });
      const ctx = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
      const merchant = await onecode.merchants.create(ctx, {
        name: "Acme Tea",
        codeSource: "platform",
        urlPrefixes: ["https://t.acme.example/c/"],
      });
      await onecode.products.create(ctx, {
        merchantId: merchant.id,
        name: "Tea",
        gtin: "06901234567892",
      });
      const entries = async () => (await onecode.audit.list(ctx, {}, { limit: 200 })).items;
      expect((await entries()).map((entry) => entry.action)).toEqual([
        "catalog.product.created",
        "catalog.merchant.created",
      ]);

      await expect(
        onecode.products.create(ctx, {
          merchantId: merchant.id,
          name: "Copy",
          gtin: "06901234567892",
        }),
      ).rejects.toMatchObject({ code: "GTIN_TAKEN" });
      await expect(onecode.merchants.delete(ctx, merchant.id)).rejects.toMatchObject({
        code: "MERCHANT_HAS_PRODUCTS",
      });
      expect(await entries()).toHaveLength(2);

      const broken = createOneCode({ storage: failingAudit(storage) });
      await expect(broken.merchants.update(ctx, merchant.id, { name: "Lost" })).rejects.toThrow(
        "audit insert failed",
      );
      expect((await onecode.merchants.get(ctx, merchant.id)).name).toBe("Acme Tea");
      expect(await entries()).toHaveLength(2);
    });
  });
}
