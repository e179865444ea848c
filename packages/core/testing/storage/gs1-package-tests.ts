import { describe, expect, it } from "vitest";
import { serialTokenOf } from "../../src/trace/gs1/digital-link.js";
import { scanRecord } from "../distribution-fixtures.js";
import { codePackageRecord, freshTenantId, insertMerchantAndRule } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** Packaging keys, SSCC serial reference allocation and serial-token look-ups of code packages. */
export function gs1PackageTests({ storage }: StorageSuiteContext): void {
  const withRule = () => insertMerchantAndRule(storage());
  const base = { companyPrefix: "6901234", extensionDigit: 3 };

  describe("code packages: GS1 keys", () => {
    it("stores the packaging levels' GS1 keys and reads them back unchanged", async () => {
      const { tenant, merchant, rule } = await withRule();
      const pkg = codePackageRecord(tenant, merchant.id, rule.id, {
        codeType: "three-level",
        ratio: { middlePerOuter: 2, innerPerOuter: 4 },
        quantity: 2,
        total: 14,
        packagingKeys: {
          outer: { kind: "sscc", ...base, firstReference: 999_999_990 },
          middle: { kind: "gtin", gtin: "16901234567899" },
        },
      });
      expect(await storage().codePackages.insert(pkg)).toEqual({ outcome: "inserted" });
      expect(await storage().codePackages.get(tenant, pkg.id)).toEqual(pkg);
    });

    it("reserves SSCC serial references from 0, consecutively, per company prefix and extension digit", async () => {
      const { tenant } = await withRule();
      const packages = () => storage().codePackages;
      expect(await packages().reserveSsccReferences(tenant, base, 10)).toEqual({
        outcome: "reserved",
        first: 0,
        last: 9,
      });
      expect(await packages().reserveSsccReferences(tenant, base, 1)).toEqual({
        outcome: "reserved",
        first: 10,
        last: 10,
      });
      const otherDigit = { ...base, extensionDigit: 4 };
      expect(await packages().reserveSsccReferences(tenant, otherDigit, 2)).toMatchObject({
        first: 0,
      });
      expect(await packages().reserveSsccReferences(freshTenantId(), base, 1)).toMatchObject({
        first: 0,
      });
    });

    it("refuses a reservation beyond the prefix's capacity and reserves nothing", async () => {
      const { tenant } = await withRule();
      const long = { companyPrefix: "690123456789", extensionDigit: 0 }; // 4-digit references
      const packages = () => storage().codePackages;
      expect(await packages().reserveSsccReferences(tenant, long, 9_990)).toMatchObject({
        outcome: "reserved",
        last: 9_989,
      });
      expect(await packages().reserveSsccReferences(tenant, long, 11)).toEqual({
        outcome: "exhausted",
        remaining: 10,
      });
      expect(await packages().reserveSsccReferences(tenant, long, 10)).toEqual({
        outcome: "reserved",
        first: 9_990,
        last: 9_999,
      });
      const fresh = { companyPrefix: "690123456788", extensionDigit: 0 };
      expect(await packages().reserveSsccReferences(tenant, fresh, 10_001)).toEqual({
        outcome: "exhausted",
        remaining: 10_000,
      });
    });

    it("never hands out a reference twice under concurrent reservations", async () => {
      const { tenant } = await withRule();
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          storage().codePackages.reserveSsccReferences(tenant, base, 7),
        ),
      );
      const taken = results.flatMap((result) => {
        if (result.outcome !== "reserved") throw new Error("a reservation was refused");
        return Array.from({ length: 7 }, (_, index) => result.first + index);
      });
      expect(taken.sort((a, b) => a - b)).toEqual(Array.from({ length: 140 }, (_, index) => index));
    });

    it("rolls a reservation back with its transaction", async () => {
      const { tenant } = await withRule();
      const failure = new Error("later step failed");
      await expect(
        storage().transaction(async (tx) => {
          await tx.codePackages.reserveSsccReferences(tenant, base, 5);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await storage().codePackages.reserveSsccReferences(tenant, base, 1)).toMatchObject({
        first: 0,
      });
    });

    it("finds a tenant's package by the serial token of its AI 21 serials", async () => {
      const { tenant, merchant, rule } = await withRule();
      const pkg = codePackageRecord(tenant, merchant.id, rule.id);
      const other = codePackageRecord(tenant, merchant.id, rule.id);
      await storage().codePackages.insert(pkg);
      await storage().codePackages.insert(other);
      expect(await storage().codePackages.findBySerialToken(tenant, serialTokenOf(pkg.id))).toEqual(
        [pkg],
      );
      expect(
        await storage().codePackages.findBySerialToken(freshTenantId(), serialTokenOf(pkg.id)),
      ).toEqual([]);
      expect(await storage().codePackages.findBySerialToken(tenant, "0".repeat(15))).toEqual([]);
    });

    it("records an unverified scan (a Digital Link without its code) and reads its verdict back", async () => {
      const tenant = freshTenantId();
      const key = "https://id.gs1.org/01/06901234567892/21/abc-1";
      const scan = scanRecord(tenant, key, { verdict: "unverified" });
      await storage().scans.record(scan, { visitors: 6, regions: 4 });
      expect(await storage().scans.listForCode(tenant, key, { limit: 10, beforeId: null })).toEqual(
        [scan],
      );
    });
  });
}
