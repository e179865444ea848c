import { describe, expect, it } from "vitest";
import {
  alertRecord,
  countAlertRecord,
  enterpriseRecord,
  inspectionReportRecord,
  scanRecord,
} from "../distribution-fixtures.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const SUSPICION = { visitors: 5, regions: 3 };
const page = { limit: 100, beforeId: null };

/** Diversion alerts, inspection reports, count alerts and their settings. */
export function scanAlertTests({ storage }: StorageSuiteContext): void {
  const scans = () => storage().scans;

  async function enterpriseIn(tenant: string) {
    const result = await storage().enterprises.insert(enterpriseRecord(tenant));
    if (result.outcome !== "inserted") throw new Error("enterprise insert failed");
    return result.enterprise.id;
  }

  describe("diversion alerts and inspection reports", () => {
    it("stores at most one alert per code and scan region, also under parallel inserts", async () => {
      const tenant = freshTenantId();
      const enterpriseId = await enterpriseIn(tenant);
      const scan = scanRecord(tenant, "DIV");
      await scans().record(scan, SUSPICION);
      const alert = alertRecord(tenant, "DIV", enterpriseId, scan.id);
      expect(await scans().insertAlert(alert)).toBe(true);
      expect(await scans().insertAlert(alertRecord(tenant, "DIV", enterpriseId, scan.id))).toBe(
        false,
      );
      expect(
        await scans().insertAlert(
          alertRecord(tenant, "DIV", enterpriseId, scan.id, { scanRegion: "CN-SH" }),
        ),
      ).toBe(true);
      const racing = await Promise.all(
        Array.from({ length: 8 }, () =>
          scans().insertAlert(alertRecord(tenant, "RACE", enterpriseId, scan.id)),
        ),
      );
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await scans().listAlerts(tenant, { code: "DIV" }, page)).toEqual([
        expect.objectContaining({ scanRegion: "CN-SH" }),
        alert,
      ]);
    });

    it("filters alerts by code, enterprise, region and detection time (from inclusive, to exclusive)", async () => {
      const tenant = freshTenantId();
      const [shop, other] = [await enterpriseIn(tenant), await enterpriseIn(tenant)];
      const scan = scanRecord(tenant, "X");
      await scans().record(scan, SUSPICION);
      const made = [
        alertRecord(tenant, "A", shop, scan.id, { detectedAt: "2026-03-01T00:00:00.000Z" }),
        alertRecord(tenant, "B", shop, scan.id, {
          scanRegion: "CN-SH",
          detectedAt: "2026-03-02T00:00:00.000Z",
        }),
        alertRecord(tenant, "C", other, scan.id, { detectedAt: "2026-03-03T00:00:00.000Z" }),
      ];
      for (const alert of made) await scans().insertAlert(alert);
      const codes = async (
        filter: object,
        query: typeof page | { limit: number; beforeId: string } = page,
      ) => (await scans().listAlerts(tenant, filter, query)).map((alert) => alert.code);
      expect(await codes({})).toEqual(["C", "B", "A"]);
      expect(await codes({ enterpriseId: shop })).toEqual(["B", "A"]);
      expect(await codes({ scanRegion: "CN-BJ" })).toEqual(["C", "A"]);
      expect(await codes({ code: "B" })).toEqual(["B"]);
      expect(
        await codes({ from: "2026-03-02T00:00:00.000Z", to: "2026-03-03T00:00:00.000Z" }),
      ).toEqual(["B"]);
      expect(await codes({}, { limit: 1, beforeId: made[2]?.id ?? null })).toEqual(["B"]);
    });

    it("stores inspection reports and lists them newest first by code and inspector", async () => {
      const tenant = freshTenantId();
      const a = inspectionReportRecord(tenant, "CODE-A", { region: null, photos: [] });
      const b = inspectionReportRecord(tenant, "CODE-B", { inspectorId: "inspector-2" });
      const c = inspectionReportRecord(tenant, "CODE-A", { inspectorId: "inspector-2" });
      for (const report of [a, b, c]) await scans().insertReport(report);
      expect(await scans().listReports(tenant, {}, page)).toEqual([c, b, a]);
      expect(await scans().listReports(tenant, { code: "CODE-A" }, page)).toEqual([c, a]);
      expect(await scans().listReports(tenant, { inspectorId: "inspector-2" }, page)).toEqual([
        c,
        b,
      ]);
      expect(
        await scans().listReports(tenant, { code: "CODE-A", inspectorId: "inspector-1" }, page),
      ).toEqual([a]);
      expect(await scans().listReports(tenant, {}, { limit: 1, beforeId: c.id })).toEqual([b]);
    });
  });

  describe("count alerts and their settings", () => {
    it("stores at most one count alert per code and kind, also under parallel inserts", async () => {
      const tenant = freshTenantId();
      const first = countAlertRecord(tenant, "HOT", "visitor_scans");
      expect(await scans().insertCountAlert(first)).toBe(true);
      expect(await scans().insertCountAlert(countAlertRecord(tenant, "HOT", "visitor_scans"))).toBe(
        false,
      );
      const visitors = countAlertRecord(tenant, "HOT", "visitors", { threshold: 10, observed: 11 });
      expect(await scans().insertCountAlert(visitors)).toBe(true);
      const racing = await Promise.all(
        Array.from({ length: 8 }, () =>
          scans().insertCountAlert(countAlertRecord(tenant, "RACE", "visitors")),
        ),
      );
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await scans().listCountAlerts(tenant, { code: "HOT" }, page)).toEqual([
        visitors,
        first,
      ]);
      expect(await scans().listCountAlerts(tenant, { code: "RACE" }, page)).toHaveLength(1);
    });

    it("filters count alerts by code, kind, batch and detection time (from inclusive, to exclusive), newest first", async () => {
      const tenant = freshTenantId();
      const made = [
        countAlertRecord(tenant, "A", "visitor_scans", {
          batchId: "tb_1",
          detectedAt: "2026-03-01T00:00:00.000Z",
        }),
        countAlertRecord(tenant, "B", "visitors", {
          batchId: "tb_1",
          detectedAt: "2026-03-02T00:00:00.000Z",
        }),
        countAlertRecord(tenant, "C", "visitor_scans", {
          batchId: "tb_2",
          firstRegion: null,
          visitorId: null,
          detectedAt: "2026-03-03T00:00:00.000Z",
        }),
      ];
      for (const alert of made) await scans().insertCountAlert(alert);
      const codes = async (
        filter: object,
        query: typeof page | { limit: number; beforeId: string } = page,
      ) => (await scans().listCountAlerts(tenant, filter, query)).map((alert) => alert.code);
      expect(await scans().listCountAlerts(tenant, {}, page)).toEqual([...made].reverse());
      expect(await codes({ kind: "visitor_scans" })).toEqual(["C", "A"]);
      expect(await codes({ batchId: "tb_1" })).toEqual(["B", "A"]);
      expect(await codes({ code: "B" })).toEqual(["B"]);
      expect(
        await codes({ from: "2026-03-02T00:00:00.000Z", to: "2026-03-03T00:00:00.000Z" }),
      ).toEqual(["B"]);
      expect(await codes({ kind: "visitors", batchId: "tb_2" })).toEqual([]);
      expect(await codes({}, { limit: 1, beforeId: made[2]?.id ?? "" })).toEqual(["B"]);
      expect(await scans().listCountAlerts(freshTenantId(), {}, page)).toEqual([]);
    });

    it("keeps a tenant's count-alert settings: none until set, each update changing only the thresholds it names", async () => {
      const tenant = freshTenantId();
      expect(await scans().alertSettings(tenant)).toBeNull();
      const first = await scans().updateAlertSettings(tenant, {
        visitorScans: 3,
        updatedAt: "2026-03-01T00:00:00.000Z",
      });
      expect(first).toEqual({
        tenantId: tenant,
        visitorScans: 3,
        visitors: null,
        updatedAt: "2026-03-01T00:00:00.000Z",
      });
      const second = await scans().updateAlertSettings(tenant, {
        visitors: 10,
        updatedAt: "2026-03-02T00:00:00.000Z",
      });
      expect(second).toEqual({ ...first, visitors: 10, updatedAt: "2026-03-02T00:00:00.000Z" });
      const off = await scans().updateAlertSettings(tenant, {
        visitorScans: null,
        updatedAt: "2026-03-03T00:00:00.000Z",
      });
      expect(off).toMatchObject({ visitorScans: null, visitors: 10 });
      expect(await scans().alertSettings(tenant)).toEqual(off);
      expect(await scans().alertSettings(freshTenantId())).toBeNull();
    });

    it("applies concurrent updates of different thresholds both, also when creating the settings", async () => {
      const tenant = freshTenantId();
      const at = "2026-03-01T00:00:00.000Z";
      await Promise.all([
        scans().updateAlertSettings(tenant, { visitorScans: 4, updatedAt: at }),
        scans().updateAlertSettings(tenant, { visitors: 7, updatedAt: at }),
      ]);
      expect(await scans().alertSettings(tenant)).toEqual({
        tenantId: tenant,
        visitorScans: 4,
        visitors: 7,
        updatedAt: at,
      });
    });
  });
}
