import { describe, expect, it } from "vitest";
import type { Sku } from "../../src/catalog/skus/sku.js";
import { money } from "../../src/kernel/money.js";
import { freshId, freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-06-01T10:00:00.000Z";
const LATER = "2026-06-01T10:05:00.000Z";

/** A SKU of `tenantId` with `stock` units, unique code. */
export function skuRecord(tenantId: string, overrides: Partial<Sku> = {}): Sku {
  const id = overrides.id ?? freshId("sku");
  return {
    tenantId,
    id,
    productId: "prd_1",
    code: `C-${id}`,
    spec: { colour: "red", size: "M" },
    price: money(9900, "CNY"),
    stock: 10,
    weightGrams: 250,
    lowStockThreshold: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** SKUs: settings, unique codes, atomic takes, reservations all-or-none and released once, isolation, rollback. */
export function skuTests({ storage }: StorageSuiteContext): void {
  const skus = () => storage().skus;
  const stored = async (...records: Sku[]) => {
    for (const sku of records) expect(await skus().insert(sku)).toEqual({ outcome: "inserted" });
  };
  const stockOf = async (tenantId: string, id: string) => (await skus().get(tenantId, id))?.stock;

  describe("skus", () => {
    it("stores SKU settings, replacing earlier ones", async () => {
      const tenant = freshTenantId();
      expect(await skus().getSettings(tenant, "prd_1")).toBeNull();
      const settings = {
        tenantId: tenant,
        productId: "prd_1",
        policy: "reserve_on_create" as const,
        dimensions: [{ name: "colour", values: ["red", "blue"] }],
        updatedAt: AT,
      };
      await skus().saveSettings(settings);
      await skus().saveSettings({ ...settings, policy: "reserve_on_pay", updatedAt: LATER });
      expect(await skus().getSettings(tenant, "prd_1")).toEqual({
        ...settings,
        policy: "reserve_on_pay",
        updatedAt: LATER,
      });
    });

    it("replaces settings only while the stored dimensions are the expected ones", async () => {
      const tenant = freshTenantId();
      const colours = [{ name: "colour", values: ["red", "blue"] }];
      const more = [{ name: "colour", values: ["red", "blue", "black"] }];
      const settings = {
        tenantId: tenant,
        productId: "prd_1",
        policy: "reserve_on_create" as const,
        dimensions: colours,
        updatedAt: AT,
      };
      const firsts = await Promise.all(
        Array.from({ length: 8 }, () => skus().replaceSettings(settings, null)),
      );
      expect(firsts.filter(Boolean)).toHaveLength(1);
      expect(await skus().replaceSettings({ ...settings, dimensions: more }, more)).toBe(false);
      expect(await skus().replaceSettings({ ...settings, dimensions: more }, null)).toBe(false);
      const next = {
        ...settings,
        policy: "reserve_on_pay" as const,
        dimensions: more,
        updatedAt: LATER,
      };
      const swaps = await Promise.all(
        Array.from({ length: 8 }, () => skus().replaceSettings(next, colours)),
      );
      expect(swaps.filter(Boolean)).toHaveLength(1);
      expect(await skus().getSettings(tenant, "prd_1")).toEqual(next);
      expect(await skus().replaceSettings({ ...next, tenantId: freshTenantId() }, more)).toBe(
        false,
      );
    });

    it("updates a SKU's fields, answering it before and after, and refuses a taken code", async () => {
      const tenant = freshTenantId();
      const sku = skuRecord(tenant, { stock: 5 });
      const other = skuRecord(tenant);
      await stored(sku, other);
      const changed = await skus().update(tenant, sku.id, {
        code: "NEW-CODE",
        price: money(12900, "HKD"),
        weightGrams: 300,
        lowStockThreshold: 2,
        stock: 1,
        updatedAt: LATER,
      });
      const after = {
        ...sku,
        code: "NEW-CODE",
        price: money(12900, "HKD"),
        weightGrams: 300,
        lowStockThreshold: 2,
        stock: 1,
        updatedAt: LATER,
      };
      expect(changed).toEqual({ outcome: "updated", before: sku, sku: after });
      expect(await skus().get(tenant, sku.id)).toEqual(after);
      const cleared = await skus().update(tenant, sku.id, {
        lowStockThreshold: null,
        updatedAt: LATER,
      });
      expect(cleared).toMatchObject({
        outcome: "updated",
        sku: { ...after, lowStockThreshold: null },
      });
      expect(
        await skus().update(tenant, sku.id, { code: other.code, stock: 9, updatedAt: LATER }),
      ).toEqual({ outcome: "code_taken" });
      expect(await stockOf(tenant, sku.id)).toBe(1);
      expect(await skus().update(tenant, "sku_none", { updatedAt: LATER })).toEqual({
        outcome: "not_found",
      });
      expect(await skus().update(freshTenantId(), sku.id, { stock: 0, updatedAt: LATER })).toEqual({
        outcome: "not_found",
      });
      // A refused code inside a transaction leaves the transaction usable.
      await storage().transaction(async (tx) => {
        expect(
          await tx.skus.update(tenant, other.id, { code: "NEW-CODE", updatedAt: LATER }),
        ).toEqual({ outcome: "code_taken" });
        await tx.skus.update(tenant, other.id, { stock: 3, updatedAt: LATER });
      });
      expect(await stockOf(tenant, other.id)).toBe(3);
    });

    it("answers each of concurrent stock counts with the stock it replaced", async () => {
      const tenant = freshTenantId();
      const sku = skuRecord(tenant, { stock: 50 });
      await stored(sku);
      const counts = Array.from({ length: 10 }, (_, i) => i + 1);
      const updates = await Promise.all(
        counts.map((stock) => skus().update(tenant, sku.id, { stock, updatedAt: LATER })),
      );
      const befores = updates.map((u) => (u.outcome === "updated" ? u.before.stock : -1));
      // The counts form one chain: each replaced the initial stock or another count, never one twice.
      expect(new Set(befores).size).toBe(counts.length);
      expect(befores.every((before) => before === 50 || counts.includes(before))).toBe(true);
      const final = (await stockOf(tenant, sku.id)) as number;
      expect(befores).not.toContain(final);
    });

    it("stores SKUs, lists a product's by id and refuses a code the tenant uses", async () => {
      const tenant = freshTenantId();
      const a = skuRecord(tenant, { id: "sku_a", lowStockThreshold: 3 });
      const b = skuRecord(tenant, { id: "sku_b", spec: {} });
      await stored(b, a);
      await stored(skuRecord(tenant, { productId: "prd_2" }));
      expect(await skus().insert(skuRecord(tenant, { code: a.code }))).toEqual({
        outcome: "code_taken",
      });
      expect(await skus().get(tenant, "sku_a")).toEqual(a);
      expect(await skus().listByProduct(tenant, "prd_1")).toEqual([a, b]);
    });

    it("takes only what is left and never goes below zero; gives and sets stock", async () => {
      const tenant = freshTenantId();
      const sku = skuRecord(tenant, { stock: 5 });
      await stored(sku);
      expect(await skus().take(tenant, sku.id, 3)).toEqual({ outcome: "taken", stock: 2 });
      expect(await skus().take(tenant, sku.id, 3)).toEqual({ outcome: "insufficient", stock: 2 });
      expect(await skus().take(tenant, "sku_none", 1)).toEqual({ outcome: "not_found" });
      expect(await skus().give(tenant, sku.id, 4)).toBe(6);
      expect(await skus().give(tenant, "sku_none", 4)).toBeNull();
      expect(await skus().setStock(tenant, sku.id, 40, LATER)).toEqual({
        ...sku,
        stock: 40,
        updatedAt: LATER,
      });
      expect(await skus().setStock(tenant, "sku_none", 1, LATER)).toBeNull();
    });

    it("never oversells under concurrent takes", async () => {
      const tenant = freshTenantId();
      const sku = skuRecord(tenant, { stock: 30 });
      await stored(sku);
      const outcomes = await Promise.all(
        Array.from({ length: 60 }, () => skus().take(tenant, sku.id, 1)),
      );
      expect(outcomes.filter((o) => o.outcome === "taken")).toHaveLength(30);
      expect(await stockOf(tenant, sku.id)).toBe(0);
    });

    it("reserves all lines or none, and a known reservation id takes nothing again", async () => {
      const tenant = freshTenantId();
      const a = skuRecord(tenant, { id: "sku_a", stock: 5 });
      const b = skuRecord(tenant, { id: "sku_b", stock: 1 });
      await stored(a, b);
      const refused = await skus().reserve(
        tenant,
        "res_1",
        [
          { skuId: "sku_a", quantity: 2 },
          { skuId: "sku_b", quantity: 2 },
        ],
        AT,
      );
      expect(refused).toEqual({ outcome: "insufficient", skuId: "sku_b", stock: 1 });
      const missing = await skus().reserve(
        tenant,
        "res_1",
        [
          { skuId: "sku_a", quantity: 1 },
          { skuId: "sku_z", quantity: 1 },
        ],
        AT,
      );
      expect(missing).toEqual({ outcome: "sku_not_found", skuId: "sku_z" });
      expect(await stockOf(tenant, "sku_a")).toBe(5);
      expect(await skus().getReservation(tenant, "res_1")).toBeNull();

      const lines = [
        { skuId: "sku_b", quantity: 1 },
        { skuId: "sku_a", quantity: 1 },
        { skuId: "sku_a", quantity: 2 },
      ];
      expect(await skus().reserve(tenant, "res_1", lines, AT)).toEqual({
        outcome: "reserved",
        stocks: { sku_a: 2, sku_b: 0 },
      });
      const held = {
        tenantId: tenant,
        id: "res_1",
        status: "held",
        lines: [
          { skuId: "sku_a", quantity: 3 },
          { skuId: "sku_b", quantity: 1 },
        ],
        createdAt: AT,
        updatedAt: AT,
      };
      expect(await skus().getReservation(tenant, "res_1")).toEqual(held);
      expect(await skus().reserve(tenant, "res_1", lines, LATER)).toEqual({
        outcome: "already_exists",
        reservation: held,
      });
      expect(await stockOf(tenant, "sku_a")).toBe(2);
    });

    it("releases a reservation once, and a committed one never", async () => {
      const tenant = freshTenantId();
      const sku = skuRecord(tenant, { stock: 4 });
      await stored(sku);
      await skus().reserve(tenant, "res_1", [{ skuId: sku.id, quantity: 3 }], AT);
      await skus().reserve(tenant, "res_2", [{ skuId: sku.id, quantity: 1 }], AT);
      const released = await skus().release(tenant, "res_1", LATER);
      expect(released).toMatchObject({
        outcome: "changed",
        reservation: { status: "released", updatedAt: LATER },
      });
      expect(await skus().release(tenant, "res_1", LATER)).toMatchObject({
        outcome: "not_held",
        reservation: { status: "released" },
      });
      expect(await skus().commit(tenant, "res_2", LATER)).toMatchObject({
        outcome: "changed",
        reservation: { status: "committed" },
      });
      expect(await skus().release(tenant, "res_2", LATER)).toMatchObject({
        outcome: "not_held",
        reservation: { status: "committed" },
      });
      expect(await skus().release(tenant, "res_none", LATER)).toEqual({ outcome: "not_found" });
      expect(await skus().commit(tenant, "res_none", LATER)).toEqual({ outcome: "not_found" });
      expect(await stockOf(tenant, sku.id)).toBe(3);
    });

    it("never oversells across 500 concurrent reserves and conserves stock", async () => {
      const tenant = freshTenantId();
      const ids = ["sku_a", "sku_b", "sku_c"];
      const initial = 100;
      await stored(...ids.map((id) => skuRecord(tenant, { id, stock: initial })));
      const linesOf = (i: number) => [
        { skuId: ids[i % 3] as string, quantity: 1 + (i % 2) },
        { skuId: ids[(i + 1) % 3] as string, quantity: 1 },
      ];
      const outcomes = await Promise.all(
        Array.from({ length: 500 }, (_, i) => skus().reserve(tenant, `res_${i}`, linesOf(i), AT)),
      );
      expect(outcomes.every((o) => o.outcome === "reserved" || o.outcome === "insufficient")).toBe(
        true,
      );
      // Release a third of the reservations twice each, concurrently: each gives back once.
      const reserved = outcomes.flatMap((o, i) => (o.outcome === "reserved" ? [i] : []));
      const releasing = reserved.filter((i) => i % 3 === 0);
      const releases = await Promise.all(
        [...releasing, ...releasing].map((i) => skus().release(tenant, `res_${i}`, LATER)),
      );
      expect(releases.filter((r) => r.outcome === "changed")).toHaveLength(releasing.length);
      const held = new Map<string, number>(ids.map((id) => [id, 0]));
      for (const i of reserved) {
        if (releasing.includes(i)) continue;
        for (const line of linesOf(i)) {
          held.set(line.skuId, (held.get(line.skuId) ?? 0) + line.quantity);
        }
      }
      for (const id of ids) {
        const stock = (await stockOf(tenant, id)) as number;
        expect(stock).toBeGreaterThanOrEqual(0);
        expect(stock + (held.get(id) ?? 0)).toBe(initial);
      }
      // 500 reservations asked for far more than 300 units: stock ran out.
      expect(reserved.length).toBeLessThan(500);
    });

    it("keeps tenants apart", async () => {
      const tenant = freshTenantId();
      const other = freshTenantId();
      const sku = skuRecord(tenant, { code: "SHARED" });
      await stored(sku);
      await stored(skuRecord(other, { code: "SHARED" }));
      expect(await skus().get(other, sku.id)).toBeNull();
      expect(await skus().take(other, sku.id, 1)).toEqual({ outcome: "not_found" });
      expect(await skus().reserve(other, "res_1", [{ skuId: sku.id, quantity: 1 }], AT)).toEqual({
        outcome: "sku_not_found",
        skuId: sku.id,
      });
      await skus().reserve(tenant, "res_1", [{ skuId: sku.id, quantity: 1 }], AT);
      expect(await skus().getReservation(other, "res_1")).toBeNull();
      expect(await skus().release(other, "res_1", LATER)).toEqual({ outcome: "not_found" });
      expect(await stockOf(tenant, sku.id)).toBe(9);
    });

    it("rolls back a transaction's reserve, take and insert together", async () => {
      const tenant = freshTenantId();
      const sku = skuRecord(tenant, { stock: 5 });
      await stored(sku);
      const failure = new Error("rolled back on purpose");
      await expect(
        storage().transaction(async (tx) => {
          await tx.skus.reserve(tenant, "res_1", [{ skuId: sku.id, quantity: 2 }], AT);
          await tx.skus.take(tenant, sku.id, 1);
          await tx.skus.insert(skuRecord(tenant));
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await stockOf(tenant, sku.id)).toBe(5);
      expect(await skus().getReservation(tenant, "res_1")).toBeNull();
      expect(await skus().listByProduct(tenant, "prd_1")).toHaveLength(1);
    });
  });
}
