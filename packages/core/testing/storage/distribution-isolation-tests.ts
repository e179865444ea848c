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

const AT = "2026-06-01T00:00:00.000Z";
const page = { limit: 50, beforeId: null };
const suspicion = { visitors: 5, regions: 3 };

export function distributionIsolationTests({ storage }: StorageSuiteContext): void {
  describe("tenant isolation of distribution and scans", () => {
    it("hides one tenant's enterprises, staff, stock, scans, alerts, alert settings and reports from another", async () => {
      const owner = freshTenantId();
      const intruder = freshTenantId();
      const inserted = await storage().enterprises.insert(enterpriseRecord(owner));
      if (inserted.outcome !== "inserted") throw new Error("insert failed");
      const enterprise = inserted.enterprise;
      const member = staffRecord(owner, { loginName: "shared_login" });
      await storage().staff.insert(member);
      const { pkg } = await storedPackage(storage(), owner, 5);
      const document = stockDocumentRecord(owner, null, enterprise.id, {
        outboundType: null,
        inboundType: "production",
      });
      await storage().stock.insertDocument(document);
      await storage().stock.moveCodes(
        owner,
        stockItem(document, pkg.id, 1, 2),
        undefined,
        enterprise.id,
      );
      const scan = scanRecord(owner, "ISO-1");
      await storage().scans.record(scan, suspicion);
      const alert = alertRecord(owner, "ISO-1", enterprise.id, scan.id);
      await storage().scans.insertAlert(alert);
      const report = inspectionReportRecord(owner, "ISO-1");
      await storage().scans.insertReport(report);
      const countAlert = countAlertRecord(owner, "ISO-1", "visitors");
      await storage().scans.insertCountAlert(countAlert);
      const settings = await storage().scans.updateAlertSettings(owner, {
        visitorScans: 3,
        visitors: 9,
        updatedAt: AT,
      });

      const enterprises = storage().enterprises;
      expect(await enterprises.get(intruder, enterprise.id)).toBeNull();
      expect(await enterprises.listChildren(intruder, null, page)).toEqual([]);
      expect(
        await enterprises.update(intruder, enterprise.id, { name: "x", updatedAt: AT }),
      ).toBeNull();
      expect(await enterprises.move(intruder, enterprise.id, null, AT)).toEqual({
        outcome: "not_found",
      });
      expect(await enterprises.delete(intruder, enterprise.id)).toEqual({ outcome: "not_found" });
      expect(
        await enterprises.insert(enterpriseRecord(intruder, { parentId: enterprise.id })),
      ).toEqual({ outcome: "parent_not_found" });
      const own = await enterprises.insert(enterpriseRecord(intruder));
      if (own.outcome !== "inserted") throw new Error("insert failed");
      expect(await enterprises.move(intruder, own.enterprise.id, enterprise.id, AT)).toEqual({
        outcome: "parent_not_found",
      });

      const staff = storage().staff;
      expect(await staff.get(intruder, member.id)).toBeNull();
      expect(await staff.list(intruder, page)).toEqual([]);
      expect(await staff.update(intruder, { ...member, tenantId: intruder })).toEqual({
        outcome: "not_found",
      });
      expect(await staff.delete(intruder, member.id)).toBe(false);
      expect(await staff.insert(staffRecord(intruder, { loginName: "shared_login" }))).toEqual({
        outcome: "inserted",
      });

      const stock = storage().stock;
      expect(await stock.getDocument(intruder, document.id)).toBeNull();
      expect(await stock.listDocuments(intruder, {}, page)).toEqual([]);
      expect(await stock.listDocuments(intruder, { enterpriseId: enterprise.id }, page)).toEqual(
        [],
      );
      expect(await stock.closeDocument(intruder, document.id, AT)).toBeNull();
      expect(
        await stock.moveCodes(intruder, stockItem(document, pkg.id, 3, 3), undefined, null),
      ).toEqual({ outcome: "document_not_open" });
      expect(await stock.holderOf(intruder, pkg.id, 1)).toBeNull();
      expect(await stock.itemsForCode(intruder, pkg.id, 1)).toEqual([]);
      expect(await stock.itemsForPackage(intruder, pkg.id, { offset: 0, limit: 10 })).toEqual([]);
      expect(await stock.listItems(intruder, document.id, { offset: 0, limit: 10 })).toEqual([]);

      const scans = storage().scans;
      expect(await scans.stats(intruder, "ISO-1")).toBeNull();
      expect(await scans.listForCode(intruder, "ISO-1", page)).toEqual([]);
      expect(await scans.count(intruder)).toBe(0);
      expect(await scans.listAlerts(intruder, {}, page)).toEqual([]);
      expect(await scans.listReports(intruder, {}, page)).toEqual([]);
      expect(await scans.listCountAlerts(intruder, {}, page)).toEqual([]);
      expect(await scans.alertSettings(intruder)).toBeNull();
      expect(await scans.insertCountAlert(countAlertRecord(intruder, "ISO-1", "visitors"))).toBe(
        true,
      );
      await scans.updateAlertSettings(intruder, { visitors: null, updatedAt: AT });
      const intruderScan = scanRecord(intruder, "ISO-1");
      expect((await scans.record(intruderScan, suspicion)).count).toBe(1);
      expect(
        await scans.insertAlert(alertRecord(intruder, "ISO-1", own.enterprise.id, intruderScan.id)),
      ).toBe(true);

      // The owner's records are untouched.
      expect(await enterprises.get(owner, enterprise.id)).toEqual(enterprise);
      expect(await staff.get(owner, member.id)).toEqual(member);
      expect((await stock.getDocument(owner, document.id))?.codeCount).toBe(2);
      expect((await stock.holderOf(owner, pkg.id, 1))?.enterpriseId).toBe(enterprise.id);
      expect((await scans.stats(owner, "ISO-1"))?.count).toBe(1);
      expect(await scans.listAlerts(owner, {}, page)).toEqual([alert]);
      expect(await scans.listReports(owner, {}, page)).toEqual([report]);
      expect(await scans.listCountAlerts(owner, {}, page)).toEqual([countAlert]);
      expect(await scans.alertSettings(owner)).toEqual(settings);
    });
  });
}
