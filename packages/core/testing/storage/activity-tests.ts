import { describe, expect, it } from "vitest";
import type { Activity, ActivityGift } from "../../src/promotions/activities/activity.js";
import { freshId, freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

function activity(tenantId: string, overrides: Partial<Activity> = {}): Activity {
  return {
    tenantId,
    id: freshId("act"),
    name: "Spend 50 save 15",
    terms: { kind: "spend_save", mode: "tiered", tiers: [{ threshold: 5000, save: 1500 }] },
    scope: { kind: "products", productIds: ["prd_a"] },
    audience: { kind: "everyone" },
    startsAt: "2026-05-01T00:00:00.000Z",
    endsAt: "2026-06-01T00:00:00.000Z",
    version: 1,
    createdAt: "2026-04-01T00:00:00.000Z",
    updatedAt: "2026-04-01T00:00:00.000Z",
    ...overrides,
  };
}

const products = (...productIds: string[]) => ({ kind: "products", productIds }) as const;

/** Promotion activities: conflict-checked inserts and replaces (also concurrent), lists, deletes, gifts. */
export function activityTests({ storage }: StorageSuiteContext): void {
  const repo = () => storage().activities;

  describe("promotion activities", () => {
    it("keeps every field of every kind and reads it back", async () => {
      const tenant = freshTenantId();
      const records = [
        activity(tenant, { endsAt: null, audience: { kind: "levels", levelIds: ["lvl_gold"] } }),
        activity(tenant, {
          scope: products("prd_b"),
          terms: { kind: "spend_save", mode: "every", every: 10000, save: 1000, cap: null },
          audience: { kind: "first_order" },
        }),
        activity(tenant, {
          scope: products("prd_c"),
          terms: { kind: "spend_discount", basis: "count", tiers: [{ threshold: 2, zhe: "8.5" }] },
          audience: { kind: "customers", customerIds: ["cus_1"] },
        }),
        activity(tenant, {
          scope: { kind: "all" },
          terms: {
            kind: "free_shipping",
            threshold: 0,
            excludedRegions: ["44"],
            methods: ["express"],
          },
        }),
      ];
      for (const record of records) {
        expect(await repo().insert(record)).toEqual({ outcome: "inserted" });
        expect(await repo().get(tenant, record.id)).toEqual(record);
      }
      expect(await repo().get(freshTenantId(), records[0]?.id ?? "")).toBeNull();
    });

    it("refuses a product already in an overlapping activity, naming both", async () => {
      const tenant = freshTenantId();
      const first = activity(tenant, { scope: products("prd_a", "prd_b") });
      await repo().insert(first);
      const clash = activity(tenant, { scope: products("prd_x", "prd_b") });
      expect(await repo().insert(clash)).toEqual({
        outcome: "conflict",
        conflict: { activity: first, productId: "prd_b" },
      });
      const all = activity(tenant, { scope: { kind: "all" } });
      expect(await repo().insert(all)).toMatchObject({
        outcome: "conflict",
        conflict: { activity: { id: first.id }, productId: "prd_a" },
      });
      expect(await repo().get(tenant, clash.id)).toBeNull();
      // Other tenants, other products, touching windows and free shipping are no conflict.
      expect(await repo().insert(activity(freshTenantId()))).toEqual({ outcome: "inserted" });
      expect(await repo().insert(activity(tenant, { scope: products("prd_c") }))).toEqual({
        outcome: "inserted",
      });
      const after = activity(tenant, { startsAt: "2026-06-01T00:00:00.000Z", endsAt: null });
      expect(await repo().insert(after)).toEqual({ outcome: "inserted" });
      const free = activity(tenant, {
        scope: { kind: "all" },
        terms: { kind: "free_shipping", threshold: 100, excludedRegions: [], methods: ["express"] },
      });
      expect(await repo().insert(free)).toEqual({ outcome: "inserted" });
      // An open-ended activity overlaps everything after its start.
      const late = activity(tenant, { startsAt: "2027-01-01T00:00:00.000Z", endsAt: null });
      expect(await repo().insert(late)).toMatchObject({
        outcome: "conflict",
        conflict: { activity: { id: after.id } },
      });
    });

    it("replaces by version, checking conflicts but not against itself", async () => {
      const tenant = freshTenantId();
      const a = activity(tenant);
      const b = activity(tenant, { scope: products("prd_b") });
      await repo().insert(a);
      await repo().insert(b);
      const widened = { ...a, scope: products("prd_a", "prd_z"), name: "Wider", version: 2 };
      expect(await repo().replace(widened, 1)).toEqual({ outcome: "replaced" });
      expect(await repo().get(tenant, a.id)).toEqual(widened);
      expect(await repo().replace({ ...widened, version: 3 }, 1)).toEqual({ outcome: "stale" });
      const clash = { ...b, scope: products("prd_z"), version: 2 };
      expect(await repo().replace(clash, 1)).toMatchObject({
        outcome: "conflict",
        conflict: { activity: { id: a.id }, productId: "prd_z" },
      });
      expect(await repo().get(tenant, b.id)).toEqual(b);
      expect(await repo().replace(activity(tenant), 1)).toEqual({ outcome: "not_found" });
    });

    it("replaces with a guard only while the stored activity has not started", async () => {
      const tenant = freshTenantId();
      const a = activity(tenant);
      await repo().insert(a);
      const next = { ...a, scope: products("prd_b"), version: 2 };
      expect(await repo().replace(next, 1, { notStartedAt: a.startsAt })).toEqual({
        outcome: "started",
      });
      expect(await repo().get(tenant, a.id)).toEqual(a);
      const before = { notStartedAt: "2026-04-30T23:59:59.999Z" };
      expect(await repo().replace(next, 1, before)).toEqual({ outcome: "replaced" });
      expect(await repo().get(tenant, a.id)).toEqual(next);
    });

    it("lists by kind and state at an instant, newest first, in pages; lists the live ones", async () => {
      const tenant = freshTenantId();
      const ended = activity(tenant, { endsAt: "2026-05-02T00:00:00.000Z" });
      const running = activity(tenant, { scope: products("prd_b"), endsAt: null });
      const scheduled = activity(tenant, {
        scope: products("prd_c"),
        startsAt: "2026-07-01T00:00:00.000Z",
        endsAt: null,
      });
      const free = activity(tenant, {
        scope: { kind: "all" },
        terms: { kind: "free_shipping", threshold: 0, excludedRegions: [], methods: ["express"] },
        endsAt: null,
      });
      for (const record of [ended, running, scheduled, free]) await repo().insert(record);
      const at = "2026-06-01T00:00:00.000Z";
      const ids = (rows: Activity[]) => rows.map((row) => row.id);
      const page = { beforeId: null, limit: 10 };
      expect(ids(await repo().list(tenant, { at }, page))).toEqual([
        free.id,
        scheduled.id,
        running.id,
        ended.id,
      ]);
      expect(ids(await repo().list(tenant, { at, state: "running" }, page))).toEqual([
        free.id,
        running.id,
      ]);
      expect(ids(await repo().list(tenant, { at, state: "scheduled" }, page))).toEqual([
        scheduled.id,
      ]);
      expect(ids(await repo().list(tenant, { at, state: "ended" }, page))).toEqual([ended.id]);
      expect(
        ids(await repo().list(tenant, { at, kind: "spend_save", state: "running" }, page)),
      ).toEqual([running.id]);
      expect(ids(await repo().list(tenant, { at }, { beforeId: scheduled.id, limit: 1 }))).toEqual([
        running.id,
      ]);
      expect(ids(await repo().listLive(tenant, at))).toEqual([running.id, scheduled.id, free.id]);
      expect(ids(await repo().listLive(tenant, "2026-05-01T12:00:00.000Z"))).toEqual([
        ended.id,
        running.id,
        scheduled.id,
        free.id,
      ]);
    });

    it("deletes only an activity that has not started", async () => {
      const tenant = freshTenantId();
      const a = activity(tenant);
      await repo().insert(a);
      expect(await repo().deleteScheduled(tenant, a.id, "2026-05-01T00:00:00.000Z")).toBe(
        "started",
      );
      expect(await repo().deleteScheduled(freshTenantId(), a.id, "2026-04-01T00:00:00.000Z")).toBe(
        "not_found",
      );
      expect(await repo().deleteScheduled(tenant, a.id, "2026-04-30T23:59:59.999Z")).toBe(
        "deleted",
      );
      expect(await repo().get(tenant, a.id)).toBeNull();
      expect(await repo().deleteScheduled(tenant, a.id, "2026-04-01T00:00:00.000Z")).toBe(
        "not_found",
      );
    });

    it("records an order's gifts once and lists them by activity", async () => {
      const tenant = freshTenantId();
      const gift = (activityId: string, couponId = "cpn_1"): ActivityGift => ({
        tenantId: tenant,
        orderId: "ord_1",
        activityId,
        couponId,
        customerId: "cus_1",
        createdAt: "2026-05-01T00:00:00.000Z",
      });
      await repo().recordGifts([gift("act_b"), gift("act_a")]);
      await repo().recordGifts([gift("act_a", "cpn_other")]);
      await repo().recordGifts([]);
      expect(await repo().listGifts(tenant, "ord_1")).toEqual([gift("act_a"), gift("act_b")]);
      expect(await repo().listGifts(tenant, "ord_2")).toEqual([]);
      expect(await repo().listGifts(freshTenantId(), "ord_1")).toEqual([]);
    });

    it("undoes an insert whose transaction fails", async () => {
      const tenant = freshTenantId();
      const a = activity(tenant);
      await expect(
        storage().transaction(async (tx) => {
          await tx.activities.insert(a);
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect(await repo().get(tenant, a.id)).toBeNull();
      expect(await repo().insert(activity(tenant))).toEqual({ outcome: "inserted" });
    });

    it("lets exactly one of two concurrent conflicting inserts win, each in its own transaction", async () => {
      for (let round = 0; round < 3; round++) {
        const tenant = freshTenantId();
        const listed = activity(tenant, { scope: products("prd_a") });
        const all = activity(tenant, { scope: { kind: "all" } });
        const outcomes = await Promise.all(
          [listed, all].map((record) =>
            storage().transaction(async (tx) => {
              const outcome = await tx.activities.insert(record);
              // Hold the transaction open a little: the other insert must wait for the commit.
              await new Promise((resolve) => setTimeout(resolve, 20));
              return outcome.outcome;
            }),
          ),
        );
        expect(outcomes.sort()).toEqual(["conflict", "inserted"]);
        const stored = await repo().list(
          tenant,
          { at: "2026-05-01T00:00:00.000Z" },
          { beforeId: null, limit: 10 },
        );
        expect(stored).toHaveLength(1);
      }
    });

    it("lets exactly one of two concurrent conflicting replaces win", async () => {
      const tenant = freshTenantId();
      const a = activity(tenant, { scope: products("prd_a") });
      const b = activity(tenant, { scope: products("prd_b") });
      await repo().insert(a);
      await repo().insert(b);
      const outcomes = await Promise.all([
        repo().replace({ ...a, scope: products("prd_a", "prd_shared"), version: 2 }, 1),
        repo().replace({ ...b, scope: products("prd_b", "prd_shared"), version: 2 }, 1),
      ]);
      expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(["conflict", "replaced"]);
    });
  });
}
