import { describe, expect, it } from "vitest";
import { money } from "../../src/kernel/money.js";
import type { ListFilter } from "../../src/kernel/permissions/record-scope.js";
import type { AfterSaleFilter, StoredAfterSale } from "../../src/orders/after-sales/ports.js";
import { freshId, freshTenantId } from "../fixtures.js";
import { afterSaleRecord } from "../order-fixtures.js";
import { ALL, orderOf } from "./order-kit.js";
import type { StorageSuiteContext } from "./suite-context.js";

const PAGE = { beforeId: null, limit: 100 } as const;
const address = {
  name: "Returns desk",
  phone: "057188888888",
  regionCode: "CN-ZJ",
  line: "2 Road",
};

/** An exchange on its way back and re-shipped: every optional field filled. */
function richAfterSale(tenant: string, overrides: Partial<StoredAfterSale> = {}): StoredAfterSale {
  const order = orderOf(tenant, { ownerId: "u1" });
  return afterSaleRecord(order, {
    kind: "exchange",
    state: "reshipped",
    version: 4,
    items: [
      { lineId: "l1", quantity: 1 },
      { lineId: "l2", quantity: 3 },
    ],
    refundAmount: money(0, "CNY"),
    description: "wrong size",
    evidence: ["https://img.example/1.jpg", "https://img.example/2.jpg"],
    goodsReceived: false,
    returnAddress: address,
    returnParcel: { courier: "SF", trackingNumber: "SF1", at: "2026-05-04T01:00:00.000Z" },
    reshipment: { courier: "YTO", trackingNumber: "YT2", at: "2026-05-05T01:00:00.000Z" },
    refundId: "rf_1",
    rejectionReason: null,
    decidedBy: "staff-1",
    updatedAt: "2026-05-05T01:00:00.000Z",
    closedAt: "2026-05-05T01:00:00.000Z",
    storeId: "st1",
    ...overrides,
  });
}

/** After-sales requests: every field kept, compare-and-set, filters, access scopes, pages, isolation, rollback. */
export function afterSaleTests({ storage }: StorageSuiteContext): void {
  const afterSales = () => storage().afterSales;
  const next = (row: StoredAfterSale, overrides: Partial<StoredAfterSale>): StoredAfterSale => ({
    ...row,
    version: row.version + 1,
    ...overrides,
  });

  describe("after-sales requests", () => {
    it("keeps every field of a request", async () => {
      const tenant = freshTenantId();
      const rich = richAfterSale(tenant);
      const plain = afterSaleRecord(orderOf(tenant));
      await afterSales().insert(rich);
      await afterSales().insert(plain);
      expect(await afterSales().get(tenant, rich.id)).toEqual(rich);
      expect(await afterSales().get(tenant, plain.id)).toEqual(plain);
      expect(await afterSales().get(tenant, freshId("as"))).toBeNull();
    });

    it("replaces every field but the order and creation time when the version matches", async () => {
      const tenant = freshTenantId();
      const plain = afterSaleRecord(orderOf(tenant));
      await afterSales().insert(plain);
      const changed = richAfterSale(tenant, {
        id: plain.id,
        version: 2,
        orderId: "ord_other",
        createdAt: "2030-01-01T00:00:00.000Z",
      });
      expect(await afterSales().update(changed, 1)).toBe(true);
      const expected = { ...changed, orderId: plain.orderId, createdAt: plain.createdAt };
      expect(await afterSales().get(tenant, plain.id)).toEqual(expected);
      expect(await afterSales().update(next(plain, { state: "approved" }), 1)).toBe(false);
      expect(await afterSales().update(next(expected, { state: "approved" }), 3)).toBe(false);
      expect(await afterSales().update(afterSaleRecord(orderOf(tenant)), 0)).toBe(false);
      expect(await afterSales().get(tenant, plain.id)).toEqual(expected);
    });

    it("lets exactly one of concurrent changes from one version land", async () => {
      const tenant = freshTenantId();
      const row = afterSaleRecord(orderOf(tenant));
      await afterSales().insert(row);
      const attempts = Array.from({ length: 20 }, (_, i) =>
        next(row, { state: i % 2 === 0 ? "approved" : "rejected", decidedBy: `staff-${i}` }),
      );
      const results = await Promise.all(attempts.map((attempt) => afterSales().update(attempt, 1)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await afterSales().get(tenant, row.id)).toEqual(attempts[results.indexOf(true)]);
    });

    it("lists newest first by every filter field, in pages", async () => {
      const tenant = freshTenantId();
      const [orderA, orderB] = [orderOf(tenant), orderOf(tenant, { customerId: "c2" })];
      const a1 = afterSaleRecord(orderA, { createdAt: "2026-05-01T00:00:00.000Z" });
      const a2 = afterSaleRecord(orderA, {
        kind: "return_and_refund",
        state: "approved",
        createdAt: "2026-05-02T00:00:00.000Z",
      });
      const b1 = afterSaleRecord(orderB, {
        kind: "exchange",
        state: "withdrawn",
        refundAmount: money(0, "CNY"),
        createdAt: "2026-05-03T00:00:00.000Z",
      });
      for (const row of [a1, a2, b1]) await afterSales().insert(row);
      const names = new Map([
        [a1.id, "a1"],
        [a2.id, "a2"],
        [b1.id, "b1"],
      ]);
      const listed = async (filter: Partial<AfterSaleFilter>) =>
        (await afterSales().list(tenant, { access: ALL, ...filter }, PAGE)).map((row) =>
          names.get(row.id),
        );
      expect(await listed({})).toEqual(["b1", "a2", "a1"]);
      expect(await listed({ orderId: orderA.id })).toEqual(["a2", "a1"]);
      expect(await listed({ customerId: "c2" })).toEqual(["b1"]);
      expect(await listed({ kinds: ["refund_only", "exchange"] })).toEqual(["b1", "a1"]);
      expect(await listed({ kinds: [] })).toEqual([]);
      expect(await listed({ states: ["approved", "applied"] })).toEqual(["a2", "a1"]);
      expect(await listed({ createdFrom: "2026-05-02T00:00:00.000Z" })).toEqual(["b1", "a2"]);
      expect(await listed({ createdTo: "2026-05-02T00:00:00.000Z" })).toEqual(["a1"]);
      expect(await listed({ createdFrom: "2026-05-02T08:00:00+08:00" })).toEqual(["b1", "a2"]);
      expect(await listed({ createdTo: "2026-05-02T08:00:00+08:00" })).toEqual(["a1"]);
      expect(
        await listed({ orderId: orderA.id, states: ["approved"], kinds: ["exchange"] }),
      ).toEqual([]);
      const first = await afterSales().list(tenant, { access: ALL }, { beforeId: null, limit: 2 });
      expect(first.map((row) => names.get(row.id))).toEqual(["b1", "a2"]);
      const rest = await afterSales().list(tenant, { access: ALL }, { beforeId: a2.id, limit: 2 });
      expect(rest.map((row) => names.get(row.id))).toEqual(["a1"]);
    });

    it("shows a scoped actor only the requests of its stores or its own orders", async () => {
      const tenant = freshTenantId();
      const inStore = afterSaleRecord(orderOf(tenant), { storeId: "st1", ownerId: null });
      const owned = afterSaleRecord(orderOf(tenant), { storeId: null, ownerId: "u1" });
      const both = afterSaleRecord(orderOf(tenant), { storeId: "st2", ownerId: "u1" });
      for (const row of [inStore, owned, both]) await afterSales().insert(row);
      const names = new Map([
        [inStore.id, "inStore"],
        [owned.id, "owned"],
        [both.id, "both"],
      ]);
      const scoped = async (access: ListFilter) =>
        (await afterSales().list(tenant, { access }, PAGE)).map((row) => names.get(row.id));
      expect(await scoped(ALL)).toEqual(["both", "owned", "inStore"]);
      expect(await scoped({ all: false, anyOf: [{ storeIds: ["st1"] }] })).toEqual(["inStore"]);
      expect(await scoped({ all: false, anyOf: [{ ownerId: "u1" }] })).toEqual(["both", "owned"]);
      expect(await scoped({ all: false, anyOf: [{ storeIds: ["st2"], ownerId: "u1" }] })).toEqual([
        "both",
      ]);
      expect(
        await scoped({ all: false, anyOf: [{ storeIds: ["st1"] }, { ownerId: "u1" }] }),
      ).toEqual(["both", "owned", "inStore"]);
      expect(await scoped({ all: false, anyOf: [] })).toEqual([]);
      expect(await scoped({ all: false, anyOf: [{}] })).toEqual([]);
      expect(await scoped({ all: false, anyOf: [{ enterpriseIds: ["e1"] }] })).toEqual([]);
    });

    it("keeps each tenant's requests to itself", async () => {
      const [mine, theirs] = [freshTenantId(), freshTenantId()];
      const row = afterSaleRecord(orderOf(mine));
      await afterSales().insert(row);
      expect(await afterSales().get(theirs, row.id)).toBeNull();
      expect(await afterSales().list(theirs, { access: ALL }, PAGE)).toEqual([]);
      expect(await afterSales().update(next({ ...row, tenantId: theirs }, {}), 1)).toBe(false);
      expect(await afterSales().get(mine, row.id)).toEqual(row);
    });

    it("undoes inserts and changes made in a transaction that fails", async () => {
      const tenant = freshTenantId();
      const kept = afterSaleRecord(orderOf(tenant));
      await afterSales().insert(kept);
      const added = afterSaleRecord(orderOf(tenant));
      await expect(
        storage().transaction(async (tx) => {
          await tx.afterSales.insert(added);
          expect(await tx.afterSales.update(next(kept, { state: "approved" }), 1)).toBe(true);
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await afterSales().get(tenant, added.id)).toBeNull();
      expect(await afterSales().get(tenant, kept.id)).toEqual(kept);
    });
  });
}
