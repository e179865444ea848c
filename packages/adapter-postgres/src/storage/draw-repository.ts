import type { Draw, DrawInsert, DrawRepository, DrawTotals } from "@onecode/core";
import { sql } from "kysely";
import { countFromColumn } from "../database.js";
import { drawFromRow, drawToRow } from "./campaign-row-mapping.js";
import { ReadBatcher } from "./read-batcher.js";
import type { StatementScope } from "./statement-scope.js";

/** Most draws one shared INSERT writes. */
const MAX_DRAWS_PER_INSERT = 256;

/**
 * Group commit of draws outside transactions: the draws stored during one
 * event-loop turn go into one multi-row INSERT … ON CONFLICT DO NOTHING
 * (one statement, one commit) instead of one statement apiece; under load
 * that divides the round trips and commits of the hottest write by the
 * number of concurrent draws. Each draw still resolves only once the
 * statement holding it committed, and learns whether it was stored or its
 * code had a draw already (a second draw of a code in the same statement is
 * skipped by the conflict clause like any other). A failed statement fails
 * every draw it held, and each of them gives its grant back.
 */
export function drawInsertBatcher({ db }: StatementScope): ReadBatcher<Draw, DrawInsert> {
  return new ReadBatcher(async (draws) => {
    const rows = await db
      .insertInto("onecode_draws")
      .values(draws.map(drawToRow))
      .onConflict((conflict) => conflict.constraint("onecode_draws_code_key").doNothing())
      .returning("id")
      .execute();
    const stored = new Set(rows.map((row) => row.id));
    return draws.map((draw) => (stored.has(draw.id) ? "inserted" : "code_played"));
  }, MAX_DRAWS_PER_INSERT);
}

/**
 * Draws in `onecode_draws`, one per code by the `(tenant_id, code)` key.
 * Storing a draw is a single INSERT … ON CONFLICT DO NOTHING (it runs for
 * every consumer draw; outside transactions concurrent draws share one, see
 * {@link drawInsertBatcher}); claims and expiries are UPDATEs conditional on the
 * prize state; figures are aggregated by the database.
 */
export function drawRepository(
  { db }: StatementScope,
  sharedInserts?: ReadBatcher<Draw, DrawInsert>,
): DrawRepository {
  const select = (tenantId: string) =>
    db.selectFrom("onecode_draws").selectAll().where("tenant_id", "=", tenantId);
  const get = async (tenantId: string, id: string): Promise<Draw | null> => {
    const row = await select(tenantId).where("id", "=", id).executeTakeFirst();
    return row ? drawFromRow(row) : null;
  };
  const page = <Q extends ReturnType<typeof select>>(
    query: Q,
    { beforeId, limit }: { beforeId: string | null; limit: number },
  ) =>
    (beforeId === null ? query : query.where("id", "<", beforeId))
      .orderBy("id", "desc")
      .limit(limit);
  return {
    async insert(draw) {
      if (sharedInserts) return sharedInserts.load(draw);
      const rows = await db
        .insertInto("onecode_draws")
        .values(drawToRow(draw))
        .onConflict((conflict) => conflict.constraint("onecode_draws_code_key").doNothing())
        .returning("id")
        .execute();
      return rows.length > 0 ? "inserted" : "code_played";
    },
    get,
    async ofCode(tenantId, code) {
      const row = await select(tenantId).where("code", "=", code).executeTakeFirst();
      return row ? drawFromRow(row) : null;
    },
    async ofAccount(tenantId, accountId, pageQuery) {
      const rows = await page(
        select(tenantId).where("account_id", "=", accountId),
        pageQuery,
      ).execute();
      return rows.map(drawFromRow);
    },
    async winners(tenantId, filter, pageQuery) {
      let query = select(tenantId).where("slot", "is not", null);
      if (filter.campaignId !== undefined)
        query = query.where("campaign_id", "=", filter.campaignId);
      if (filter.prizeId !== undefined) query = query.where("prize_id", "=", filter.prizeId);
      if (filter.prizeKind !== undefined) query = query.where("prize_kind", "=", filter.prizeKind);
      if (filter.prizeState !== undefined)
        query = query.where("prize_state", "=", filter.prizeState);
      if (filter.accountId !== undefined) query = query.where("account_id", "=", filter.accountId);
      if (filter.drawnFrom !== undefined) {
        query = query.where("drawn_at", ">=", new Date(filter.drawnFrom));
      }
      if (filter.drawnUntil !== undefined) {
        query = query.where("drawn_at", "<", new Date(filter.drawnUntil));
      }
      const rows = await page(query, pageQuery).execute();
      return rows.map(drawFromRow);
    },
    async toShip(tenantId, filter, pageQuery) {
      // The to-ship partial index's predicate, spelt the same.
      let query = select(tenantId)
        .where("prize_kind", "=", "physical")
        .where("prize_state", "=", "claimed")
        .where("shipping", "is not", null);
      if (filter.campaignId !== undefined)
        query = query.where("campaign_id", "=", filter.campaignId);
      if (filter.status !== undefined) {
        query = query.where(sql<string>`shipping->>'status'`, "=", filter.status);
      }
      const rows = await page(query, pageQuery).execute();
      return rows.map(drawFromRow);
    },
    async claim(tenantId, id, fields) {
      const row = await db
        .updateTable("onecode_draws")
        .set({
          prize_state: "claimed",
          claimed_at: fields.claimedAt,
          cdk_key: fields.cdkKey,
          recipient: fields.recipient === null ? null : JSON.stringify(fields.recipient),
          shipping: fields.shipping === null ? null : JSON.stringify(fields.shipping),
          payout_status: fields.payoutStatus,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("prize_state", "=", "won")
        .returningAll()
        .executeTakeFirst();
      if (row) return { outcome: "claimed", draw: drawFromRow(row) };
      const current = await get(tenantId, id);
      return current ? { outcome: "not_claimable", draw: current } : { outcome: "not_found" };
    },
    async expire(tenantId, id, _at) {
      const rows = await db
        .updateTable("onecode_draws")
        .set({ prize_state: "expired" })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("prize_state", "=", "won")
        .returning("id")
        .execute();
      return rows.length > 0;
    },
    async setPayout(tenantId, id, payout) {
      const row = await db
        .updateTable("onecode_draws")
        .set({
          payout_status: payout.status,
          ...(payout.paidAmount === undefined ? {} : { paid_amount: payout.paidAmount }),
          ...(payout.returnedAmount === undefined
            ? {}
            : { returned_amount: payout.returnedAmount }),
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst();
      return row ? drawFromRow(row) : null;
    },
    async setShipping(tenantId, id, shipping) {
      const row = await db
        .updateTable("onecode_draws")
        .set({ shipping: JSON.stringify(shipping) })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst();
      return row ? drawFromRow(row) : null;
    },
    async delete(tenantId, id) {
      const rows = await db
        .deleteFrom("onecode_draws")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .returning("id")
        .execute();
      return rows.length > 0;
    },
    async totals(tenantId, campaignId): Promise<DrawTotals> {
      const all = await db
        .selectFrom("onecode_draws")
        .select([
          sql<string>`count(*)`.as("draws"),
          sql<string>`coalesce(sum(paid_amount), 0)`.as("paid"),
          sql<string>`coalesce(sum(returned_amount), 0)`.as("returned"),
        ])
        .where("tenant_id", "=", tenantId)
        .where("campaign_id", "=", campaignId)
        .executeTakeFirstOrThrow();
      const slots = await db
        .selectFrom("onecode_draws")
        .select([
          "slot",
          sql<string>`count(*)`.as("won"),
          sql<string>`count(*) FILTER (WHERE prize_state = 'claimed')`.as("claimed"),
        ])
        .where("tenant_id", "=", tenantId)
        .where("campaign_id", "=", campaignId)
        .where("slot", "is not", null)
        .groupBy("slot")
        .orderBy("slot")
        .execute();
      return {
        draws: countFromColumn(all.draws),
        bySlot: slots.map((row) => ({
          slot: row.slot as number,
          won: countFromColumn(row.won),
          claimed: countFromColumn(row.claimed),
        })),
        paid: countFromColumn(all.paid),
        returned: countFromColumn(all.returned),
      };
    },
    async winsBySlot(tenantId, campaignId) {
      const rows = await db
        .selectFrom("onecode_draws")
        .select(["slot", sql<string>`count(*)`.as("won")])
        .where("tenant_id", "=", tenantId)
        .where("campaign_id", "=", campaignId)
        .where("slot", "is not", null)
        .groupBy("slot")
        .orderBy("slot")
        .execute();
      return new Map(rows.map((row) => [row.slot as number, countFromColumn(row.won)]));
    },
  };
}
