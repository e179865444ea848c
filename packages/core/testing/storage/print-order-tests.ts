import { describe, expect, it } from "vitest";
import { freshTenantId, printOrderRecord } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-05-01T00:00:00.000Z";

export function printOrderTests({ storage }: StorageSuiteContext): void {
  describe("print orders", () => {
    it("stores an order and reads every field back unchanged", async () => {
      const tenant = freshTenantId();
      const order = printOrderRecord(tenant, ["pkg_a", "pkg_b"]);
      await storage().printOrders.insert(order);
      expect(await storage().printOrders.get(tenant, order.id)).toEqual(order);
      const flat = printOrderRecord(tenant, ["pkg_c"], {
        finish: "plain",
        quote: {
          packagingCodes: 0,
          itemCodes: 0,
          packagingPrice: { amount: 0, currency: "CNY" },
          itemPrice: { amount: 0, currency: "CNY" },
          itemTier: null,
          total: { amount: 0, currency: "CNY" },
        },
      });
      await storage().printOrders.insert(flat);
      expect(await storage().printOrders.get(tenant, flat.id)).toEqual(flat);
      expect(
        await storage().printOrders.get(tenant, "print_00000000000000000000000000"),
      ).toBeNull();
    });

    it("lists newest first, optionally of one status, paged", async () => {
      const tenant = freshTenantId();
      const orders = [];
      for (const status of ["pending", "shipped", "pending"] as const) {
        const order = printOrderRecord(tenant, ["pkg_a"], { status });
        await storage().printOrders.insert(order);
        orders.push(order.id);
      }
      const list = (filter: object, beforeId: string | null = null, limit = 50) =>
        storage()
          .printOrders.list(tenant, filter, { limit, beforeId })
          .then((rows) => rows.map((row) => row.id));
      expect(await list({})).toEqual([...orders].reverse());
      expect(await list({ status: "pending" })).toEqual([orders[2], orders[0]]);
      expect(await list({ status: "printing" })).toEqual([]);
      expect(await list({}, orders[2] ?? null, 1)).toEqual([orders[1]]);
    });

    it("moves an order only from the expected status, changing nothing else", async () => {
      const tenant = freshTenantId();
      const order = printOrderRecord(tenant, ["pkg_a"]);
      await storage().printOrders.insert(order);
      const move = storage().printOrders.transition;
      expect(
        await move(tenant, order.id, "printing", {
          status: "shipped",
          trackingNumber: "SF1",
          updatedAt: AT,
        }),
      ).toEqual({ outcome: "wrong_status", status: "pending" });
      const printing = { ...order, status: "printing" as const, updatedAt: AT };
      expect(
        await move(tenant, order.id, "pending", { status: "printing", updatedAt: AT }),
      ).toEqual({
        outcome: "updated",
        order: printing,
      });
      const shipped = await move(tenant, order.id, "printing", {
        status: "shipped",
        trackingNumber: "SF 1234'567",
        courier: "顺丰 SF",
        updatedAt: AT,
      });
      expect(shipped).toEqual({
        outcome: "updated",
        order: {
          ...printing,
          status: "shipped",
          trackingNumber: "SF 1234'567",
          courier: "顺丰 SF",
        },
      });
      expect(await storage().printOrders.get(tenant, order.id)).toEqual(
        (shipped as { order: unknown }).order,
      );
      expect(
        await move(tenant, "print_00000000000000000000000000", "pending", {
          status: "printing",
          updatedAt: AT,
        }),
      ).toEqual({ outcome: "not_found" });
    });

    it("lets exactly one of many parallel moves from the same status win", async () => {
      const tenant = freshTenantId();
      const order = printOrderRecord(tenant, ["pkg_a"]);
      await storage().printOrders.insert(order);
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          storage().printOrders.transition(tenant, order.id, "pending", {
            status: "printing",
            updatedAt: AT,
          }),
        ),
      );
      expect(results.filter((result) => result.outcome === "updated")).toHaveLength(1);
      for (const result of results.filter((r) => r.outcome !== "updated")) {
        expect(result).toEqual({ outcome: "wrong_status", status: "printing" });
      }
    });
  });
}
