import { describe, expect, it } from "vitest";
import {
  codePackageRecord,
  codeRuleRecord,
  freshTenantId,
  merchantRecord,
  productRecord,
} from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

export function codeRuleTests({ storage }: StorageSuiteContext): void {
  async function withMerchant() {
    const tenant = freshTenantId();
    const merchant = merchantRecord(tenant);
    await storage().merchants.insert(merchant);
    return { tenant, merchant };
  }

  describe("code rules", () => {
    it("stores a rule and reads every field back unchanged", async () => {
      const { tenant, merchant } = await withMerchant();
      const rule = codeRuleRecord(tenant, merchant.id, {
        segments: [
          { kind: "fixed", text: "A-_z" },
          { kind: "timestamp" },
          { kind: "date" },
          { kind: "sequence", start: 42, end: 9_999_999_999, length: 10 },
          { kind: "random", charset: "digits", length: 20 },
        ],
        length: 52,
        sequenceNext: 42,
        serials: false,
      });
      expect(await storage().codeRules.insert(rule)).toEqual({ outcome: "inserted" });
      expect(await storage().codeRules.get(tenant, rule.id)).toEqual(rule);
      const quick = codeRuleRecord(tenant, merchant.id, {
        mode: "quick",
        segments: [{ kind: "random", charset: "letters", length: 14 }],
        length: 14,
        sequenceNext: null,
      });
      await storage().codeRules.insert(quick);
      expect(await storage().codeRules.get(tenant, quick.id)).toEqual(quick);
    });

    it("refuses a rule whose merchant does not exist and stores nothing", async () => {
      const tenant = freshTenantId();
      const rule = codeRuleRecord(tenant, "mch_00000000000000000000000000");
      expect(await storage().codeRules.insert(rule)).toEqual({ outcome: "merchant_not_found" });
      expect(await storage().codeRules.get(tenant, rule.id)).toBeNull();
    });

    it("lists newest first, optionally of one merchant, paged by beforeId", async () => {
      const { tenant, merchant } = await withMerchant();
      const other = merchantRecord(tenant);
      await storage().merchants.insert(other);
      const mine = [];
      for (let i = 0; i < 3; i++) {
        const rule = codeRuleRecord(tenant, merchant.id, { name: `r${i}` });
        await storage().codeRules.insert(rule);
        await storage().codeRules.insert(codeRuleRecord(tenant, other.id));
        mine.push(rule.id);
      }
      const page = await storage().codeRules.list(
        tenant,
        { merchantId: merchant.id },
        { limit: 2, beforeId: null },
      );
      expect(page.map((rule) => rule.id)).toEqual([mine[2], mine[1]]);
      const rest = await storage().codeRules.list(
        tenant,
        { merchantId: merchant.id },
        { limit: 2, beforeId: mine[1] ?? null },
      );
      expect(rest.map((rule) => rule.id)).toEqual([mine[0]]);
      expect(
        await storage().codeRules.list(tenant, {}, { limit: 100, beforeId: null }),
      ).toHaveLength(6);
    });

    it("changes only the name and the enabled flag", async () => {
      const { tenant, merchant } = await withMerchant();
      const rule = codeRuleRecord(tenant, merchant.id);
      await storage().codeRules.insert(rule);
      const at = "2026-02-01T00:00:00.000Z";
      expect(
        await storage().codeRules.update(tenant, rule.id, { enabled: false, updatedAt: at }),
      ).toEqual({ ...rule, enabled: false, updatedAt: at });
      expect(
        await storage().codeRules.update(tenant, rule.id, { name: "新 New", updatedAt: at }),
      ).toEqual({ ...rule, name: "新 New", enabled: false, updatedAt: at });
      expect(
        await storage().codeRules.update(tenant, "rule_00000000000000000000000000", {
          name: "x",
          updatedAt: at,
        }),
      ).toBeNull();
    });

    it("deletes a rule no package uses and refuses one that any level of a package uses", async () => {
      const { tenant, merchant } = await withMerchant();
      const unused = codeRuleRecord(tenant, merchant.id);
      const item = codeRuleRecord(tenant, merchant.id);
      const outer = codeRuleRecord(tenant, merchant.id);
      for (const rule of [unused, item, outer]) await storage().codeRules.insert(rule);
      const twoLevel = codePackageRecord(tenant, merchant.id, item.id, {
        codeType: "two-level",
        ratio: { innerPerOuter: 4 },
        rules: { item: item.id, outer: outer.id },
      });
      await storage().codePackages.insert(twoLevel);
      await storage().codePackages.insert(codePackageRecord(tenant, merchant.id, item.id));
      expect(await storage().codeRules.delete(tenant, unused.id)).toEqual({ outcome: "deleted" });
      expect(await storage().codeRules.get(tenant, unused.id)).toBeNull();
      expect(await storage().codeRules.delete(tenant, unused.id)).toEqual({ outcome: "not_found" });
      expect(await storage().codeRules.delete(tenant, item.id)).toEqual({
        outcome: "in_use",
        packageCount: 2,
      });
      expect(await storage().codeRules.delete(tenant, outer.id)).toEqual({
        outcome: "in_use",
        packageCount: 1,
      });
      expect(await storage().codeRules.get(tenant, outer.id)).toEqual(outer);
    });

    it("reserves consecutive sequence values and reports what is left when short", async () => {
      const { tenant, merchant } = await withMerchant();
      const rule = codeRuleRecord(tenant, merchant.id, {
        segments: [
          { kind: "sequence", start: 5, end: 24, length: 2 },
          { kind: "random", charset: "mixed", length: 14 },
        ],
        length: 16,
        sequenceNext: 5,
      });
      await storage().codeRules.insert(rule);
      const reserve = (count: number) =>
        storage().codeRules.reserveSequence(tenant, rule.id, count);
      expect(await reserve(10)).toEqual({ outcome: "reserved", first: 5, last: 14 });
      expect(await reserve(11)).toEqual({ outcome: "exhausted", remaining: 10 });
      expect((await storage().codeRules.get(tenant, rule.id))?.sequenceNext).toBe(15);
      expect(await reserve(10)).toEqual({ outcome: "reserved", first: 15, last: 24 });
      expect(await reserve(1)).toEqual({ outcome: "exhausted", remaining: 0 });
      expect((await storage().codeRules.get(tenant, rule.id))?.sequenceNext).toBe(25);

      const noSequence = codeRuleRecord(tenant, merchant.id, {
        segments: [{ kind: "random", charset: "mixed", length: 20 }],
        length: 20,
        sequenceNext: null,
      });
      await storage().codeRules.insert(noSequence);
      expect(await storage().codeRules.reserveSequence(tenant, noSequence.id, 1)).toEqual({
        outcome: "exhausted",
        remaining: 0,
      });
      expect(
        await storage().codeRules.reserveSequence(tenant, "rule_00000000000000000000000000", 1),
      ).toEqual({ outcome: "not_found" });
    });

    it("never hands out a sequence value twice under parallel reservations", async () => {
      const { tenant, merchant } = await withMerchant();
      const rule = codeRuleRecord(tenant, merchant.id, {
        segments: [
          { kind: "sequence", start: 1, end: 100, length: 3 },
          { kind: "random", charset: "mixed", length: 13 },
        ],
        length: 16,
      });
      await storage().codeRules.insert(rule);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => storage().codeRules.reserveSequence(tenant, rule.id, 7)),
      );
      const ranges = results.flatMap((result) =>
        result.outcome === "reserved" ? [[result.first, result.last] as const] : [],
      );
      // 100 values make 14 reservations of 7; the other 6 find too few left.
      expect(ranges).toHaveLength(14);
      const values = ranges.flatMap(([first, last]) =>
        Array.from({ length: last - first + 1 }, (_, i) => first + i),
      );
      expect(new Set(values).size).toBe(98);
      expect(Math.min(...values)).toBe(1);
      expect(Math.max(...values)).toBe(98);
      for (const result of results) {
        if (result.outcome !== "reserved")
          expect(result).toEqual({ outcome: "exhausted", remaining: 2 });
      }
    });

    it("keeps a merchant that has rules or packages, reporting products first", async () => {
      const { tenant, merchant } = await withMerchant();
      const rule = codeRuleRecord(tenant, merchant.id);
      await storage().codeRules.insert(rule);
      expect(await storage().merchants.delete(tenant, merchant.id)).toEqual({
        outcome: "has_codes",
        codeRuleCount: 1,
        codePackageCount: 0,
      });
      await storage().codePackages.insert(codePackageRecord(tenant, merchant.id, rule.id));
      await storage().codePackages.insert(codePackageRecord(tenant, merchant.id, null));
      expect(await storage().merchants.delete(tenant, merchant.id)).toEqual({
        outcome: "has_codes",
        codeRuleCount: 1,
        codePackageCount: 2,
      });
      await storage().products.insert(productRecord(tenant, merchant.id));
      expect(await storage().merchants.delete(tenant, merchant.id)).toEqual({
        outcome: "has_products",
        productCount: 1,
      });
      expect(await storage().merchants.get(tenant, merchant.id)).toEqual(merchant);
    });

    it("never leaves a rule without its merchant when deletes race rule inserts", async () => {
      for (let round = 0; round < 5; round++) {
        const { tenant, merchant } = await withMerchant();
        const [deletion, ...insertions] = await Promise.all([
          storage().merchants.delete(tenant, merchant.id),
          ...Array.from({ length: 6 }, () =>
            storage().codeRules.insert(codeRuleRecord(tenant, merchant.id)),
          ),
        ]);
        const rules = await storage().codeRules.list(tenant, {}, { limit: 100, beforeId: null });
        const inserted = insertions.filter((result) => result.outcome === "inserted").length;
        expect(rules).toHaveLength(inserted);
        if (deletion.outcome === "deleted") expect(rules).toHaveLength(0);
        else expect(deletion).toMatchObject({ outcome: "has_codes", codePackageCount: 0 });
      }
    });
  });
}
