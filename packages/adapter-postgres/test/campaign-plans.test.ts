import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { planOf } from "./support/query-plans.js";
import { lastMatching, recordedStorage } from "./support/recorded-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const PAGE = { beforeId: null, limit: 20 } as const;

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("campaign draw plans (0028)", target), () => {
    it("stores a draw in one statement and reads 20,000 draws through indexes", async () => {
      const { plain, queries, storage, tenant } = await recordedStorage(target);
      // 20,000 draws: 100 campaigns of 200, 10 per account, 10 % winners, 200 physical prizes to ship.
      await sql`
        INSERT INTO onecode_draws (tenant_id, id, campaign_id, activity_batch_id, code, account_id,
          slot, prize_id, prize_kind, prize_name, no_prize_reason, prize_state, receipt, drawn_at,
          claimed_at, claim_by, cdk_key, recipient, shipping, payout_status, paid_amount,
          returned_amount)
        SELECT ${tenant}, 'drw_' || lpad(i::text, 12, '0'), 'cmp_' || (i % 100), 'acb_1',
          'C' || i, 'acc_' || (i % 2000),
          CASE WHEN w THEN i % 6 END, CASE WHEN w THEN 'prz_' || (i % 6) END,
          CASE WHEN s THEN 'physical' WHEN w THEN 'cdk' END, CASE WHEN w THEN 'Prize' END,
          CASE WHEN NOT w THEN 'no_prize' END,
          CASE WHEN s THEN 'claimed' WHEN w THEN 'won' END,
          '{"scope":"campaign","id":"r"}'::jsonb,
          timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute',
          NULL, NULL, NULL, NULL,
          CASE WHEN s THEN '{"status":"pending","courier":null,"trackingNumber":null,"shippedAt":null}'::jsonb END,
          'none', 0, 0
        FROM generate_series(0, 19999) AS i,
          LATERAL (SELECT (i / 100) % 10 = 0 AS w) AS won,
          LATERAL (SELECT (i / 100) % 10 = 0 AND (i / 1000) % 10 = 0 AS s) AS shipped
      `.execute(plain);
      await sql`ANALYZE onecode_draws`.execute(plain);
      const planOfLast = async (pattern: RegExp) => {
        const plan = await planOf(plain, lastMatching(queries, pattern), false);
        expect(plan).not.toMatch(/Seq Scan on onecode_draws/);
        return plan;
      };

      const before = queries.length;
      const draw = await storage.draws.get(tenant, "drw_000000000001");
      expect(draw).not.toBeNull();
      if (!draw) return;
      const fresh = { ...draw, id: "drw_100000000000", code: "NEW-CODE" };
      expect(await storage.draws.insert(fresh)).toBe("inserted");
      expect(await storage.draws.insert({ ...fresh, id: "drw_100000000001" })).toBe("code_played");
      // The hot path: one statement per draw stored (and the get above), no transaction, no read.
      expect(queries.length - before).toBe(3);

      expect((await storage.draws.ofCode(tenant, "C777"))?.id).toBe("drw_000000000777");
      expect(await planOfLast(/where "tenant_id" = \$1 and "code" = \$2/)).toMatch(
        /onecode_draws_code_key/,
      );

      expect(await storage.draws.ofAccount(tenant, "acc_7", PAGE)).toHaveLength(10);
      expect(await planOfLast(/"account_id" = \$2/)).toMatch(/onecode_draws_account_idx/);

      expect(await storage.draws.winners(tenant, { campaignId: "cmp_3" }, PAGE)).toHaveLength(20);
      expect(await planOfLast(/"slot" is not null and "campaign_id"/)).toMatch(
        /onecode_draws_winners_idx/,
      );

      expect(await storage.draws.toShip(tenant, {}, PAGE)).toHaveLength(20);
      expect(await planOfLast(/"prize_kind" = \$2/)).toMatch(/onecode_draws_to_ship_idx/);

      const totals = await storage.draws.totals(tenant, "cmp_3");
      expect(totals.draws).toBe(200);
      expect(totals.bySlot.reduce((sum, slot) => sum + slot.won, 0)).toBe(20);
      await planOfLast(/count\(\*\) FILTER/);
      await planOfLast(/coalesce\(sum\(paid_amount\)/);
      const wins = await storage.draws.winsBySlot(tenant, "cmp_3");
      expect([...wins.values()].reduce((sum, won) => sum + won, 0)).toBe(20);
      await planOfLast(/group by "slot"/);
      // 20,000 rows on PGlite's single in-process connection take a while on a busy machine.
    }, 120_000);
  });
}
