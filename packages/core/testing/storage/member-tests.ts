import { describe, expect, it } from "vitest";
import { newCustomer } from "../../src/promotions/members/customers/customer-records.js";
import type {
  MemberCustomer,
  MemberLevel,
  PointsEntry,
} from "../../src/promotions/members/member-records.js";
import { DEFAULT_MEMBER_SETTINGS } from "../../src/promotions/members/member-records.js";
import { freshId, freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-06-01T10:00:00.000Z";
const LATER = "2026-06-02T10:00:00.000Z";

/** A customer of `tenantId` with nothing bought. */
export function memberCustomerRecord(
  tenantId: string,
  id: string,
  overrides: Partial<MemberCustomer> = {},
): MemberCustomer {
  return { ...newCustomer(tenantId, id, null, AT), ...overrides };
}

const entry = (
  tenantId: string,
  customerId: string,
  delta: number,
  key: string,
  overrides: Partial<PointsEntry> = {},
): Omit<PointsEntry, "balanceAfter"> => ({
  tenantId,
  id: freshId("pts"),
  customerId,
  kind: delta > 0 ? "earn" : "redeem",
  delta,
  key,
  orderId: null,
  year: 2026,
  note: null,
  actor: { kind: "system", id: "system" },
  createdAt: AT,
  ...overrides,
});

const level = (
  tenantId: string,
  id: string,
  threshold: number,
  isDefault = false,
): MemberLevel => ({
  tenantId,
  id,
  name: `L${threshold}`,
  threshold,
  discount: isDefault ? null : "0.9",
  icon: null,
  isDefault,
  createdAt: AT,
  updatedAt: AT,
});

/** Members: customers (compare-and-set, queries), the points ledger (atomic, once per key), levels, tags, settings. */
export function memberTests({ storage }: StorageSuiteContext): void {
  const customers = () => storage().memberCustomers;
  const ledger = () => storage().pointsLedger;

  describe("members", () => {
    it("inserts a customer once and updates it by version, keeping the ledger's fields", async () => {
      const tenant = freshTenantId();
      const ann = memberCustomerRecord(tenant, "ann", { referrerId: "bob", tagIds: ["t1"] });
      expect(await customers().insert(ann)).toBe(true);
      expect(await customers().insert({ ...ann, referrerId: null })).toBe(false);
      expect(await customers().get(tenant, "ann")).toEqual(ann);
      expect(await customers().get(freshTenantId(), "ann")).toBeNull();
      const next = { ...ann, version: 2, blacklisted: true, pointsBalance: 999, updatedAt: LATER };
      expect(await customers().update(next, 1)).toBe(true);
      expect(await customers().update({ ...next, version: 2 }, 1)).toBe(false);
      expect(await customers().get(tenant, "ann")).toEqual({ ...next, pointsBalance: 0 });
    });

    it("answers concurrent reads each with its own customer (or none)", async () => {
      const tenant = freshTenantId();
      const other = freshTenantId();
      const ann = memberCustomerRecord(tenant, "ann");
      const bob = memberCustomerRecord(tenant, "bob", { blacklisted: true });
      const otherAnn = memberCustomerRecord(other, "ann", { experience: 3 });
      for (const customer of [ann, bob, otherAnn]) await customers().insert(customer);
      const reads = await Promise.all([
        customers().get(tenant, "ann"),
        customers().get(tenant, "bob"),
        customers().get(other, "ann"),
        customers().get(tenant, "nobody"),
        customers().get(tenant, "ann"),
      ]);
      expect(reads).toEqual([ann, bob, otherAnn, null, ann]);
    });

    it("lets one of two concurrent updates of one version win", async () => {
      const tenant = freshTenantId();
      const ann = memberCustomerRecord(tenant, "ann");
      await customers().insert(ann);
      const results = await Promise.all([
        customers().update({ ...ann, version: 2, experience: 5 }, 1),
        customers().update({ ...ann, version: 2, experience: 7 }, 1),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await customers().get(tenant, "ann"))?.version).toBe(2);
    });

    it("lists, counts and filters customers by every query field", async () => {
      const tenant = freshTenantId();
      await customers().insert(
        memberCustomerRecord(tenant, "c1", { tagIds: ["vip"], experience: 3 }),
      );
      await customers().insert(
        memberCustomerRecord(tenant, "c2", {
          experience: 12,
          pointsEarned: 40,
          ordersCount: 2,
          totalSpent: 5000,
          lastOrderAt: LATER,
          lastSeenAt: LATER,
        }),
      );
      await customers().insert(
        memberCustomerRecord(tenant, "c3", {
          blacklisted: true,
          tagIds: ["vip", "x"],
          experience: 20,
        }),
      );
      await ledger().record(entry(tenant, "c3", 5, "k1"));
      const ids = async (query: Parameters<ReturnType<typeof customers>["list"]>[1]) =>
        (await customers().list(tenant, query, { afterId: null, limit: 10 })).map((c) => c.id);
      expect(await ids({})).toEqual(["c1", "c2", "c3"]);
      expect(await customers().list(tenant, {}, { afterId: "c1", limit: 1 })).toMatchObject([
        { id: "c2" },
      ]);
      expect(await ids({ tagIds: ["vip"] })).toEqual(["c1", "c3"]);
      expect(await ids({ tagIds: ["x", "nope"] })).toEqual(["c3"]);
      expect(await ids({ blacklisted: false })).toEqual(["c1", "c2"]);
      expect(await ids({ withPoints: true })).toEqual(["c3"]);
      expect(
        await ids({ scoreRanges: { field: "experience", ranges: [{ min: 10, max: 20 }] } }),
      ).toEqual(["c2"]);
      expect(
        await ids({
          scoreRanges: {
            field: "experience",
            ranges: [
              { min: 0, max: 5 },
              { min: 20, max: null },
            ],
          },
        }),
      ).toEqual(["c1", "c3"]);
      expect(
        await ids({ scoreRanges: { field: "points_earned", ranges: [{ min: 40, max: null }] } }),
      ).toEqual(["c2"]);
      expect(await ids({ scoreRanges: { field: "experience", ranges: [] } })).toEqual([]);
      expect(await ids({ minOrders: 1, maxOrders: 2, minSpent: 5000 })).toEqual(["c2"]);
      expect(await ids({ maxOrders: 0 })).toEqual(["c1", "c3"]);
      expect(await ids({ orderedSince: LATER })).toEqual(["c2"]);
      expect(await ids({ notOrderedSince: LATER })).toEqual(["c1", "c3"]);
      expect(await ids({ notOrderedSince: "2099-01-01T00:00:00.000Z" })).toEqual([
        "c1",
        "c2",
        "c3",
      ]);
      expect(await ids({ activeSince: LATER })).toEqual(["c2"]);
      expect(await customers().count(tenant, { tagIds: ["vip"] })).toBe(2);
      expect(await customers().count(freshTenantId(), {})).toBe(0);
    });

    it("takes a tag off every customer carrying it", async () => {
      const tenant = freshTenantId();
      await customers().insert(memberCustomerRecord(tenant, "c1", { tagIds: ["a", "b"] }));
      await customers().insert(memberCustomerRecord(tenant, "c2", { tagIds: ["b"] }));
      expect(await customers().removeTag(tenant, "b", LATER)).toBe(2);
      expect(await customers().get(tenant, "c1")).toMatchObject({ tagIds: ["a"], version: 2 });
      expect(await customers().get(tenant, "c2")).toMatchObject({ tagIds: [], updatedAt: LATER });
    });

    it("records points atomically: once per key, never below zero", async () => {
      const tenant = freshTenantId();
      await customers().insert(memberCustomerRecord(tenant, "ann"));
      const earn = entry(tenant, "ann", 10, "earn:o1");
      const recorded = await ledger().record(earn);
      expect(recorded).toEqual({ outcome: "recorded", entry: { ...earn, balanceAfter: 10 } });
      expect(await ledger().record({ ...earn, id: freshId("pts") })).toEqual({
        outcome: "duplicate",
        entry: { ...earn, balanceAfter: 10 },
      });
      expect(await ledger().record(entry(tenant, "ann", -11, "r1"))).toEqual({
        outcome: "insufficient",
        balance: 10,
      });
      expect(await ledger().record(entry(tenant, "nobody", 1, "x"))).toEqual({
        outcome: "no_customer",
      });
      await ledger().record(entry(tenant, "ann", -4, "r2", { kind: "redeem" }));
      await ledger().record(entry(tenant, "ann", 3, "c1", { kind: "check_in", year: 2027 }));
      expect(await customers().get(tenant, "ann")).toMatchObject({
        pointsBalance: 9,
        pointsEarned: 10,
        version: 1,
      });
      expect(await ledger().getByKey(tenant, "earn:o1")).toEqual({ ...earn, balanceAfter: 10 });
      expect(await ledger().getByKey(tenant, "nope")).toBeNull();
      const listed = await ledger().list(tenant, "ann", { beforeId: null, limit: 10 });
      expect(listed.map((e) => e.key)).toEqual(["c1", "r2", "earn:o1"]);
      expect(
        await ledger().list(tenant, "ann", { beforeId: listed[0]?.id ?? null, limit: 1 }),
      ).toHaveLength(1);
      expect(await ledger().creditedAfter(tenant, "ann", 2026)).toBe(3);
      expect(await ledger().creditedAfter(tenant, "ann", 2025)).toBe(13);
    });

    it("debits concurrently without going below zero", async () => {
      const tenant = freshTenantId();
      await customers().insert(memberCustomerRecord(tenant, "ann"));
      await ledger().record(entry(tenant, "ann", 10, "start"));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => ledger().record(entry(tenant, "ann", -3, `take:${i}`))),
      );
      expect(results.filter((r) => r.outcome === "recorded")).toHaveLength(3);
      expect((await customers().get(tenant, "ann"))?.pointsBalance).toBe(1);
      const same = await Promise.all(
        Array.from({ length: 4 }, () => ledger().record(entry(tenant, "ann", 1, "once"))),
      );
      expect(same.filter((r) => r.outcome === "recorded")).toHaveLength(1);
      expect((await customers().get(tenant, "ann"))?.pointsBalance).toBe(2);
    });

    it("rolls a ledger entry back with its transaction", async () => {
      const tenant = freshTenantId();
      await customers().insert(memberCustomerRecord(tenant, "ann"));
      await expect(
        storage().transaction(async (tx) => {
          await tx.pointsLedger.record(entry(tenant, "ann", 5, "k"));
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect((await customers().get(tenant, "ann"))?.pointsBalance).toBe(0);
      expect(await ledger().getByKey(tenant, "k")).toBeNull();
    });

    it("stores levels by threshold and never deletes the default", async () => {
      const tenant = freshTenantId();
      const levels = storage().memberLevels;
      expect(await levels.insert(level(tenant, "default", 0, true))).toBe(true);
      expect(await levels.insert(level(tenant, "default", 0, true))).toBe(false);
      await levels.insert(level(tenant, "gold", 100));
      await levels.insert(level(tenant, "silver", 10));
      expect((await levels.list(tenant)).map((l) => l.id)).toEqual(["default", "silver", "gold"]);
      expect(await levels.update({ ...level(tenant, "gold", 50), name: "Gold" })).toBe(true);
      expect(await levels.update(level(tenant, "nope", 5))).toBe(false);
      expect(await levels.get(tenant, "gold")).toMatchObject({ name: "Gold", threshold: 50 });
      expect(await levels.remove(tenant, "default")).toBe(false);
      expect(await levels.remove(tenant, "gold")).toBe(true);
      expect(await levels.remove(tenant, "gold")).toBe(false);
      expect(await levels.get(tenant, "gold")).toBeNull();
    });

    it("keeps tag names unique per tenant", async () => {
      const tenant = freshTenantId();
      const tags = storage().memberTags;
      const vip = { tenantId: tenant, id: "t1", name: "VIP", createdAt: AT, updatedAt: AT };
      expect(await tags.insert(vip)).toEqual({ outcome: "written" });
      expect(await tags.insert({ ...vip, id: "t2" })).toEqual({ outcome: "name_taken" });
      expect(await tags.insert({ ...vip, tenantId: freshTenantId() })).toEqual({
        outcome: "written",
      });
      await tags.insert({ ...vip, id: "t2", name: "New" });
      expect(await tags.update({ ...vip, id: "t2" })).toEqual({ outcome: "name_taken" });
      expect(await tags.update({ ...vip, id: "t3" })).toEqual({ outcome: "not_found" });
      expect(await tags.update({ ...vip, name: "VIP+" })).toEqual({ outcome: "written" });
      expect((await tags.list(tenant)).map((t) => t.name)).toEqual(["VIP+", "New"]);
      expect(await tags.remove(tenant, "t1")).toBe(true);
      expect(await tags.remove(tenant, "t1")).toBe(false);
      expect(await tags.get(tenant, "t1")).toBeNull();
    });

    it("stores member settings, replacing earlier ones", async () => {
      const tenant = freshTenantId();
      const settings = storage().memberSettings;
      expect(await settings.get(tenant)).toBeNull();
      const saved = {
        ...DEFAULT_MEMBER_SETTINGS,
        tenantId: tenant,
        skuCoefficients: { sku_1: "2.5" },
        updatedAt: AT,
      };
      await settings.save(saved);
      await settings.save({ ...saved, redeem: null, updatedAt: LATER });
      expect(await settings.get(tenant)).toEqual({ ...saved, redeem: null, updatedAt: LATER });
    });
  });
}
