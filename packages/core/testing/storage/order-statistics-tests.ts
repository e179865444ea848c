import { describe, expect, it } from "vitest";
import { money } from "../../src/kernel/money.js";
import type { OrderStatisticsGrouping, OrderStatisticsRow } from "../../src/orders/ports.js";
import { freshTenantId } from "../fixtures.js";
import { lineOf, orderOf, refundRecord } from "./order-kit.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** 2026-05-02 00:00 to 2026-05-05 00:00 in Shanghai (UTC+8). */
const RANGE = { from: "2026-05-01T16:00:00.000Z", to: "2026-05-04T16:00:00.000Z" };

const row = (
  key: string,
  ordersCreated: number,
  ordersPaid: number,
  paidAmount: number,
  refundedAmount: number,
  unitsPaid: number,
): OrderStatisticsRow => ({
  key,
  ordersCreated,
  ordersPaid,
  paidAmount,
  refundedAmount,
  unitsPaid,
});

/**
 * A: created and paid in the range (Shanghai 2 May, UTC 1 May), products p1
 * and p2, one succeeded refund in it (3000: 2399 to p1, 601 to p2), one
 * failed, one succeeded after it. B: paid a millisecond before the range,
 * refunded in it. C: refund 1001 over two equal products (half up: 501 each).
 * D: created in the range's last millisecond, paid exactly at its end. E:
 * after the range, with a refund after it too.
 */
function ordersOf(tenant: string) {
  return [
    orderOf(tenant, {
      state: "to_ship",
      channel: "mini_program",
      lines: [lineOf("l1", "p1", "s1", 2, 3990), lineOf("l2", "p2", "s2", 1, 2000)],
      shipping: money(1000, "CNY"),
      total: money(10980, "CNY"),
      refunds: [
        refundRecord(3000, "2026-05-02T17:00:00.000Z"),
        refundRecord(500, "2026-05-02T18:00:00.000Z", "failed"),
        refundRecord(400, "2026-05-02T18:00:00.000Z", "pending"),
        refundRecord(1000, "2026-05-05T00:00:00.000Z"),
      ],
      refundedTotal: money(4000, "CNY"),
      createdAt: "2026-05-01T17:00:00.000Z",
      paidAt: "2026-05-01T23:30:00.000Z",
    }),
    orderOf(tenant, {
      state: "to_ship",
      channel: "h5",
      lines: [lineOf("l1", "p2", "s2", 3, 2000)],
      total: money(7000, "CNY"),
      refunds: [refundRecord(1500, "2026-05-03T16:30:00.000Z")],
      refundedTotal: money(1500, "CNY"),
      createdAt: "2026-04-30T20:00:00.000Z",
      paidAt: "2026-05-01T15:59:59.999Z",
    }),
    orderOf(tenant, {
      state: "to_ship",
      channel: "pickup_card",
      lines: [lineOf("l1", "p1", "s1", 1, 1000), lineOf("l2", "p3", "s3", 1, 1000)],
      shipping: money(0, "CNY"),
      total: money(2000, "CNY"),
      refunds: [refundRecord(1001, "2026-05-02T16:00:00.000Z")],
      refundedTotal: money(1001, "CNY"),
      createdAt: "2026-05-02T00:30:00.000Z",
      paidAt: "2026-05-02T01:00:00.000Z",
    }),
    orderOf(tenant, {
      state: "to_ship",
      channel: "mini_program",
      lines: [lineOf("l1", "p3", "s3", 4, 1000)],
      total: money(5000, "CNY"),
      createdAt: "2026-05-04T15:59:59.999Z",
      paidAt: "2026-05-04T16:00:00.000Z",
    }),
    orderOf(tenant, {
      lines: [lineOf("l1", "p4", "s4", 1, 1000)],
      refunds: [refundRecord(100, "2026-05-06T00:00:00.000Z")],
      createdAt: "2026-05-05T00:00:00.000Z",
    }),
  ];
}

/** Order statistics: figures per local day, product and channel, computed by the storage. */
export function orderStatisticsTests({ storage }: StorageSuiteContext): void {
  const orders = () => storage().orders;
  const seeded = async () => {
    const tenant = freshTenantId();
    for (const order of ordersOf(tenant)) {
      expect(await orders().insert(order)).toEqual({ outcome: "inserted" });
    }
    // Another tenant's order in the range counts nowhere.
    const [theirs] = ordersOf(freshTenantId());
    if (theirs) await orders().insert(theirs);
    const statistics = (groupBy: OrderStatisticsGrouping, timeZone = "Asia/Shanghai") =>
      orders().statistics(tenant, { ...RANGE, timeZone, groupBy });
    return { tenant, statistics };
  };

  describe("order statistics", () => {
    it("counts each event on its local day in the query's time zone", async () => {
      const { tenant, statistics } = await seeded();
      expect(await statistics("day")).toEqual([
        row("2026-05-02", 2, 2, 12980, 0, 5),
        row("2026-05-03", 0, 0, 0, 4001, 0),
        row("2026-05-04", 1, 0, 0, 1500, 0),
      ]);
      // The same range written with an offset.
      expect(
        await orders().statistics(tenant, {
          from: "2026-05-02T00:00:00+08:00",
          to: "2026-05-05T00:00:00+08:00",
          timeZone: "Asia/Shanghai",
          groupBy: "day",
        }),
      ).toEqual(await statistics("day"));
      expect(await statistics("day", "UTC")).toEqual([
        row("2026-05-01", 1, 1, 10980, 0, 3),
        row("2026-05-02", 1, 1, 2000, 4001, 2),
        row("2026-05-03", 0, 0, 0, 1500, 0),
        row("2026-05-04", 1, 0, 0, 0, 0),
      ]);
    });

    it("counts per product: its lines' amounts and units, and a half-up share of each refund", async () => {
      const { statistics } = await seeded();
      expect(await statistics("product")).toEqual([
        row("p1", 2, 2, 8980, 2399 + 501, 3),
        row("p2", 1, 1, 2000, 601 + 1500, 1),
        row("p3", 2, 1, 1000, 501, 1),
      ]);
    });

    it("counts per channel", async () => {
      const { statistics } = await seeded();
      expect(await statistics("channel")).toEqual([
        row("h5", 0, 0, 0, 1500, 0),
        row("mini_program", 2, 1, 10980, 3000, 3),
        row("pickup_card", 1, 1, 2000, 1001, 2),
      ]);
    });

    it("has no groups for a range without events", async () => {
      const { tenant } = await seeded();
      for (const groupBy of ["day", "product", "channel"] as const) {
        expect(
          await orders().statistics(tenant, {
            from: "2027-01-01T00:00:00.000Z",
            to: "2027-02-01T00:00:00.000Z",
            timeZone: "Asia/Shanghai",
            groupBy,
          }),
        ).toEqual([]);
      }
    });
  });
}
