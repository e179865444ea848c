import { describe, expect, it } from "vitest";
import {
  alertRecord,
  countAlertRecord,
  enterpriseRecord,
  inspectionReportRecord,
  scanRecord,
  staffRecord,
  stockDocumentRecord,
  stockItem,
  storedPackage,
} from "../distribution-fixtures.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const suspicion = { visitors: 5, regions: 3 };
const AT = "2026-06-01T00:00:00.000Z";
const page = { limit: 50, beforeId: null };

export function distributionTransactionTests({ storage }: StorageSuiteContext): void {
  describe("distribution writes in transactions", () => {
    it("rolls back enterprises, staff, stock moves, scans, alerts, alert settings and reports together", async () => {
      const tenant = freshTenantId();
      const inserted = await storage().enterprises.insert(enterpriseRecord(tenant));
      if (inserted.outcome !== "inserted") throw new Error("insert failed");
      const root = inserted.enterprise;
      const { pkg } = await storedPackage(storage(), tenant, 5);
      const document = stockDocumentRecord(tenant, null, root.id, {
        outboundType: null,
        inboundType: "production",
      });
      await storage().stock.insertDocument(document);
      const failure = new Error("rolled back");
      await expect(
        storage().transaction(async (tx) => {
          await tx.enterprises.insert(enterpriseRecord(tenant, { parentId: root.id }));
          await tx.enterprises.update(tenant, root.id, {
            name: "changed",
            updatedAt: root.updatedAt,
          });
          await tx.staff.insert(staffRecord(tenant));
          const moved = await tx.stock.moveCodes(
            tenant,
            stockItem(document, pkg.id, 1, 3),
            undefined,
            root.id,
          );
          expect(moved.outcome).toBe("moved");
          const scan = scanRecord(tenant, "TX-1");
          await tx.scans.record(scan, suspicion);
          await tx.scans.insertAlert(alertRecord(tenant, "TX-1", root.id, scan.id));
          await tx.scans.insertReport(inspectionReportRecord(tenant, "TX-1"));
          await tx.scans.insertCountAlert(countAlertRecord(tenant, "TX-1", "visitors"));
          await tx.scans.updateAlertSettings(tenant, { visitors: 4, updatedAt: AT });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await storage().enterprises.get(tenant, root.id)).toEqual(root);
      expect(await storage().enterprises.listChildren(tenant, root.id, page)).toEqual([]);
      expect(await storage().staff.list(tenant, page)).toEqual([]);
      expect(await storage().stock.holderOf(tenant, pkg.id, 1)).toBeNull();
      expect(await storage().stock.getDocument(tenant, document.id)).toEqual(document);
      expect(
        await storage().stock.itemsForPackage(tenant, pkg.id, { offset: 0, limit: 10 }),
      ).toEqual([]);
      expect(await storage().scans.stats(tenant, "TX-1")).toBeNull();
      expect(await storage().scans.count(tenant)).toBe(0);
      expect(await storage().scans.listAlerts(tenant, {}, page)).toEqual([]);
      expect(await storage().scans.listReports(tenant, {}, page)).toEqual([]);
      expect(await storage().scans.listCountAlerts(tenant, {}, page)).toEqual([]);
      expect(await storage().scans.alertSettings(tenant)).toBeNull();
      // The rolled-back move left no held codes behind.
      await storage().stock.closeDocument(tenant, document.id, root.updatedAt);
      expect(await storage().enterprises.delete(tenant, root.id)).toMatchObject({
        heldCodeCount: 0,
      });
    });

    it("commits them together", async () => {
      const tenant = freshTenantId();
      const root = enterpriseRecord(tenant);
      const { pkg } = await storedPackage(storage(), tenant, 5);
      await storage().transaction(async (tx) => {
        await tx.enterprises.insert(root);
        const document = stockDocumentRecord(tenant, null, root.id, { outboundType: null });
        await tx.stock.insertDocument(document);
        await tx.stock.moveCodes(tenant, stockItem(document, pkg.id, 1, 2), undefined, root.id);
        await tx.scans.record(scanRecord(tenant, "TX-2"), suspicion);
      });
      expect((await storage().stock.holderOf(tenant, pkg.id, 2))?.enterpriseId).toBe(root.id);
      expect((await storage().scans.stats(tenant, "TX-2"))?.count).toBe(1);
    });
  });
}
