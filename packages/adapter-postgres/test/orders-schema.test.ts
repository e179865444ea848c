import type { StorageRepositories } from "@onecode/core";
import { afterSaleRecord, freshTenantId, orderRecord } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

type Order = Parameters<StorageRepositories["orders"]["insert"]>[0];

const targets = await databaseTargets();

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("orders schema (0020)", target), () => {
    it("refuses states, kinds and settings outside the domain's, whatever the caller sends", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const order = orderRecord(tenant);
      const invalid = { code: "23514" };
      await expect(
        storage.orders.insert({ ...order, state: "lost" as Order["state"] }),
      ).rejects.toMatchObject(invalid);
      await expect(
        storage.orders.insert({ ...order, stock: "gone" as Order["stock"] }),
      ).rejects.toMatchObject(invalid);
      expect(await storage.orders.insert(order)).toEqual({ outcome: "inserted" });
      await expect(
        storage.orders.update(
          { ...order, version: 2, logisticsState: "lost" as Order["logisticsState"] },
          1,
        ),
      ).rejects.toMatchObject(invalid);
      expect(await storage.orders.get(tenant, order.id)).toEqual(order);
      const afterSale = afterSaleRecord(order);
      await expect(
        storage.afterSales.insert({ ...afterSale, kind: "swap" as typeof afterSale.kind }),
      ).rejects.toMatchObject(invalid);
      await expect(
        storage.orderSettings.save({
          tenantId: tenant,
          closeUnpaidAfterMinutes: 0,
          completeShippedAfterDays: 15,
          sender: null,
          freightTemplateId: null,
          alertRecipients: [],
          updatedAt: null,
        }),
      ).rejects.toMatchObject(invalid);
    });
  });
}
