import { describe, expect, it } from "vitest";
import type {
  LimitedDiscount,
  LimitedDiscountTake,
} from "../../src/promotions/limited-discounts/limited-discount.js";
import { freshId, freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-06-01T10:00:00.000Z";
const LATER = "2026-06-01T10:05:00.000Z";

/** A discount of `tenantId` for June 2026 over `skuIds`, 5 units each. */
export function limitedDiscountRecord(
  tenantId: string,
  skuIds: readonly string[],
  overrides: Partial<LimitedDiscount> = {},
): LimitedDiscount {
  return {
    tenantId,
    id: freshId("ldc"),
    name: "June",
    kind: "rate",
    rounding: "none",
    startsAt: "2026-06-01T00:00:00.000Z",
    endsAt: "2026-07-01T00:00:00.000Z",
    recurrence: { kind: "days_of_week", days: [6, 7], window: { from: "10:00", to: "12:00" } },
    limit: { mode: "first_n", quantity: 3 },
    items: skuIds.map((skuId) => ({
      skuId,
      productId: "prd_1",
      rate: "8.5",
      amount: null,
      stock: 5,
      sold: 0,
    })),
    state: "active",
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

const takeOf = (
  discount: LimitedDiscount,
  orderId: string,
  customerId: string,
  units: number,
  skuId = discount.items[0]?.skuId ?? "",
): LimitedDiscountTake => ({
  tenantId: discount.tenantId,
  orderId,
  discountId: discount.id,
  customerId,
  lines: [{ skuId, units }],
  status: "held",
  createdAt: AT,
  updatedAt: AT,
});

/** Time-limited discounts: the overlap rule, running lookups, atomic takes within stock and limit, release once. */
export function limitedDiscountTests({ storage }: StorageSuiteContext): void {
  const repo = () => storage().limitedDiscounts;
  const soldOf = async (discount: LimitedDiscount, index = 0) =>
    (await repo().get(discount.tenantId, discount.id))?.items[index]?.sold;

  describe("limited discounts", () => {
    it("stores, lists, ends and finds running discounts by SKU", async () => {
      const tenant = freshTenantId();
      const discount = limitedDiscountRecord(tenant, ["sku_a", "sku_b"]);
      expect(await repo().insert(discount)).toEqual({ outcome: "inserted" });
      expect(await repo().get(tenant, discount.id)).toEqual(discount);
      expect(await repo().get(freshTenantId(), discount.id)).toBeNull();
      expect(await repo().list(tenant, { beforeId: null, limit: 10 })).toEqual([discount]);
      expect(
        await repo().listRunning(tenant, ["sku_b", "sku_x"], "2026-06-10T00:00:00.000Z"),
      ).toEqual([discount]);
      expect(await repo().listRunning(tenant, ["sku_b"], "2026-07-01T00:00:00.000Z")).toEqual([]);
      expect(await repo().listRunning(tenant, ["sku_x"], "2026-06-10T00:00:00.000Z")).toEqual([]);
      const ended = await repo().end(tenant, discount.id, LATER);
      expect(ended).toEqual({ ...discount, state: "ended", updatedAt: LATER });
      expect(await repo().end(tenant, discount.id, LATER)).toBeNull();
      expect(await repo().listRunning(tenant, ["sku_a"], "2026-06-10T00:00:00.000Z")).toEqual([]);
    });

    it("refuses a SKU an active discount holds at an overlapping time, naming it", async () => {
      const tenant = freshTenantId();
      const june = limitedDiscountRecord(tenant, ["sku_a"]);
      await repo().insert(june);
      const overlapping = limitedDiscountRecord(tenant, ["sku_b", "sku_a"], {
        startsAt: "2026-06-30T00:00:00.000Z",
        endsAt: "2026-08-01T00:00:00.000Z",
      });
      expect(await repo().insert(overlapping)).toEqual({
        outcome: "sku_taken",
        skuId: "sku_a",
        discountId: june.id,
      });
      expect(await repo().get(tenant, overlapping.id)).toBeNull();
      const july = limitedDiscountRecord(tenant, ["sku_a"], {
        startsAt: "2026-07-01T00:00:00.000Z",
        endsAt: "2026-08-01T00:00:00.000Z",
      });
      expect(await repo().insert(july)).toEqual({ outcome: "inserted" });
      expect(await repo().insert(limitedDiscountRecord(freshTenantId(), ["sku_a"]))).toEqual({
        outcome: "inserted",
      });
    });

    it("inserts one of concurrent discounts sharing a SKU and time", async () => {
      const tenant = freshTenantId();
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          repo().insert(limitedDiscountRecord(tenant, [`sku_${i}`, "sku_shared"])),
        ),
      );
      expect(outcomes.filter((o) => o.outcome === "inserted")).toHaveLength(1);
      expect(await repo().list(tenant, { beforeId: null, limit: 10 })).toHaveLength(1);
    });

    it("takes units within the stock and the per-person limit, all or nothing, once per order", async () => {
      const tenant = freshTenantId();
      const discount = limitedDiscountRecord(tenant, ["sku_a", "sku_b"]);
      await repo().insert(discount);
      expect(await repo().take(takeOf(discount, "ord_1", "c1", 2))).toEqual({ outcome: "taken" });
      expect(await repo().take(takeOf(discount, "ord_1", "c1", 2))).toEqual({
        outcome: "already_taken",
      });
      expect(await repo().boughtUnits(tenant, discount.id, "c1")).toEqual({ sku_a: 2 });
      expect(await repo().take(takeOf(discount, "ord_2", "c1", 2))).toEqual({
        outcome: "limit_exceeded",
        skuId: "sku_a",
        limit: 3,
        bought: 2,
      });
      expect(await repo().take(takeOf(discount, "ord_3", "c2", 3))).toEqual({ outcome: "taken" });
      const both: LimitedDiscountTake = {
        ...takeOf(discount, "ord_4", "c3", 1),
        lines: [
          { skuId: "sku_b", units: 1 },
          { skuId: "sku_a", units: 1 },
        ],
      };
      expect(await repo().take(both)).toEqual({
        outcome: "stock_exhausted",
        skuId: "sku_a",
        left: 0,
      });
      expect(await soldOf(discount, 1)).toBe(0);
      expect(await repo().boughtUnits(tenant, discount.id, "c3")).toEqual({});
      expect(await repo().takesOf(tenant, "ord_4")).toEqual([]);
      expect(
        await repo().take({ ...takeOf(discount, "ord_5", "c1", 1), discountId: "ldc_none" }),
      ).toEqual({
        outcome: "not_found",
      });
    });

    it("gives an order's takes back exactly once", async () => {
      const tenant = freshTenantId();
      const discount = limitedDiscountRecord(tenant, ["sku_a"]);
      await repo().insert(discount);
      await repo().take(takeOf(discount, "ord_1", "c1", 3));
      expect(await repo().takesOf(tenant, "ord_1")).toEqual([takeOf(discount, "ord_1", "c1", 3)]);
      const released = await Promise.all([
        repo().release(tenant, "ord_1", LATER),
        repo().release(tenant, "ord_1", LATER),
      ]);
      expect(released.sort()).toEqual([0, 1]);
      expect(await soldOf(discount)).toBe(0);
      expect(await repo().boughtUnits(tenant, discount.id, "c1")).toEqual({});
      expect((await repo().takesOf(tenant, "ord_1"))[0]?.status).toBe("released");
    });

    it("never passes the stock or a buyer's limit under concurrent takes", async () => {
      const tenant = freshTenantId();
      const discount = limitedDiscountRecord(tenant, ["sku_a"], {
        limit: { mode: "refuse", quantity: 2 },
      });
      await repo().insert(discount);
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          repo().take(takeOf(discount, `ord_${i}`, `c${i % 3}`, 1)),
        ),
      );
      expect(outcomes.filter((o) => o.outcome === "taken")).toHaveLength(5);
      expect(await soldOf(discount)).toBe(5);
      for (const customer of ["c0", "c1", "c2"]) {
        expect(
          (await repo().boughtUnits(tenant, discount.id, customer)).sku_a ?? 0,
        ).toBeLessThanOrEqual(2);
      }
    });

    it("rolls a take back with its transaction", async () => {
      const tenant = freshTenantId();
      const discount = limitedDiscountRecord(tenant, ["sku_a"]);
      await repo().insert(discount);
      await expect(
        storage().transaction(async (tx) => {
          await tx.limitedDiscounts.take(takeOf(discount, "ord_1", "c1", 2));
          throw new Error("order refused");
        }),
      ).rejects.toThrow("order refused");
      expect(await soldOf(discount)).toBe(0);
      expect(await repo().takesOf(tenant, "ord_1")).toEqual([]);
    });
  });
}
