import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { planOf } from "./support/query-plans.js";
import { lastMatching, recordedStorage } from "./support/recorded-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const ALL = { all: true } as const;
const PAGE = { beforeId: null, limit: 20 } as const;

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("order plans (0020)", target), () => {
    it("lists, counts and sums among 10,000 orders through indexes, not by reading the table", async () => {
      const { plain, queries, storage, tenant } = await recordedStorage(target);
      // 10,000 orders over 208 days: 1 % to ship, 10 per customer, 20 per product, 27 per ship-on date.
      await sql`
        INSERT INTO onecode_orders (tenant_id, id, number, version, state, logistics_state,
          customer_id, owner_id, channel, delivery_method, store_id, ship_on, address, lines,
          product_ids, sku_ids, stock, currency, goods_total, adjustments, shipping, total,
          price_version, refunds, refunded_total, shipments, created_at, updated_at, paid_at)
        SELECT ${tenant}, 'ord_' || lpad(i::text, 12, '0'), '2026' || lpad(i::text, 14, '0'), 1,
          CASE WHEN i % 100 = 0 THEN 'to_ship' ELSE 'completed' END, 'not_shipped',
          'c' || (i % 1000), 'u' || (i % 50), 'mini_program', 'self_pickup', 'st' || (i % 20),
          date '2026-01-01' + (i % 365), '{}'::jsonb,
          jsonb_build_array(jsonb_build_object('lineId', 'l1', 'productId', 'p' || (i % 500),
            'skuId', 's' || (i % 2000), 'quantity', 1,
            'amount', jsonb_build_object('amount', 1000, 'currency', 'CNY'))),
          ARRAY['p' || (i % 500)], ARRAY['s' || (i % 2000)], 'committed', 'CNY', 1000, '[]'::jsonb,
          0, 1000, 1, '[]'::jsonb, 0, '[]'::jsonb,
          timestamptz '2026-01-01T00:00:00Z' + i * interval '30 minutes',
          timestamptz '2026-01-01T00:00:00Z' + i * interval '30 minutes',
          timestamptz '2026-01-01T00:05:00Z' + i * interval '30 minutes'
        FROM generate_series(0, 9999) AS i
      `.execute(plain);
      await sql`ANALYZE onecode_orders`.execute(plain);
      const planOfLast = async (pattern: RegExp) => {
        const plan = await planOf(plain, lastMatching(queries, pattern), false);
        expect(plan).not.toMatch(/Seq Scan on onecode_orders/);
        return plan;
      };

      expect(
        await storage.orders.list(tenant, { access: ALL, states: ["to_ship"] }, PAGE),
      ).toHaveLength(20);
      expect(await planOfLast(/from "onecode_orders"/)).toMatch(/onecode_orders_state_idx/);

      expect(
        await storage.orders.list(tenant, { access: ALL, customerId: "c7" }, PAGE),
      ).toHaveLength(10);
      expect(await planOfLast(/from "onecode_orders"/)).toMatch(/onecode_orders_customer_idx/);

      expect(
        await storage.orders.list(tenant, { access: ALL, productId: "p7" }, PAGE),
      ).toHaveLength(20);
      expect(await planOfLast(/from "onecode_orders"/)).toMatch(/onecode_orders_product_ids_idx/);

      const shipOn = { access: ALL, shipOnFrom: "2026-03-01", shipOnTo: "2026-03-01" };
      expect(await storage.orders.list(tenant, shipOn, PAGE)).toHaveLength(20);
      expect(await planOfLast(/from "onecode_orders"/)).toMatch(/onecode_orders_ship_on_idx/);

      const scoped = { all: false, anyOf: [{ storeIds: ["st3"], ownerId: "u3" }] } as const;
      expect(await storage.orders.countByState(tenant, { access: scoped })).toEqual({
        completed: 100,
      });
      await planOfLast(/count\(\*\)/);

      const day = { from: "2026-03-01T00:00:00.000Z", to: "2026-03-02T00:00:00.000Z" };
      for (const groupBy of ["day", "product", "channel"] as const) {
        const rows = await storage.orders.statistics(tenant, { ...day, timeZone: "UTC", groupBy });
        expect(rows.reduce((sum, row) => sum + row.ordersCreated, 0)).toBe(48);
        const plan = await planOfLast(/jsonb_array_elements/);
        expect(plan).toMatch(/onecode_orders_created_idx/);
        expect(plan).toMatch(/onecode_orders_paid_idx/);
      }
      // 10,000 rows on PGlite's single in-process connection take a while on a busy machine.
    }, 120_000);
  });
}
