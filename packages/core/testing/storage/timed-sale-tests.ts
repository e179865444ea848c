import { describe, expect, it } from "vitest";
import type { FlashSale } from "../../src/promotions/flash-sales/flash-sale.js";
import type { SaleTake } from "../../src/promotions/flash-sales/sale-take.js";
import type { Presale } from "../../src/promotions/presales/presale.js";
import { freshId, freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const T0 = "2026-05-01T02:00:00.000Z";
const hour = (n: number) => new Date(Date.parse(T0) + n * 3_600_000).toISOString();

function flashSale(
  tenantId: string,
  skuIds: string[],
  from: number,
  to: number,
  id = freshId("fls"),
): FlashSale {
  return {
    tenantId,
    id,
    name: "Noon tea",
    startsAt: hour(from),
    endsAt: hour(to),
    items: skuIds.map((skuId) => ({ skuId, price: 990, stock: 5, perPersonLimit: 2 })),
    payWithinMinutes: 30,
    remindMinutesBefore: 10,
    stoppedAt: null,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
  };
}

function presale(tenantId: string, from: number, to: number, id = freshId("pre")): Presale {
  return {
    tenantId,
    id,
    name: "New harvest",
    startsAt: hour(from),
    endsAt: hour(to),
    items: [{ skuId: "sku_a", price: 5000, virtualStock: 100 }],
    delivery: { kind: "after_payment", days: 7 },
    stoppedAt: null,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
  };
}

function take(tenantId: string, orderId: string, overrides: Partial<SaleTake> = {}): SaleTake {
  return {
    tenantId,
    orderId,
    kind: "flash_sale",
    saleId: "fls_1",
    customerId: "buyer-1",
    items: [{ skuId: "sku_a", quantity: 2 }],
    receipt: { scope: "flash_sale:fls_1", id: "rcpt_1" },
    terms: {},
    returnedAt: null,
    createdAt: T0,
    ...overrides,
  };
}

/** Flash sales, presales, their gate takes and reminders: every method, overlap atomicity, isolation. */
export function timedSaleTests({ storage }: StorageSuiteContext): void {
  describe("flash sales and presales", () => {
    it("stores a flash sale with every field, lists newest first and finds the running ones", async () => {
      const tenant = freshTenantId();
      const a = flashSale(tenant, ["sku_a"], 0, 2, "fls_01");
      const b = flashSale(tenant, ["sku_b"], 3, 4, "fls_02");
      expect(await storage().flashSales.insert(a)).toEqual({ outcome: "inserted" });
      expect(await storage().flashSales.insert(b)).toEqual({ outcome: "inserted" });
      expect(await storage().flashSales.get(tenant, a.id)).toEqual(a);
      expect(await storage().flashSales.get(freshTenantId(), a.id)).toBeNull();
      expect(
        (await storage().flashSales.list(tenant, { beforeId: null, limit: 10 })).map((s) => s.id),
      ).toEqual([b.id, a.id]);
      expect(
        (await storage().flashSales.list(tenant, { beforeId: b.id, limit: 10 })).map((s) => s.id),
      ).toEqual([a.id]);
      expect((await storage().flashSales.running(tenant, hour(1))).map((s) => s.id)).toEqual([
        a.id,
      ]);
      expect(await storage().flashSales.running(tenant, hour(2))).toEqual([]);
      expect((await storage().flashSales.running(tenant, hour(3))).map((s) => s.id)).toEqual([
        b.id,
      ]);
      expect((await storage().flashSales.open(tenant, hour(1), 10)).map((s) => s.id)).toEqual([
        a.id,
        b.id,
      ]);
      expect((await storage().flashSales.open(tenant, hour(2), 10)).map((s) => s.id)).toEqual([
        b.id,
      ]);
      expect((await storage().flashSales.open(tenant, hour(0), 1)).map((s) => s.id)).toEqual([
        a.id,
      ]);
      await storage().flashSales.stop(tenant, b.id, hour(1));
      expect(await storage().flashSales.open(tenant, hour(2), 10)).toEqual([]);
    });

    it("refuses an overlapping flash sale holding a SKU, naming it; stopped sales free their SKUs", async () => {
      const tenant = freshTenantId();
      const a = flashSale(tenant, ["sku_a", "sku_b"], 0, 2);
      await storage().flashSales.insert(a);
      expect(
        await storage().flashSales.insert(flashSale(tenant, ["sku_c", "sku_b"], 1, 3)),
      ).toEqual({
        outcome: "overlap",
        otherId: a.id,
        skuId: "sku_b",
      });
      expect(await storage().flashSales.insert(flashSale(tenant, ["sku_b"], 2, 3))).toEqual({
        outcome: "inserted",
      });
      expect(
        await storage().flashSales.insert(flashSale(freshTenantId(), ["sku_a"], 0, 2)),
      ).toEqual({
        outcome: "inserted",
      });
      const stopped = await storage().flashSales.stop(tenant, a.id, hour(1));
      expect(stopped).toEqual({
        outcome: "stopped",
        sale: { ...a, stoppedAt: hour(1), version: 2, updatedAt: hour(1) },
      });
      expect((await storage().flashSales.stop(tenant, a.id, hour(1))).outcome).toBe(
        "already_stopped",
      );
      expect((await storage().flashSales.stop(tenant, "fls_none", hour(1))).outcome).toBe(
        "not_found",
      );
      expect(await storage().flashSales.running(tenant, hour(1))).toEqual([]);
      expect((await storage().flashSales.insert(flashSale(tenant, ["sku_a"], 0, 2))).outcome).toBe(
        "inserted",
      );
    });

    it("lets only one of many concurrent overlapping flash sales in", async () => {
      const tenant = freshTenantId();
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          storage().flashSales.insert(flashSale(tenant, ["sku_a"], 0, 2)),
        ),
      );
      expect(results.filter((result) => result.outcome === "inserted")).toHaveLength(1);
    });

    it("stores presales, refusing any overlapping one of the tenant, atomically", async () => {
      const tenant = freshTenantId();
      const a = presale(tenant, 0, 24);
      expect(await storage().presales.insert(a)).toEqual({ outcome: "inserted" });
      expect(await storage().presales.get(tenant, a.id)).toEqual(a);
      expect(await storage().presales.insert(presale(tenant, 23, 48))).toEqual({
        outcome: "overlap",
        otherId: a.id,
      });
      expect((await storage().presales.running(tenant, hour(1))).map((p) => p.id)).toEqual([a.id]);
      expect(
        (await storage().presales.list(tenant, { beforeId: null, limit: 5 })).map((p) => p.id),
      ).toEqual([a.id]);
      expect((await storage().presales.stop(tenant, a.id, hour(2))).outcome).toBe("stopped");
      expect((await storage().presales.stop(tenant, a.id, hour(2))).outcome).toBe(
        "already_stopped",
      );
      expect(await storage().presales.running(tenant, hour(3))).toEqual([]);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => storage().presales.insert(presale(tenant, 30, 40))),
      );
      expect(results.filter((result) => result.outcome === "inserted")).toHaveLength(1);
    });

    it("records an order's takes once, marks them returned once, and rolls back with the transaction", async () => {
      const tenant = freshTenantId();
      const flash = take(tenant, "ord_1");
      const pre = take(tenant, "ord_1", {
        kind: "presale",
        saleId: "pre_1",
        terms: { delivery: { kind: "date", date: "2026-06-18" } },
      });
      expect(await storage().saleTakes.insert(pre)).toBe("inserted");
      expect(await storage().saleTakes.insert(flash)).toBe("inserted");
      expect(await storage().saleTakes.insert(flash)).toBe("exists");
      expect(await storage().saleTakes.ofOrder(tenant, "ord_1")).toEqual([flash, pre]);
      expect(await storage().saleTakes.ofOrder(freshTenantId(), "ord_1")).toEqual([]);
      const marks = await Promise.all(
        [1, 2, 3].map(() =>
          storage().saleTakes.markReturned(tenant, "ord_1", "flash_sale", "fls_1", hour(1)),
        ),
      );
      expect(marks.filter(Boolean)).toHaveLength(1);
      expect(
        await storage().saleTakes.markReturned(tenant, "ord_9", "flash_sale", "fls_1", hour(1)),
      ).toBe(false);
      expect((await storage().saleTakes.ofOrder(tenant, "ord_1"))[0]?.returnedAt).toBe(hour(1));
      await expect(
        storage().transaction(async (tx) => {
          await tx.saleTakes.insert(take(tenant, "ord_2"));
          throw new Error("rollback");
        }),
      ).rejects.toThrow("rollback");
      expect(await storage().saleTakes.ofOrder(tenant, "ord_2")).toEqual([]);
    });

    it("stops a sale, stores a take and subscribes once under concurrent calls", async () => {
      const tenant = freshTenantId();
      const sale = flashSale(tenant, ["sku_a"], 0, 2);
      await storage().flashSales.insert(sale);
      const stops = await Promise.all(
        [1, 2, 3, 4].map(() => storage().flashSales.stop(tenant, sale.id, hour(1))),
      );
      expect(stops.filter((stop) => stop.outcome === "stopped")).toHaveLength(1);
      expect((await storage().flashSales.get(tenant, sale.id))?.version).toBe(2);
      const inserts = await Promise.all(
        [1, 2, 3, 4].map(() => storage().saleTakes.insert(take(tenant, "ord_c"))),
      );
      expect(inserts.filter((outcome) => outcome === "inserted")).toHaveLength(1);
      const subscriptions = await Promise.all(
        [1, 2, 3, 4].map(() =>
          storage().flashSaleReminders.subscribe({
            tenantId: tenant,
            saleId: sale.id,
            customerId: "c1",
            phone: "13800138000",
            createdAt: T0,
          }),
        ),
      );
      expect(subscriptions.filter((outcome) => outcome === "subscribed")).toHaveLength(1);
    });

    it("subscribes a customer to a reminder once and lists subscribers in pages", async () => {
      const tenant = freshTenantId();
      const reminder = (customerId: string) => ({
        tenantId: tenant,
        saleId: "fls_1",
        customerId,
        phone: "13800138000",
        createdAt: T0,
      });
      expect(await storage().flashSaleReminders.subscribe(reminder("c2"))).toBe("subscribed");
      expect(await storage().flashSaleReminders.subscribe(reminder("c1"))).toBe("subscribed");
      expect(await storage().flashSaleReminders.subscribe(reminder("c1"))).toBe("exists");
      expect(await storage().flashSaleReminders.subscribe(reminder("c3"))).toBe("subscribed");
      expect(await storage().flashSaleReminders.list(tenant, "fls_1", null, 2)).toEqual([
        reminder("c1"),
        reminder("c2"),
      ]);
      expect(await storage().flashSaleReminders.list(tenant, "fls_1", "c2", 2)).toEqual([
        reminder("c3"),
      ]);
      expect(await storage().flashSaleReminders.list(freshTenantId(), "fls_1", null, 2)).toEqual(
        [],
      );
    });
  });
}
