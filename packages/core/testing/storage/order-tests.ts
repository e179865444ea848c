import { describe, expect, it } from "vitest";
import type { Order } from "../../src/orders/order.js";
import { freshTenantId } from "../fixtures.js";
import { ALL, orderOf, richOrder } from "./order-kit.js";
import type { StorageSuiteContext } from "./suite-context.js";

const PAGE = { beforeId: null, limit: 100 } as const;

/** Orders: every field kept, unique numbers and codes, lookups, compare-and-set, tenant isolation, rollback. */
export function orderTests({ storage }: StorageSuiteContext): void {
  const orders = () => storage().orders;
  const stored = async (...records: Order[]) => {
    for (const order of records) {
      expect(await orders().insert(order)).toEqual({ outcome: "inserted" });
    }
  };
  const changed = (order: Order, overrides: Partial<Order>): Order => ({
    ...order,
    version: order.version + 1,
    ...overrides,
  });

  describe("orders", () => {
    it("keeps every field of an order, found by id, number and verification code", async () => {
      const tenant = freshTenantId();
      const rich = richOrder(tenant);
      const plain = orderOf(tenant);
      await stored(rich, plain);
      expect(await orders().get(tenant, rich.id)).toEqual(rich);
      expect(await orders().get(tenant, plain.id)).toEqual(plain);
      expect(await orders().getByNumber(tenant, rich.number)).toEqual(rich);
      expect(await orders().getByNumber(tenant, plain.number)).toEqual(plain);
      const code = rich.verification?.code ?? "";
      expect(await orders().getByVerificationCode(tenant, code)).toEqual(rich);
      expect(await orders().get(tenant, "ord_missing")).toBeNull();
      expect(await orders().getByNumber(tenant, "20260501000000000")).toBeNull();
      expect(await orders().getByVerificationCode(tenant, "000000000000")).toBeNull();
    });

    it("refuses a number or a verification code the tenant has, writing nothing", async () => {
      const tenant = freshTenantId();
      const first = richOrder(tenant);
      await stored(first, orderOf(tenant), orderOf(tenant));
      const sameNumber = orderOf(tenant, { number: first.number });
      expect(await orders().insert(sameNumber)).toEqual({ outcome: "number_taken" });
      expect(await orders().get(tenant, sameNumber.id)).toBeNull();
      const sameCode = orderOf(tenant, {
        verification: { code: first.verification?.code ?? "", verifiedAt: null, verifiedBy: null },
      });
      expect(await orders().insert(sameCode)).toEqual({ outcome: "verification_code_taken" });
      expect(await orders().get(tenant, sameCode.id)).toBeNull();
      // Orders without a code never collide; another tenant may use the same number and code.
      const other = freshTenantId();
      await stored({ ...first, tenantId: other });
      expect(await orders().get(other, first.id)).toEqual({ ...first, tenantId: other });
      expect(await orders().list(tenant, { access: ALL }, PAGE)).toHaveLength(3);
    });

    it("lets exactly one of concurrent inserts of a number in", async () => {
      const tenant = freshTenantId();
      const number = "202605019999999999";
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => orders().insert(orderOf(tenant, { number }))),
      );
      expect(outcomes.filter((o) => o.outcome === "inserted")).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === "number_taken")).toHaveLength(9);
      expect(await orders().list(tenant, { access: ALL, number }, PAGE)).toHaveLength(1);
    });

    it("replaces every field but the number and creation time when the version matches", async () => {
      const tenant = freshTenantId();
      const plain = orderOf(tenant);
      await stored(plain);
      const next = richOrder(tenant, {
        id: plain.id,
        number: "209901010000000001",
        version: 2,
        createdAt: "2030-01-01T00:00:00.000Z",
      });
      expect(await orders().update(next, 1)).toBe(true);
      const expected = { ...next, number: plain.number, createdAt: plain.createdAt };
      expect(await orders().get(tenant, plain.id)).toEqual(expected);
      expect(await orders().getByNumber(tenant, plain.number)).toEqual(expected);
      expect(await orders().getByNumber(tenant, next.number)).toBeNull();
      const code = next.verification?.code ?? "";
      expect(await orders().getByVerificationCode(tenant, code)).toEqual(expected);
      // Back to no code, no refunds, no cancellation request: the derived columns follow.
      const cleared = changed(expected, {
        verification: null,
        refunds: [],
        cancellationRequest: null,
        lines: plain.lines,
        delivery: plain.delivery,
        ownerId: null,
      });
      expect(await orders().update(cleared, 2)).toBe(true);
      expect(await orders().get(tenant, plain.id)).toEqual(cleared);
      expect(await orders().getByVerificationCode(tenant, code)).toBeNull();
      expect(await orders().list(tenant, { access: ALL, productId: "prd_cup" }, PAGE)).toEqual([]);
      expect(
        await orders().list(tenant, { access: ALL, cancellationRequested: true }, PAGE),
      ).toEqual([]);
    });

    it("refuses a stale version or a missing order, writing nothing", async () => {
      const tenant = freshTenantId();
      const order = orderOf(tenant);
      await stored(order);
      expect(await orders().update(changed(order, { state: "to_ship", version: 3 }), 2)).toBe(
        false,
      );
      expect(await orders().update(changed(order, { state: "to_ship", version: 1 }), 0)).toBe(
        false,
      );
      expect(await orders().get(tenant, order.id)).toEqual(order);
      expect(await orders().update(orderOf(tenant, { version: 2 }), 1)).toBe(false);
      const next = changed(order, { state: "closed", closeReason: "buyer_cancelled" });
      expect(await orders().update(next, 1)).toBe(true);
      // The version read before that change is stale now.
      expect(await orders().update(changed(order, { buyerNote: "late" }), 1)).toBe(false);
      expect(await orders().get(tenant, order.id)).toEqual(next);
    });

    it("lets exactly one of 20 concurrent changes from one version land, and stores that one", async () => {
      const tenant = freshTenantId();
      const order = orderOf(tenant);
      await stored(order);
      const attempts = Array.from({ length: 20 }, (_, i) =>
        changed(order, { buyerNote: `attempt ${i}`, updatedAt: "2026-05-01T03:00:00.000Z" }),
      );
      const results = await Promise.all(attempts.map((next) => orders().update(next, 1)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = attempts[results.indexOf(true)];
      expect(await orders().get(tenant, order.id)).toEqual(winner);
    });

    it("undoes inserts and changes made in a transaction that fails", async () => {
      const tenant = freshTenantId();
      const kept = orderOf(tenant);
      await stored(kept);
      const added = richOrder(tenant);
      await expect(
        storage().transaction(async (tx) => {
          expect(await tx.orders.insert(added)).toEqual({ outcome: "inserted" });
          expect(await tx.orders.update(changed(kept, { state: "to_ship" }), 1)).toBe(true);
          // A refused insert leaves the transaction usable.
          expect(await tx.orders.insert(orderOf(tenant, { number: kept.number }))).toEqual({
            outcome: "number_taken",
          });
          expect(await tx.orders.get(tenant, kept.id)).toMatchObject({ state: "to_ship" });
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await orders().get(tenant, added.id)).toBeNull();
      expect(await orders().getByNumber(tenant, added.number)).toBeNull();
      expect(await orders().get(tenant, kept.id)).toEqual(kept);
      // The number and code of the undone insert are free again.
      expect(await orders().insert(added)).toEqual({ outcome: "inserted" });
    });

    it("keeps each tenant's orders to itself in every method", async () => {
      const [mine, theirs] = [freshTenantId(), freshTenantId()];
      const order = richOrder(mine, { createdAt: "2026-05-01T02:00:00.000Z" });
      await stored(order);
      const code = order.verification?.code ?? "";
      expect(await orders().get(theirs, order.id)).toBeNull();
      expect(await orders().getByNumber(theirs, order.number)).toBeNull();
      expect(await orders().getByVerificationCode(theirs, code)).toBeNull();
      expect(await orders().update(changed({ ...order, tenantId: theirs }, {}), 1)).toBe(false);
      expect(await orders().list(theirs, { access: ALL }, PAGE)).toEqual([]);
      expect(await orders().countByState(theirs, { access: ALL })).toEqual({});
      const range = {
        from: "2026-04-01T00:00:00.000Z",
        to: "2026-06-01T00:00:00.000Z",
        timeZone: "UTC",
      };
      for (const groupBy of ["day", "product", "channel"] as const) {
        expect(await orders().statistics(theirs, { ...range, groupBy })).toEqual([]);
        expect((await orders().statistics(mine, { ...range, groupBy })).length).toBeGreaterThan(0);
      }
      expect(await orders().get(mine, order.id)).toEqual(order);
      // Their own order may reuse the number and the code.
      const twin = orderOf(theirs, {
        number: order.number,
        verification: { code, verifiedAt: null, verifiedBy: null },
      });
      expect(await orders().insert(twin)).toEqual({ outcome: "inserted" });
      expect(await orders().getByVerificationCode(theirs, code)).toEqual(twin);
      expect(await orders().getByVerificationCode(mine, code)).toEqual(order);
    });
  });
}
