import { describe, expect, it } from "vitest";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import { money } from "../../kernel/money.js";
import { eventRecorder } from "../../kernel/outbox/record-events.js";
import { tenantContext } from "../../kernel/tenant.js";
import type { Sku } from "./sku.js";
import { specCombinations } from "./spec-combinations.js";
import {
  crossesLowStock,
  SKU_STOCK_LOW_EVENT,
  stockChangesOfTakes,
  stockLowEvent,
  stockLowRecorder,
} from "./stock-low.js";

const AT = "2026-05-01T08:00:00.000Z";
const skuOf = (id: string, stock: number, lowStockThreshold: number | null): Sku => ({
  tenantId: "acme",
  id,
  productId: "prd_tee",
  code: `TEE-${id}`,
  spec: {},
  price: money(9900, "CNY"),
  stock,
  weightGrams: 250,
  lowStockThreshold,
  createdAt: AT,
  updatedAt: AT,
});

describe("low-stock events", () => {
  it("fire when a change crosses the threshold downwards, not when it stays below or rises", () => {
    expect(crossesLowStock(3, 4, 3)).toBe(true);
    expect(crossesLowStock(3, 10, 0)).toBe(true);
    expect(crossesLowStock(3, 3, 2)).toBe(false);
    expect(crossesLowStock(3, 4, 4)).toBe(false);
    expect(crossesLowStock(3, 1, 5)).toBe(false);
    expect(crossesLowStock(null, 4, 0)).toBe(false);
    expect(stockLowEvent(skuOf("a", 2, 3), 4, 2)).toEqual({
      type: SKU_STOCK_LOW_EVENT,
      aggregate: { type: "sku", id: "a" },
      payload: { skuId: "a", productId: "prd_tee", code: "TEE-a", stock: 2, threshold: 3 },
    });
    expect(stockLowEvent(skuOf("a", 2, null), 4, 2)).toBeNull();
  });

  it("pairs a reservation's merged lines with the stocks it left", () => {
    const lines = [
      { skuId: "b", quantity: 1 },
      { skuId: "a", quantity: 2 },
      { skuId: "b", quantity: 3 },
    ];
    expect(stockChangesOfTakes(lines, { a: 5, b: 0 })).toEqual([
      { skuId: "a", stockBefore: 7, stockAfter: 5 },
      { skuId: "b", stockBefore: 4, stockAfter: 0 },
    ]);
  });

  it("records one event per crossing in the taking transaction, even under concurrent takes", async () => {
    const onecode = createOneCode({ clock: new ManualClock(AT) });
    const { storage } = onecode.ports;
    const ctx = tenantContext("acme", { id: "orders", kind: "staff", roles: ["admin"] });
    const recordStockLow = stockLowRecorder(eventRecorder(onecode.ports));
    await storage.skus.insert(skuOf("a", 10, 4));
    await storage.skus.insert(skuOf("b", 10, null));
    const payloads: unknown[] = [];
    onecode.outbox.on(SKU_STOCK_LOW_EVENT, "test.collect", async (event) => {
      payloads.push(event.payload);
    });
    const reserveOne = (i: number) =>
      storage.transaction(async (tx) => {
        const lines = [
          { skuId: "a", quantity: 1 },
          { skuId: "b", quantity: 1 },
        ];
        const reserved = await tx.skus.reserve("acme", `res_${i}`, lines, AT);
        if (reserved.outcome !== "reserved") return [];
        return recordStockLow(tx, ctx, stockChangesOfTakes(lines, reserved.stocks));
      });
    const recorded = await Promise.all(Array.from({ length: 12 }, (_, i) => reserveOne(i)));
    expect(recorded.flat()).toHaveLength(1);
    await onecode.outbox.dispatch();
    expect(payloads).toEqual([
      { skuId: "a", productId: "prd_tee", code: "TEE-a", stock: 4, threshold: 4 },
    ]);

    // Released units lift the stock above the threshold; the next crossing alerts again.
    for (let i = 0; i < 5; i++) await storage.skus.release("acme", `res_${i}`, AT); // 0 → 5
    await reserveOne(100);
    await onecode.outbox.dispatch();
    expect(payloads).toHaveLength(2);
  });
});

describe("spec combinations", () => {
  it("are the Cartesian product of the values, the first dimension slowest", () => {
    expect(specCombinations([])).toEqual([{}]);
    const three = specCombinations([
      { name: "colour", values: ["red", "blue"] },
      { name: "size", values: ["S", "M", "L"] },
      { name: "fit", values: ["slim"] },
    ]);
    expect(three).toHaveLength(6);
    expect(three[0]).toEqual({ colour: "red", size: "S", fit: "slim" });
    expect(three[5]).toEqual({ colour: "blue", size: "L", fit: "slim" });
  });
});
