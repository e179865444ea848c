import { describe, expect, it } from "vitest";
import type { ActivityBatch } from "../../src/campaigns/activity-batch.js";
import type { Campaign } from "../../src/campaigns/campaign.js";
import type { Draw, PrizeShipping } from "../../src/campaigns/draw.js";
import type { Prize } from "../../src/campaigns/prize.js";
import type { Storage } from "../../src/ports/storage.js";
import { freshId, freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const T0 = "2026-06-01T02:00:00.000Z";
const minute = (n: number) => new Date(Date.parse(T0) + n * 60_000).toISOString();
const FIRST = { beforeId: null, limit: 50 };

function prize(tenantId: string, overrides: Partial<Prize> = {}): Prize {
  return {
    tenantId,
    id: freshId("prz"),
    name: "Tea set",
    description: "Claim within a week",
    coverImage: "https://img.example/cover.png",
    detailImage: null,
    kind: "physical",
    totalStock: 10,
    allocated: 0,
    redirectUrl: null,
    cashAmount: null,
    points: null,
    couponId: null,
    purchase: null,
    funds: null,
    cdkHandedOut: 0,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

function campaign(tenantId: string, overrides: Partial<Campaign> = {}): Campaign {
  return {
    tenantId,
    id: freshId("cmp"),
    template: "wheel",
    title: "Summer wheel",
    startsAt: minute(0),
    endsAt: minute(60 * 24),
    rules: "One draw per code",
    topImage: null,
    slots: [
      {
        slot: 0,
        prizeId: "prz_a",
        prizeName: "Tea set",
        prizeKind: "physical",
        probabilityBp: 1250,
        allocation: 5,
        accountLimit: { period: "day", times: 1 },
      },
      {
        slot: 1,
        prizeId: "prz_b",
        prizeName: "Red packet",
        prizeKind: "cash_red_packet",
        probabilityBp: 500,
        allocation: 3,
        accountLimit: { period: "week", times: -1 },
      },
    ],
    status: "draft",
    publishedAt: null,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

function activityBatch(tenantId: string, overrides: Partial<ActivityBatch> = {}): ActivityBatch {
  return {
    tenantId,
    id: freshId("acb"),
    batchNumber: `AB-${freshId("abn")}`,
    campaignId: "cmp_1",
    merchantId: "mer_1",
    productId: "prd_1",
    remark: "",
    status: "inactive",
    packageIds: [],
    codeCount: 0,
    activatedAt: null,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A draw that won slot 0 (a physical prize) unless overridden. */
function draw(tenantId: string, overrides: Partial<Draw> = {}): Draw {
  return {
    tenantId,
    id: freshId("drw"),
    campaignId: "cmp_1",
    activityBatchId: "acb_1",
    code: freshId("code"),
    accountId: "acc_1",
    slot: 0,
    prizeId: "prz_a",
    prizeKind: "physical",
    prizeName: "Tea set",
    noPrizeReason: null,
    prizeState: "won",
    receipt: { scope: "campaign:cmp_1", id: freshId("rcp") },
    drawnAt: minute(1),
    claimedAt: null,
    claimBy: null,
    cdkKey: null,
    recipient: null,
    shipping: null,
    payoutStatus: "none",
    paidAmount: 0,
    returnedAmount: 0,
    ...overrides,
  };
}

const noPrize = (tenantId: string, overrides: Partial<Draw> = {}) =>
  draw(tenantId, {
    slot: null,
    prizeId: null,
    prizeKind: null,
    prizeName: null,
    noPrizeReason: "no_prize",
    prizeState: null,
    ...overrides,
  });

const ids = (rows: readonly { readonly id: string }[]) => rows.map((row) => row.id);

/** The campaigns module's storage: prizes, campaigns, activity batches and draws, every method. */
export function campaignTests({ storage }: StorageSuiteContext): void {
  describe("campaign prizes", () => {
    it("stores a prize with every field, lists by kind newest first in pages, per tenant", async () => {
      const tenant = freshTenantId();
      const a = prize(tenant, {
        kind: "cash_red_packet",
        cashAmount: 888,
        funds: { holdId: "hold_1", status: "frozen", frozen: 8880, settled: 0, released: 0 },
        redirectUrl: "https://brand.example/after",
      });
      const b = prize(tenant, {
        purchase: { unitCost: 1500, supplier: "sup_1" },
        funds: { holdId: null, status: "pending", frozen: 15000, settled: 0, released: 0 },
      });
      const c = prize(tenant, { kind: "points", points: 50, detailImage: "https://img/d.png" });
      const d = prize(tenant, { kind: "coupon", couponId: "cpn_1", coverImage: null });
      for (const p of [a, b, c, d]) await storage().prizes.insert(p);
      expect(await storage().prizes.get(tenant, a.id)).toEqual(a);
      expect(await storage().prizes.get(tenant, b.id)).toEqual(b);
      expect(await storage().prizes.get(tenant, c.id)).toEqual(c);
      expect(await storage().prizes.get(tenant, d.id)).toEqual(d);
      expect(await storage().prizes.get(freshTenantId(), a.id)).toBeNull();
      expect(await storage().prizes.get(tenant, "prz_none")).toBeNull();
      expect(ids(await storage().prizes.list(tenant, {}, FIRST))).toEqual([d.id, c.id, b.id, a.id]);
      expect(ids(await storage().prizes.list(tenant, {}, { beforeId: c.id, limit: 1 }))).toEqual([
        b.id,
      ]);
      expect(ids(await storage().prizes.list(tenant, { kind: "physical" }, FIRST))).toEqual([b.id]);
      expect(await storage().prizes.list(tenant, { kind: "cdk" }, FIRST)).toEqual([]);
      expect(await storage().prizes.list(freshTenantId(), {}, FIRST)).toEqual([]);
    });

    it("updates a prize only at the expected version", async () => {
      const tenant = freshTenantId();
      const p = prize(tenant);
      await storage().prizes.insert(p);
      const renamed = { ...p, name: "Tea set II", version: 2, updatedAt: minute(1) };
      expect(await storage().prizes.update(renamed, 1)).toBe(true);
      expect(await storage().prizes.get(tenant, p.id)).toEqual(renamed);
      expect(await storage().prizes.update({ ...renamed, name: "Stale", version: 2 }, 1)).toBe(
        false,
      );
      expect((await storage().prizes.get(tenant, p.id))?.name).toBe("Tea set II");
      expect(await storage().prizes.update(prize(tenant), 1)).toBe(false);
      expect(await storage().prizes.update({ ...renamed, tenantId: freshTenantId() }, 2)).toBe(
        false,
      );
    });

    it("allocates within 0..totalStock, reporting what is available when short", async () => {
      const tenant = freshTenantId();
      const p = prize(tenant, { totalStock: 10 });
      await storage().prizes.insert(p);
      expect(await storage().prizes.allocate(tenant, p.id, 7, minute(1))).toEqual({
        outcome: "allocated",
        prize: { ...p, allocated: 7, version: 2, updatedAt: minute(1) },
      });
      expect(await storage().prizes.allocate(tenant, p.id, 4, minute(2))).toEqual({
        outcome: "short",
        available: 3,
      });
      expect(await storage().prizes.allocate(tenant, p.id, -8, minute(2))).toEqual({
        outcome: "short",
        available: 3,
      });
      const full = await storage().prizes.allocate(tenant, p.id, 3, minute(3));
      expect(full.outcome === "allocated" && full.prize.allocated).toBe(10);
      const back = await storage().prizes.allocate(tenant, p.id, -10, minute(4));
      expect(back.outcome === "allocated" && back.prize).toMatchObject({
        allocated: 0,
        version: 4,
        updatedAt: minute(4),
      });
      expect(await storage().prizes.allocate(tenant, "prz_none", 1, minute(4))).toEqual({
        outcome: "not_found",
      });
      expect(await storage().prizes.allocate(freshTenantId(), p.id, 1, minute(4))).toEqual({
        outcome: "not_found",
      });
    });

    it("never allocates past totalStock under concurrent allocations", async () => {
      const tenant = freshTenantId();
      const p = prize(tenant, { totalStock: 12 });
      await storage().prizes.insert(p);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => storage().prizes.allocate(tenant, p.id, 1, minute(1))),
      );
      expect(results.filter((r) => r.outcome === "allocated")).toHaveLength(12);
      expect(results.filter((r) => r.outcome === "short")).toHaveLength(8);
      expect(await storage().prizes.get(tenant, p.id)).toMatchObject({
        allocated: 12,
        version: 13,
      });
    });

    it("imports CDK keys in order, reports the ones it has, hands them out in import order", async () => {
      const tenant = freshTenantId();
      const p = prize(tenant, { kind: "cdk", totalStock: 0 });
      await storage().prizes.insert(p);
      expect(await storage().prizes.addCdkKeys(tenant, p.id, ["K-3", "K-1"], minute(1))).toBe(2);
      expect(await storage().prizes.addCdkKeys(tenant, p.id, ["K-2"], minute(2))).toBe(3);
      expect(await storage().prizes.get(tenant, p.id)).toEqual({
        ...p,
        totalStock: 3,
        version: 3,
        updatedAt: minute(2),
      });
      expect(await storage().prizes.addCdkKeys(tenant, "prz_none", ["X"], minute(2))).toBe(0);
      expect(
        await storage().prizes.existingCdkKeys(tenant, p.id, ["K-9", "K-2", "K-3", "K-8"]),
      ).toEqual(["K-2", "K-3"]);
      expect(await storage().prizes.existingCdkKeys(tenant, p.id, [])).toEqual([]);
      expect(await storage().prizes.existingCdkKeys(freshTenantId(), p.id, ["K-1"])).toEqual([]);

      expect(await storage().prizes.takeCdkKey(tenant, p.id, "drw_a", minute(3))).toBe("K-3");
      expect(await storage().prizes.takeCdkKey(tenant, p.id, "drw_b", minute(3))).toBe("K-1");
      expect(await storage().prizes.takeCdkKey(tenant, p.id, "drw_a", minute(4))).toBe("K-3");
      expect(await storage().prizes.get(tenant, p.id)).toMatchObject({
        cdkHandedOut: 2,
        version: 5,
        updatedAt: minute(3),
      });
      expect(await storage().prizes.takeCdkKey(tenant, p.id, "drw_c", minute(5))).toBe("K-2");
      expect(await storage().prizes.takeCdkKey(tenant, p.id, "drw_d", minute(5))).toBeNull();
      expect(await storage().prizes.takeCdkKey(tenant, p.id, "drw_b", minute(5))).toBe("K-1");
      expect((await storage().prizes.get(tenant, p.id))?.cdkHandedOut).toBe(3);
      expect(await storage().prizes.takeCdkKey(tenant, "prz_none", "drw_e", minute(5))).toBeNull();
      expect(
        await storage().prizes.takeCdkKey(freshTenantId(), p.id, "drw_e", minute(5)),
      ).toBeNull();
      // Keys imported after the stock ran out are handed out next.
      expect(await storage().prizes.addCdkKeys(tenant, p.id, ["K-4"], minute(6))).toBe(4);
      expect(await storage().prizes.takeCdkKey(tenant, p.id, "drw_d", minute(7))).toBe("K-4");
    });

    it("hands 50 concurrent draws 50 distinct keys: exactly the first 50 in import order", async () => {
      const tenant = freshTenantId();
      const p = prize(tenant, { kind: "cdk", totalStock: 0 });
      await storage().prizes.insert(p);
      const keys = Array.from({ length: 60 }, (_, i) => `KEY-${String(59 - i).padStart(2, "0")}`);
      await storage().prizes.addCdkKeys(tenant, p.id, keys, minute(1));
      const taken = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          storage().prizes.takeCdkKey(tenant, p.id, `drw_${i}`, minute(2)),
        ),
      );
      expect(new Set(taken).size).toBe(50);
      expect([...taken].sort()).toEqual(keys.slice(0, 50).sort());
      expect((await storage().prizes.get(tenant, p.id))?.cdkHandedOut).toBe(50);
      const again = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          storage().prizes.takeCdkKey(tenant, p.id, `drw_${i}`, minute(3)),
        ),
      );
      expect(again).toEqual(taken);
      expect(await storage().prizes.takeCdkKey(tenant, p.id, "drw_next", minute(3))).toBe(keys[50]);
    });

    it("gives one draw one key when it asks for it many times at once", async () => {
      const tenant = freshTenantId();
      const p = prize(tenant, { kind: "cdk", totalStock: 0 });
      await storage().prizes.insert(p);
      await storage().prizes.addCdkKeys(tenant, p.id, ["A", "B", "C"], minute(1));
      const taken = await Promise.all(
        Array.from({ length: 10 }, () =>
          storage().prizes.takeCdkKey(tenant, p.id, "drw_same", minute(2)),
        ),
      );
      expect(taken).toEqual(Array.from({ length: 10 }, () => "A"));
      expect((await storage().prizes.get(tenant, p.id))?.cdkHandedOut).toBe(1);
      expect(await storage().prizes.takeCdkKey(tenant, p.id, "drw_other", minute(3))).toBe("B");
    });

    it("adds settled and released funds to a prize that has funds, and leaves others alone", async () => {
      const tenant = freshTenantId();
      const funded = prize(tenant, {
        kind: "cash_red_packet",
        cashAmount: 100,
        funds: { holdId: "hold_1", status: "frozen", frozen: 1000, settled: 0, released: 0 },
      });
      const plain = prize(tenant);
      await storage().prizes.insert(funded);
      await storage().prizes.insert(plain);
      await storage().prizes.addFundsMovement(
        tenant,
        funded.id,
        { settled: 100, released: 0 },
        minute(1),
      );
      await storage().prizes.addFundsMovement(
        tenant,
        funded.id,
        { settled: 200, released: 300 },
        minute(2),
      );
      expect(await storage().prizes.get(tenant, funded.id)).toEqual({
        ...funded,
        funds: { holdId: "hold_1", status: "frozen", frozen: 1000, settled: 300, released: 300 },
        version: funded.version + 2,
        updatedAt: minute(2),
      });
      await storage().prizes.addFundsMovement(tenant, plain.id, { settled: 5, released: 5 }, T0);
      expect(await storage().prizes.get(tenant, plain.id)).toEqual(plain);
      await storage().prizes.addFundsMovement(tenant, "prz_none", { settled: 1, released: 0 }, T0);
    });
  });

  describe("campaigns", () => {
    it("stores a campaign with its slots, lists by status newest first in pages, per tenant", async () => {
      const tenant = freshTenantId();
      const a = campaign(tenant);
      const b = campaign(tenant, {
        template: "scratch",
        topImage: "https://img/top.png",
        status: "online",
        publishedAt: minute(5),
      });
      const c = campaign(tenant, { template: "lucky_draw", slots: [] });
      for (const x of [a, b, c]) await storage().campaigns.insert(x);
      expect(await storage().campaigns.get(tenant, a.id)).toEqual(a);
      expect(await storage().campaigns.get(tenant, b.id)).toEqual(b);
      expect(await storage().campaigns.get(tenant, c.id)).toEqual(c);
      expect(await storage().campaigns.get(freshTenantId(), a.id)).toBeNull();
      expect(ids(await storage().campaigns.list(tenant, {}, FIRST))).toEqual([c.id, b.id, a.id]);
      expect(ids(await storage().campaigns.list(tenant, {}, { beforeId: c.id, limit: 1 }))).toEqual(
        [b.id],
      );
      expect(ids(await storage().campaigns.list(tenant, { status: "draft" }, FIRST))).toEqual([
        c.id,
        a.id,
      ]);
      expect(await storage().campaigns.list(tenant, { status: "offline" }, FIRST)).toEqual([]);
      expect(await storage().campaigns.list(freshTenantId(), {}, FIRST)).toEqual([]);
    });

    it("updates a campaign only at the expected version", async () => {
      const tenant = freshTenantId();
      const a = campaign(tenant);
      await storage().campaigns.insert(a);
      const changed = { ...a, title: "Autumn wheel", slots: [], version: 2, updatedAt: minute(1) };
      expect(await storage().campaigns.update(changed, 1)).toBe(true);
      expect(await storage().campaigns.get(tenant, a.id)).toEqual(changed);
      expect(await storage().campaigns.update({ ...a, version: 2 }, 1)).toBe(false);
      expect(await storage().campaigns.get(tenant, a.id)).toEqual(changed);
      expect(await storage().campaigns.update(campaign(tenant), 1)).toBe(false);
    });

    it("moves the status from the allowed states only, setting publishedAt on the first online", async () => {
      const tenant = freshTenantId();
      const a = campaign(tenant);
      await storage().campaigns.insert(a);
      const online = await storage().campaigns.setStatus(
        tenant,
        a.id,
        ["draft"],
        "online",
        minute(1),
      );
      expect(online).toEqual({
        outcome: "changed",
        campaign: {
          ...a,
          status: "online",
          publishedAt: minute(1),
          version: 2,
          updatedAt: minute(1),
        },
      });
      const refused = await storage().campaigns.setStatus(
        tenant,
        a.id,
        ["draft"],
        "online",
        minute(2),
      );
      expect(refused.outcome).toBe("wrong_state");
      expect(refused.outcome === "wrong_state" && refused.campaign.version).toBe(2);
      await storage().campaigns.setStatus(tenant, a.id, ["online"], "frozen", minute(3));
      const again = await storage().campaigns.setStatus(
        tenant,
        a.id,
        ["frozen", "draft"],
        "online",
        minute(4),
      );
      expect(again.outcome === "changed" && again.campaign).toMatchObject({
        status: "online",
        publishedAt: minute(1),
        version: 4,
        updatedAt: minute(4),
      });
      const off = await storage().campaigns.setStatus(
        tenant,
        a.id,
        ["online", "frozen"],
        "offline",
        minute(5),
      );
      expect(off.outcome === "changed" && off.campaign.status).toBe("offline");
      expect(await storage().campaigns.get(tenant, a.id)).toMatchObject({
        status: "offline",
        version: 5,
      });
      expect(
        await storage().campaigns.setStatus(tenant, "cmp_none", ["draft"], "online", minute(5)),
      ).toEqual({ outcome: "not_found" });
      const draft = campaign(tenant);
      await storage().campaigns.insert(draft);
      const frozen = await storage().campaigns.setStatus(
        tenant,
        draft.id,
        ["draft"],
        "frozen",
        minute(6),
      );
      expect(frozen.outcome === "changed" && frozen.campaign.publishedAt).toBeNull();
    });

    it("moves the status once under concurrent changes", async () => {
      const tenant = freshTenantId();
      const a = campaign(tenant);
      await storage().campaigns.insert(a);
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          storage().campaigns.setStatus(tenant, a.id, ["draft"], "online", minute(1)),
        ),
      );
      expect(results.filter((r) => r.outcome === "changed")).toHaveLength(1);
      expect((await storage().campaigns.get(tenant, a.id))?.version).toBe(2);
    });

    it("deletes a campaign and tells whether activity batches name it", async () => {
      const tenant = freshTenantId();
      const a = campaign(tenant);
      const b = campaign(tenant);
      await storage().campaigns.insert(a);
      await storage().campaigns.insert(b);
      await storage().activityBatches.insert(activityBatch(tenant, { campaignId: a.id }));
      expect(await storage().campaigns.hasActivityBatches(tenant, a.id)).toBe(true);
      expect(await storage().campaigns.hasActivityBatches(tenant, b.id)).toBe(false);
      expect(await storage().campaigns.hasActivityBatches(freshTenantId(), a.id)).toBe(false);
      expect(await storage().campaigns.delete(freshTenantId(), b.id)).toBe(false);
      expect(await storage().campaigns.delete(tenant, b.id)).toBe(true);
      expect(await storage().campaigns.delete(tenant, b.id)).toBe(false);
      expect(await storage().campaigns.get(tenant, b.id)).toBeNull();
      expect(ids(await storage().campaigns.list(tenant, {}, FIRST))).toEqual([a.id]);
    });
  });

  describe("campaign activity batches", () => {
    it("stores a batch with every field, refusing a batch number the tenant has", async () => {
      const tenant = freshTenantId();
      const a = activityBatch(tenant, { batchNumber: "AB-1", remark: "first" });
      expect(await storage().activityBatches.insert(a)).toBe("written");
      expect(await storage().activityBatches.get(tenant, a.id)).toEqual(a);
      expect(await storage().activityBatches.get(freshTenantId(), a.id)).toBeNull();
      expect(
        await storage().activityBatches.insert(activityBatch(tenant, { batchNumber: "AB-1" })),
      ).toBe("number_taken");
      expect(
        await storage().activityBatches.insert(
          activityBatch(freshTenantId(), { batchNumber: "AB-1" }),
        ),
      ).toBe("written");
      const active = activityBatch(tenant, {
        status: "active",
        activatedAt: minute(2),
        packageIds: ["pkg_x"],
        codeCount: 10,
      });
      expect(await storage().activityBatches.insert(active)).toBe("written");
      expect(await storage().activityBatches.get(tenant, active.id)).toEqual(active);
    });

    it("lists batches by every filter, newest first in pages", async () => {
      const tenant = freshTenantId();
      const a = activityBatch(tenant, { campaignId: "cmp_a", merchantId: "mer_a" });
      const b = activityBatch(tenant, { campaignId: "cmp_b", productId: "prd_b" });
      const c = activityBatch(tenant, { campaignId: "cmp_a", status: "active" });
      for (const x of [a, b, c]) await storage().activityBatches.insert(x);
      const list = async (filter: Parameters<Storage["activityBatches"]["list"]>[1]) =>
        ids(await storage().activityBatches.list(tenant, filter, FIRST));
      expect(await list({})).toEqual([c.id, b.id, a.id]);
      expect(await list({ campaignId: "cmp_a" })).toEqual([c.id, a.id]);
      expect(await list({ merchantId: "mer_a" })).toEqual([a.id]);
      expect(await list({ productId: "prd_b" })).toEqual([b.id]);
      expect(await list({ status: "active" })).toEqual([c.id]);
      expect(await list({ status: "frozen" })).toEqual([]);
      expect(await list({ campaignId: "cmp_a", status: "inactive" })).toEqual([a.id]);
      expect(
        ids(await storage().activityBatches.list(tenant, {}, { beforeId: c.id, limit: 1 })),
      ).toEqual([b.id]);
      expect(await storage().activityBatches.list(freshTenantId(), {}, FIRST)).toEqual([]);
    });

    it("updates at the expected version, refusing a stale version or a taken batch number", async () => {
      const tenant = freshTenantId();
      const a = activityBatch(tenant, { batchNumber: "AB-A" });
      const b = activityBatch(tenant, { batchNumber: "AB-B" });
      await storage().activityBatches.insert(a);
      await storage().activityBatches.insert(b);
      const renamed = {
        ...a,
        batchNumber: "AB-C",
        remark: "moved",
        version: 2,
        updatedAt: minute(1),
      };
      expect(await storage().activityBatches.update(renamed, 1)).toBe("written");
      expect(await storage().activityBatches.get(tenant, a.id)).toEqual(renamed);
      expect(await storage().activityBatches.update({ ...renamed, version: 2 }, 1)).toBe(
        "conflict",
      );
      expect(
        await storage().activityBatches.update({ ...renamed, batchNumber: "AB-B", version: 3 }, 2),
      ).toBe("number_taken");
      expect(await storage().activityBatches.get(tenant, a.id)).toEqual(renamed);
      expect(await storage().activityBatches.update(activityBatch(tenant), 1)).toBe("conflict");
      // The old number is free again.
      expect(
        await storage().activityBatches.insert(activityBatch(tenant, { batchNumber: "AB-A" })),
      ).toBe("written");
    });

    it("binds a package to one batch ever, finds the batch of a package, and unbinds on delete", async () => {
      const tenant = freshTenantId();
      const a = activityBatch(tenant);
      const b = activityBatch(tenant);
      await storage().activityBatches.insert(a);
      await storage().activityBatches.insert(b);
      expect(
        await storage().activityBatches.bindPackage(tenant, a.id, "pkg_1", 100, minute(1)),
      ).toEqual({
        outcome: "bound",
        batch: { ...a, packageIds: ["pkg_1"], codeCount: 100, version: 2, updatedAt: minute(1) },
      });
      const second = await storage().activityBatches.bindPackage(
        tenant,
        a.id,
        "pkg_2",
        50,
        minute(2),
      );
      expect(second.outcome === "bound" && second.batch).toMatchObject({
        packageIds: ["pkg_1", "pkg_2"],
        codeCount: 150,
        version: 3,
      });
      expect(
        await storage().activityBatches.bindPackage(tenant, b.id, "pkg_1", 100, minute(3)),
      ).toEqual({
        outcome: "taken",
        batchId: a.id,
      });
      expect(
        await storage().activityBatches.bindPackage(tenant, a.id, "pkg_1", 100, minute(3)),
      ).toEqual({
        outcome: "taken",
        batchId: a.id,
      });
      expect(
        await storage().activityBatches.bindPackage(tenant, "acb_none", "pkg_9", 1, minute(3)),
      ).toEqual({ outcome: "not_found" });
      expect(await storage().activityBatches.batchOfPackage(tenant, "pkg_9")).toBeNull();
      expect(await storage().activityBatches.get(tenant, a.id)).toMatchObject({
        packageIds: ["pkg_1", "pkg_2"],
        codeCount: 150,
        version: 3,
      });
      expect((await storage().activityBatches.batchOfPackage(tenant, "pkg_2"))?.id).toBe(a.id);
      expect(await storage().activityBatches.batchOfPackage(freshTenantId(), "pkg_2")).toBeNull();
      // Another tenant's package of the same id is its own.
      const other = activityBatch(freshTenantId());
      await storage().activityBatches.insert(other);
      expect(
        (
          await storage().activityBatches.bindPackage(
            other.tenantId,
            other.id,
            "pkg_1",
            1,
            minute(4),
          )
        ).outcome,
      ).toBe("bound");

      expect(await storage().activityBatches.delete(tenant, a.id)).toBe(true);
      expect(await storage().activityBatches.delete(tenant, a.id)).toBe(false);
      expect(await storage().activityBatches.get(tenant, a.id)).toBeNull();
      expect(await storage().activityBatches.batchOfPackage(tenant, "pkg_1")).toBeNull();
      expect(
        (await storage().activityBatches.bindPackage(tenant, b.id, "pkg_1", 100, minute(5)))
          .outcome,
      ).toBe("bound");
      expect((await storage().activityBatches.batchOfPackage(tenant, "pkg_1"))?.id).toBe(b.id);
    });

    it("binds one package once when two batches race for it", async () => {
      const tenant = freshTenantId();
      const batches = [activityBatch(tenant), activityBatch(tenant)];
      for (const batch of batches) await storage().activityBatches.insert(batch);
      const results = await Promise.all(
        [...batches, ...batches].map((batch) =>
          storage().activityBatches.bindPackage(tenant, batch.id, "pkg_race", 10, minute(1)),
        ),
      );
      const bound = results.filter((r) => r.outcome === "bound");
      expect(bound).toHaveLength(1);
      const winner = bound[0]?.outcome === "bound" ? bound[0].batch.id : "";
      expect(results.filter((r) => r.outcome === "taken")).toEqual(
        Array.from({ length: 3 }, () => ({ outcome: "taken", batchId: winner })),
      );
      const stored = await Promise.all(
        batches.map((batch) => storage().activityBatches.get(tenant, batch.id)),
      );
      expect(stored.map((batch) => batch?.codeCount).sort()).toEqual([0, 10]);
      expect((await storage().activityBatches.batchOfPackage(tenant, "pkg_race"))?.id).toBe(winner);
    });
  });

  describe("campaign draws", () => {
    it("stores one draw per code with every field, and frees the code when the draw is deleted", async () => {
      const tenant = freshTenantId();
      const won = draw(tenant, {
        prizeKind: "cash_red_packet",
        claimBy: minute(60 * 24),
        payoutStatus: "pending",
      });
      const lost = noPrize(tenant, { noPrizeReason: "stock_exhausted" });
      expect(await storage().draws.insert(won)).toBe("inserted");
      expect(await storage().draws.insert(lost)).toBe("inserted");
      expect(await storage().draws.get(tenant, won.id)).toEqual(won);
      expect(await storage().draws.get(tenant, lost.id)).toEqual(lost);
      expect(await storage().draws.get(freshTenantId(), won.id)).toBeNull();
      expect(await storage().draws.ofCode(tenant, won.code)).toEqual(won);
      expect(await storage().draws.ofCode(tenant, "never-played")).toBeNull();
      expect(await storage().draws.ofCode(freshTenantId(), won.code)).toBeNull();
      expect(await storage().draws.insert(draw(tenant, { code: won.code }))).toBe("code_played");
      expect(await storage().draws.insert(draw(freshTenantId(), { code: won.code }))).toBe(
        "inserted",
      );
      expect(await storage().draws.delete(freshTenantId(), won.id)).toBe(false);
      expect(await storage().draws.delete(tenant, won.id)).toBe(true);
      expect(await storage().draws.delete(tenant, won.id)).toBe(false);
      expect(await storage().draws.get(tenant, won.id)).toBeNull();
      expect(await storage().draws.ofCode(tenant, won.code)).toBeNull();
      const replay = draw(tenant, { code: won.code });
      expect(await storage().draws.insert(replay)).toBe("inserted");
      expect(await storage().draws.ofCode(tenant, won.code)).toEqual(replay);
    });

    it("lets exactly one of 20 concurrent draws of a code in", async () => {
      const tenant = freshTenantId();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          storage().draws.insert(draw(tenant, { code: "CODE-RACE", accountId: `acc_${i}` })),
        ),
      );
      expect(results.filter((r) => r === "inserted")).toHaveLength(1);
      expect(results.filter((r) => r === "code_played")).toHaveLength(19);
      expect(await storage().draws.totals(tenant, "cmp_1")).toMatchObject({ draws: 1 });
    });

    it("lists an account's draws newest first in pages", async () => {
      const tenant = freshTenantId();
      const a = draw(tenant);
      const b = noPrize(tenant);
      const c = draw(tenant, { accountId: "acc_2" });
      const d = noPrize(tenant, { noPrizeReason: "account_limit" });
      for (const x of [a, b, c, d]) await storage().draws.insert(x);
      expect(await storage().draws.ofAccount(tenant, "acc_1", FIRST)).toEqual([d, b, a]);
      expect(
        ids(await storage().draws.ofAccount(tenant, "acc_1", { beforeId: d.id, limit: 1 })),
      ).toEqual([b.id]);
      expect(ids(await storage().draws.ofAccount(tenant, "acc_2", FIRST))).toEqual([c.id]);
      expect(await storage().draws.ofAccount(freshTenantId(), "acc_1", FIRST)).toEqual([]);
    });

    it("lists winners by every filter, newest first, leaving out draws without a prize", async () => {
      const tenant = freshTenantId();
      const a = draw(tenant, { drawnAt: minute(1) });
      const b = draw(tenant, {
        campaignId: "cmp_2",
        slot: 1,
        prizeId: "prz_b",
        prizeKind: "cash_red_packet",
        prizeName: "Red packet",
        drawnAt: minute(2),
        accountId: "acc_2",
      });
      const none = noPrize(tenant, { drawnAt: minute(2) });
      const c = draw(tenant, { prizeState: "claimed", drawnAt: minute(3) });
      const d = draw(tenant, {
        slot: 1,
        prizeId: "prz_b",
        prizeKind: "cash_red_packet",
        prizeState: "expired",
        drawnAt: minute(4),
      });
      for (const x of [a, b, none, c, d]) await storage().draws.insert(x);
      const winners = async (filter: Parameters<Storage["draws"]["winners"]>[1]) =>
        ids(await storage().draws.winners(tenant, filter, FIRST));
      expect(await winners({})).toEqual([d.id, c.id, b.id, a.id]);
      expect(await storage().draws.winners(tenant, {}, { beforeId: c.id, limit: 1 })).toEqual([b]);
      expect(await winners({ campaignId: "cmp_1" })).toEqual([d.id, c.id, a.id]);
      expect(await winners({ prizeId: "prz_b" })).toEqual([d.id, b.id]);
      expect(await winners({ prizeKind: "physical" })).toEqual([c.id, a.id]);
      expect(await winners({ prizeState: "won" })).toEqual([b.id, a.id]);
      expect(await winners({ prizeState: "expired" })).toEqual([d.id]);
      expect(await winners({ accountId: "acc_2" })).toEqual([b.id]);
      expect(await winners({ drawnFrom: minute(2) })).toEqual([d.id, c.id, b.id]);
      expect(await winners({ drawnUntil: minute(3) })).toEqual([b.id, a.id]);
      expect(await winners({ drawnFrom: minute(2), drawnUntil: minute(4) })).toEqual([c.id, b.id]);
      expect(
        await winners({ campaignId: "cmp_1", prizeKind: "physical", prizeState: "claimed" }),
      ).toEqual([c.id]);
      expect(await winners({ campaignId: "cmp_none" })).toEqual([]);
      expect(await storage().draws.winners(freshTenantId(), {}, FIRST)).toEqual([]);
    });

    it("claims a won draw once, also under concurrent claims, and expires only won draws", async () => {
      const tenant = freshTenantId();
      const a = draw(tenant);
      await storage().draws.insert(a);
      const fields = {
        claimedAt: minute(5),
        cdkKey: null,
        recipient: { name: "Li Lei", phone: "13800138000", address: "1 Road, Hangzhou" },
        shipping: { status: "pending", courier: null, trackingNumber: null, shippedAt: null },
        payoutStatus: "none",
      } as const;
      const claimed = { ...a, ...fields, prizeState: "claimed" as const };
      expect(await storage().draws.claim(tenant, a.id, fields)).toEqual({
        outcome: "claimed",
        draw: claimed,
      });
      expect(await storage().draws.get(tenant, a.id)).toEqual(claimed);
      expect(
        await storage().draws.claim(tenant, a.id, { ...fields, claimedAt: minute(6) }),
      ).toEqual({
        outcome: "not_claimable",
        draw: claimed,
      });
      expect(await storage().draws.claim(tenant, "drw_none", fields)).toEqual({
        outcome: "not_found",
      });
      expect(await storage().draws.claim(freshTenantId(), a.id, fields)).toEqual({
        outcome: "not_found",
      });
      const lost = noPrize(tenant);
      await storage().draws.insert(lost);
      expect((await storage().draws.claim(tenant, lost.id, fields)).outcome).toBe("not_claimable");

      const cdk = draw(tenant, { prizeKind: "cdk", prizeId: "prz_c" });
      await storage().draws.insert(cdk);
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          storage().draws.claim(tenant, cdk.id, {
            claimedAt: minute(7),
            cdkKey: `KEY-${i}`,
            recipient: null,
            shipping: null,
            payoutStatus: "done",
          }),
        ),
      );
      expect(claims.filter((c) => c.outcome === "claimed")).toHaveLength(1);
      expect(claims.filter((c) => c.outcome === "not_claimable")).toHaveLength(7);
      const stored = await storage().draws.get(tenant, cdk.id);
      const winner = claims.find((c) => c.outcome === "claimed");
      expect(winner?.outcome === "claimed" && winner.draw).toEqual(stored);

      const packet = draw(tenant, { prizeKind: "cash_red_packet", claimBy: minute(60) });
      await storage().draws.insert(packet);
      const expiries = await Promise.all(
        [1, 2, 3].map(() => storage().draws.expire(tenant, packet.id, minute(61))),
      );
      expect(expiries.filter(Boolean)).toHaveLength(1);
      expect(await storage().draws.get(tenant, packet.id)).toEqual({
        ...packet,
        prizeState: "expired",
      });
      expect((await storage().draws.claim(tenant, packet.id, fields)).outcome).toBe(
        "not_claimable",
      );
      expect(await storage().draws.expire(tenant, a.id, minute(61))).toBe(false);
      expect(await storage().draws.expire(tenant, lost.id, minute(61))).toBe(false);
      expect(await storage().draws.expire(tenant, "drw_none", minute(61))).toBe(false);
    });

    it("records payouts and shipping, and lists claimed physical prizes to ship by filter", async () => {
      const tenant = freshTenantId();
      const pending: PrizeShipping = {
        status: "pending",
        courier: null,
        trackingNumber: null,
        shippedAt: null,
      };
      const claim = (campaignId: string) =>
        draw(tenant, {
          campaignId,
          prizeState: "claimed",
          claimedAt: minute(2),
          recipient: { name: "Han Meimei", phone: "13900139000", address: "2 Street, Suzhou" },
          shipping: pending,
        });
      const a = claim("cmp_1");
      const b = claim("cmp_2");
      const unclaimed = draw(tenant);
      const notPhysical = draw(tenant, { prizeKind: "points", prizeState: "claimed" });
      const c = claim("cmp_1");
      for (const x of [a, b, unclaimed, notPhysical, c]) await storage().draws.insert(x);
      const toShip = async (filter: Parameters<Storage["draws"]["toShip"]>[1]) =>
        ids(await storage().draws.toShip(tenant, filter, FIRST));
      expect(await toShip({})).toEqual([c.id, b.id, a.id]);
      expect(await toShip({ campaignId: "cmp_1" })).toEqual([c.id, a.id]);
      const shipped: PrizeShipping = {
        status: "shipped",
        courier: "SF",
        trackingNumber: "SF100",
        shippedAt: minute(9),
      };
      expect(await storage().draws.setShipping(tenant, a.id, shipped)).toEqual({
        ...a,
        shipping: shipped,
      });
      expect(await storage().draws.get(tenant, a.id)).toEqual({ ...a, shipping: shipped });
      expect(await toShip({ status: "shipped" })).toEqual([a.id]);
      expect(await toShip({ status: "pending" })).toEqual([c.id, b.id]);
      expect(await toShip({ status: "pending", campaignId: "cmp_2" })).toEqual([b.id]);
      expect(ids(await storage().draws.toShip(tenant, {}, { beforeId: c.id, limit: 1 }))).toEqual([
        b.id,
      ]);
      expect(await storage().draws.toShip(freshTenantId(), {}, FIRST)).toEqual([]);
      expect(await storage().draws.setShipping(tenant, "drw_none", shipped)).toBeNull();

      const packet = draw(tenant, { prizeKind: "cash_red_packet", prizeState: "claimed" });
      await storage().draws.insert(packet);
      expect(await storage().draws.setPayout(tenant, packet.id, { status: "pending" })).toEqual({
        ...packet,
        payoutStatus: "pending",
      });
      expect(
        await storage().draws.setPayout(tenant, packet.id, { status: "done", paidAmount: 888 }),
      ).toEqual({ ...packet, payoutStatus: "done", paidAmount: 888 });
      expect(
        await storage().draws.setPayout(tenant, packet.id, {
          status: "failed",
          returnedAmount: 12,
        }),
      ).toEqual({ ...packet, payoutStatus: "failed", paidAmount: 888, returnedAmount: 12 });
      expect(await storage().draws.get(tenant, packet.id)).toMatchObject({
        payoutStatus: "failed",
        paidAmount: 888,
        returnedAmount: 12,
      });
      expect(await storage().draws.setPayout(tenant, "drw_none", { status: "done" })).toBeNull();
      expect(
        await storage().draws.setPayout(freshTenantId(), packet.id, { status: "done" }),
      ).toBeNull();
    });

    it("aggregates a campaign's draws, wins and claims per slot, paid and returned", async () => {
      const tenant = freshTenantId();
      const slot1 = {
        slot: 1,
        prizeId: "prz_b",
        prizeKind: "cash_red_packet" as const,
        prizeName: "Red packet",
      };
      const rows = [
        draw(tenant),
        draw(tenant, { prizeState: "claimed" }),
        draw(tenant, { prizeState: "claimed" }),
        draw(tenant, { ...slot1, prizeState: "claimed", paidAmount: 500 }),
        draw(tenant, { ...slot1, prizeState: "expired", returnedAmount: 300 }),
        draw(tenant, { slot: 3, prizeState: "won" }),
        noPrize(tenant),
        noPrize(tenant, { noPrizeReason: "stock_exhausted" }),
        draw(tenant, { campaignId: "cmp_other", paidAmount: 9999 }),
      ];
      for (const x of rows) await storage().draws.insert(x);
      await storage().draws.insert(draw(freshTenantId(), { paidAmount: 7 }));
      expect(await storage().draws.totals(tenant, "cmp_1")).toEqual({
        draws: 8,
        bySlot: [
          { slot: 0, won: 3, claimed: 2 },
          { slot: 1, won: 2, claimed: 1 },
          { slot: 3, won: 1, claimed: 0 },
        ],
        paid: 500,
        returned: 300,
      });
      expect(await storage().draws.totals(tenant, "cmp_none")).toEqual({
        draws: 0,
        bySlot: [],
        paid: 0,
        returned: 0,
      });
      expect(await storage().draws.winsBySlot(tenant, "cmp_1")).toEqual(
        new Map([
          [0, 3],
          [1, 2],
          [3, 1],
        ]),
      );
      expect((await storage().draws.winsBySlot(tenant, "cmp_none")).size).toBe(0);
    });

    it("rolls every campaign write back with the transaction", async () => {
      const tenant = freshTenantId();
      const p = prize(tenant, { kind: "cdk", totalStock: 0 });
      const cmp = campaign(tenant);
      const batch = activityBatch(tenant);
      await storage().prizes.insert(p);
      await storage().prizes.addCdkKeys(tenant, p.id, ["A", "B"], T0);
      await storage().campaigns.insert(cmp);
      await storage().activityBatches.insert(batch);
      const d = draw(tenant, { code: "ROLLBACK" });
      await expect(
        storage().transaction(async (tx) => {
          expect(await tx.draws.insert(d)).toBe("inserted");
          expect((await tx.prizes.allocate(tenant, p.id, 1, minute(1))).outcome).toBe("allocated");
          expect(await tx.prizes.takeCdkKey(tenant, p.id, d.id, minute(1))).toBe("A");
          expect(await tx.prizes.addCdkKeys(tenant, p.id, ["C"], minute(1))).toBe(3);
          expect(
            (await tx.campaigns.setStatus(tenant, cmp.id, ["draft"], "online", T0)).outcome,
          ).toBe("changed");
          expect(
            (await tx.activityBatches.bindPackage(tenant, batch.id, "pkg_rb", 5, minute(1)))
              .outcome,
          ).toBe("bound");
          expect(await tx.draws.insert(draw(tenant, { code: "ROLLBACK" }))).toBe("code_played");
          throw new Error("rollback");
        }),
      ).rejects.toThrow("rollback");
      expect(await storage().draws.ofCode(tenant, "ROLLBACK")).toBeNull();
      expect(await storage().prizes.get(tenant, p.id)).toMatchObject({
        allocated: 0,
        cdkHandedOut: 0,
        totalStock: 2,
        version: 2,
      });
      expect(await storage().prizes.existingCdkKeys(tenant, p.id, ["C"])).toEqual([]);
      expect((await storage().campaigns.get(tenant, cmp.id))?.status).toBe("draft");
      expect(await storage().activityBatches.batchOfPackage(tenant, "pkg_rb")).toBeNull();
      expect(await storage().activityBatches.get(tenant, batch.id)).toEqual(batch);
      expect(await storage().prizes.takeCdkKey(tenant, p.id, "drw_after", minute(2))).toBe("A");
    });
  });
}
