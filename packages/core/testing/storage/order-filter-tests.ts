import { describe, expect, it } from "vitest";
import { money } from "../../src/kernel/money.js";
import type { ListFilter } from "../../src/kernel/permissions/record-scope.js";
import type { Order } from "../../src/orders/order.js";
import type { OrderFilter } from "../../src/orders/ports.js";
import { freshTenantId } from "../fixtures.js";
import { ALL, lineOf, nextVerificationCode, orderOf } from "./order-kit.js";
import type { StorageSuiteContext } from "./suite-context.js";

const address = { name: "Li Lei", phone: "13800138000", regionCode: "CN-ZJ", line: "1 Road" };

/** Five orders, one per state, differing in every field a filter reads (created in id order). */
function fiveOrders(tenant: string) {
  const delivery = (
    method: Order["delivery"]["method"],
    storeId: string | null,
    shipOn: string | null,
  ) => ({ method, address, storeId, shipOn });
  const o1 = orderOf(tenant, {
    customerId: "c1",
    lines: [lineOf("l1", "p1", "s1", 1, 1000)],
    createdAt: "2026-05-01T02:00:00.000Z",
  });
  const o2 = orderOf(tenant, {
    state: "to_ship",
    customerId: "c2",
    ownerId: "u1",
    channel: "h5",
    delivery: delivery("self_pickup", "st1", "2026-05-04"),
    lines: [lineOf("l1", "p1", "s2", 1, 1000), lineOf("l2", "p2", "s3", 2, 500)],
    verification: { code: nextVerificationCode(), verifiedAt: null, verifiedBy: null },
    createdAt: "2026-05-02T02:00:00.000Z",
    paidAt: "2026-05-02T03:00:00.000Z",
  });
  const o3 = orderOf(tenant, {
    state: "shipped",
    logisticsState: "shipped",
    customerId: "c1",
    ownerId: "u2",
    channel: "pickup_card",
    delivery: delivery("in_store", "st2", "2026-05-05"),
    lines: [lineOf("l1", "p2", "s3", 1, 500)],
    cancellationRequest: { reason: "too late", requestedAt: "2026-05-04T05:00:00.000Z" },
    createdAt: "2026-05-03T02:00:00.000Z",
    paidAt: "2026-05-03T03:00:00.000Z",
    shippedAt: "2026-05-04T01:00:00.000Z",
  });
  const o4 = orderOf(tenant, {
    state: "completed",
    logisticsState: "signed",
    customerId: "c3",
    ownerId: "u1",
    lines: [lineOf("l1", "p3", "s4", 3, 100)],
    createdAt: "2026-05-04T02:00:00.000Z",
    paidAt: "2026-05-04T03:00:00.000Z",
    shippedAt: "2026-05-05T01:00:00.000Z",
    completedAt: "2026-05-06T01:00:00.000Z",
  });
  const o5 = orderOf(tenant, {
    state: "closed",
    customerId: "c2",
    channel: "admin",
    delivery: delivery("express", "st1", null),
    lines: [lineOf("l1", "p1", "s1", 1, 1000)],
    closeReason: "payment_timeout",
    createdAt: "2026-05-05T02:00:00.000Z",
    closedAt: "2026-05-05T02:30:00.000Z",
  });
  return [o1, o2, o3, o4, o5] as const;
}

/** Order lists: every filter field alone and combined, access scopes, keyset pages, counts per state. */
export function orderFilterTests({ storage }: StorageSuiteContext): void {
  const orders = () => storage().orders;
  const seeded = async () => {
    const tenant = freshTenantId();
    const rows = fiveOrders(tenant);
    for (const order of rows) expect(await orders().insert(order)).toEqual({ outcome: "inserted" });
    const names = new Map(rows.map((order, i) => [order.id, `o${i + 1}`]));
    /** The names (`o1`...) of the orders `filter` lists, newest first. */
    const listed = async (filter: Partial<OrderFilter>) => {
      const found = await orders().list(
        tenant,
        { access: ALL, ...filter },
        { beforeId: null, limit: 50 },
      );
      return found.map((order) => names.get(order.id));
    };
    return { tenant, rows, listed };
  };

  describe("order lists", () => {
    it("lists newest first with each filter field alone", async () => {
      const { rows, listed } = await seeded();
      expect(await listed({})).toEqual(["o5", "o4", "o3", "o2", "o1"]);
      expect(await listed({ states: ["to_ship", "shipped"] })).toEqual(["o3", "o2"]);
      expect(await listed({ states: [] })).toEqual([]);
      expect(await listed({ logisticsStates: ["shipped"] })).toEqual(["o3"]);
      expect(await listed({ logisticsStates: ["signed", "not_shipped"] })).toEqual([
        "o5",
        "o4",
        "o2",
        "o1",
      ]);
      expect(await listed({ deliveryMethods: ["self_pickup", "in_store"] })).toEqual(["o3", "o2"]);
      expect(await listed({ customerId: "c1" })).toEqual(["o3", "o1"]);
      expect(await listed({ customerId: "c9" })).toEqual([]);
      expect(await listed({ productId: "p1" })).toEqual(["o5", "o2", "o1"]);
      expect(await listed({ productId: "p2" })).toEqual(["o3", "o2"]);
      expect(await listed({ skuId: "s3" })).toEqual(["o3", "o2"]);
      expect(await listed({ skuId: "s1" })).toEqual(["o5", "o1"]);
      expect(await listed({ channel: "mini_program" })).toEqual(["o4", "o1"]);
      expect(await listed({ number: rows[3].number })).toEqual(["o4"]);
      expect(await listed({ cancellationRequested: true })).toEqual(["o3"]);
      expect(await listed({ cancellationRequested: false })).toEqual(["o5", "o4", "o2", "o1"]);
    });

    it("bounds times from inclusive to exclusive, and ship-on dates inclusive on both ends", async () => {
      const { listed } = await seeded();
      expect(await listed({ createdFrom: "2026-05-02T02:00:00.000Z" })).toEqual([
        "o5",
        "o4",
        "o3",
        "o2",
      ]);
      expect(await listed({ createdTo: "2026-05-02T02:00:00.000Z" })).toEqual(["o1"]);
      // Bounds are instants: any ISO-8601 offset names the same one.
      expect(await listed({ createdFrom: "2026-05-02T10:00:00+08:00" })).toEqual([
        "o5",
        "o4",
        "o3",
        "o2",
      ]);
      expect(await listed({ createdTo: "2026-05-02T10:00:00+08:00" })).toEqual(["o1"]);
      expect(
        await listed({
          createdFrom: "2026-05-02T02:00:00.000Z",
          createdTo: "2026-05-04T02:00:00.000Z",
        }),
      ).toEqual(["o3", "o2"]);
      // Unpaid, unshipped and undated orders are outside every bound on those fields.
      expect(await listed({ paidFrom: "2026-05-03T00:00:00.000Z" })).toEqual(["o4", "o3"]);
      expect(await listed({ paidTo: "2026-05-03T03:00:00.000Z" })).toEqual(["o2"]);
      expect(await listed({ shippedFrom: "2026-05-04T01:00:00.000Z" })).toEqual(["o4", "o3"]);
      expect(await listed({ shippedTo: "2026-05-05T01:00:00.000Z" })).toEqual(["o3"]);
      expect(await listed({ shipOnFrom: "2026-05-04" })).toEqual(["o3", "o2"]);
      expect(await listed({ shipOnTo: "2026-05-04" })).toEqual(["o2"]);
      expect(await listed({ shipOnFrom: "2026-05-05", shipOnTo: "2026-05-05" })).toEqual(["o3"]);
      expect(await listed({ shipOnFrom: "2026-05-06" })).toEqual([]);
    });

    it("combines filter fields: an order must match every one", async () => {
      const { listed } = await seeded();
      expect(
        await listed({
          states: ["to_ship", "shipped", "completed"],
          customerId: "c1",
          productId: "p2",
        }),
      ).toEqual(["o3"]);
      expect(
        await listed({ channel: "mini_program", paidFrom: "2026-05-01T00:00:00.000Z" }),
      ).toEqual(["o4"]);
      expect(
        await listed({ productId: "p1", skuId: "s2", deliveryMethods: ["self_pickup"] }),
      ).toEqual(["o2"]);
      expect(await listed({ productId: "p1", states: ["shipped"] })).toEqual([]);
      expect(
        await listed({
          cancellationRequested: false,
          logisticsStates: ["not_shipped"],
          shipOnFrom: "2026-05-01",
          customerId: "c2",
        }),
      ).toEqual(["o2"]);
    });

    it("shows a scoped actor only the orders of its stores or its own, and nothing for an empty scope", async () => {
      const { listed } = await seeded();
      const scoped = (...anyOf: Extract<ListFilter, { all: false }>["anyOf"]) =>
        listed({ access: { all: false, anyOf } });
      expect(await scoped({ storeIds: ["st1"] })).toEqual(["o5", "o2"]);
      expect(await scoped({ storeIds: ["st1", "st2"] })).toEqual(["o5", "o3", "o2"]);
      expect(await scoped({ ownerId: "u1" })).toEqual(["o4", "o2"]);
      expect(await scoped({ storeIds: ["st1"], ownerId: "u1" })).toEqual(["o2"]);
      expect(await scoped({ storeIds: ["st2"] }, { ownerId: "u1" })).toEqual(["o4", "o3", "o2"]);
      expect(await scoped({ storeIds: ["st1"] }, { ownerId: "u1" })).toEqual(["o5", "o4", "o2"]);
      expect(await scoped({ ownerId: "u1" }, {})).toEqual(["o4", "o2"]);
      // Fails closed: no scopes, a scope without fields, no stores, or an enterprise (orders have none).
      expect(await scoped()).toEqual([]);
      expect(await scoped({})).toEqual([]);
      expect(await scoped({ storeIds: [] })).toEqual([]);
      expect(await scoped({ enterpriseIds: ["e1"] })).toEqual([]);
      expect(await scoped({ enterpriseIds: ["e1"], storeIds: ["st1"] })).toEqual([]);
      expect(
        await listed({
          access: { all: false, anyOf: [{ storeIds: ["st1"] }] },
          states: ["closed"],
        }),
      ).toEqual(["o5"]);
    });

    it("counts matching orders per state, leaving out states without any", async () => {
      const { tenant } = await seeded();
      const count = (filter: Partial<OrderFilter>) =>
        orders().countByState(tenant, { access: ALL, ...filter });
      expect(await count({})).toEqual({
        unpaid: 1,
        to_ship: 1,
        shipped: 1,
        completed: 1,
        closed: 1,
      });
      expect(await count({ productId: "p1" })).toEqual({ unpaid: 1, to_ship: 1, closed: 1 });
      expect(await count({ access: { all: false, anyOf: [{ storeIds: ["st1"] }] } })).toEqual({
        to_ship: 1,
        closed: 1,
      });
      expect(await count({ access: { all: false, anyOf: [] } })).toEqual({});
      expect(await count({ customerId: "c2", states: ["closed"] })).toEqual({ closed: 1 });
      const more = orderOf(tenant, { lines: [lineOf("l1", "p1", "s1", 1, 1000)] });
      await orders().insert(more);
      expect(await count({ productId: "p1", states: ["unpaid"] })).toEqual({ unpaid: 2 });
    });

    it("pages newest first by id without duplicates or gaps", async () => {
      const tenant = freshTenantId();
      const all: Order[] = [];
      for (let i = 0; i < 23; i++) {
        const order = orderOf(tenant, {
          state: i % 3 === 0 ? "to_ship" : "unpaid",
          total: money(1000 + i, "CNY"),
        });
        all.push(order);
        await orders().insert(order);
      }
      const walk = async (filter: OrderFilter, limit: number) => {
        const seen: string[] = [];
        let beforeId: string | null = null;
        for (;;) {
          const page: Order[] = await orders().list(tenant, filter, { beforeId, limit });
          seen.push(...page.map((order) => order.id));
          if (page.length < limit) return seen;
          beforeId = page[page.length - 1]?.id ?? null;
        }
      };
      const newestFirst = all.map((order) => order.id).reverse();
      expect(await walk({ access: ALL }, 5)).toEqual(newestFirst);
      expect(await walk({ access: ALL }, 23)).toEqual(newestFirst);
      const toShip = all.filter((order) => order.state === "to_ship").map((order) => order.id);
      expect(await walk({ access: ALL, states: ["to_ship"] }, 3)).toEqual(toShip.reverse());
      const middle = newestFirst[10] as string;
      expect(
        (await orders().list(tenant, { access: ALL }, { beforeId: middle, limit: 4 })).map(
          (order) => order.id,
        ),
      ).toEqual(newestFirst.slice(11, 15));
      expect(await orders().list(tenant, { access: ALL }, { beforeId: null, limit: 0 })).toEqual(
        [],
      );
    });
  });
}
