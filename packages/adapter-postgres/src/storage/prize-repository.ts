import type { PrizeRepository } from "@onecode/core";
import { type Kysely, sql } from "kysely";
import type { OneCodeDatabase } from "../database.js";
import { prizeFromRow, prizeToRow } from "./campaign-row-mapping.js";
import { RollBack, type StatementScope } from "./statement-scope.js";

/** The key `drawId` took of the prize, if any. */
async function keyOfDraw(
  db: Kysely<OneCodeDatabase>,
  tenantId: string,
  prizeId: string,
  drawId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom("onecode_prize_cdk_keys")
    .select("key")
    .where("tenant_id", "=", tenantId)
    .where("prize_id", "=", prizeId)
    .where("draw_id", "=", drawId)
    .executeTakeFirst();
  return row?.key ?? null;
}

/**
 * Prize stocks in `onecode_prizes` and their CDK keys in
 * `onecode_prize_cdk_keys`. Allocation is one UPDATE conditional on the
 * bounds. Handing out a key first bumps the prize's `cdk_handed_out`, whose
 * row lock serialises concurrent takes, then gives that line's key to the
 * draw: keys go out strictly in import order, each to one draw.
 */
export function prizeRepository({ db, atomic }: StatementScope): PrizeRepository {
  const select = (tenantId: string) =>
    db.selectFrom("onecode_prizes").selectAll().where("tenant_id", "=", tenantId);
  return {
    async insert(prize) {
      await db.insertInto("onecode_prizes").values(prizeToRow(prize)).execute();
    },
    async get(tenantId, id) {
      const row = await select(tenantId).where("id", "=", id).executeTakeFirst();
      return row ? prizeFromRow(row) : null;
    },
    async list(tenantId, filter, page) {
      let query = select(tenantId);
      if (filter.kind !== undefined) query = query.where("kind", "=", filter.kind);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(prizeFromRow);
    },
    async update(prize, expectedVersion) {
      const { tenant_id, id, ...changes } = prizeToRow(prize);
      const rows = await db
        .updateTable("onecode_prizes")
        .set(changes)
        .where("tenant_id", "=", tenant_id)
        .where("id", "=", id)
        .where("version", "=", expectedVersion)
        .returning("id")
        .execute();
      return rows.length > 0;
    },
    async allocate(tenantId, id, delta, at) {
      const row = await db
        .updateTable("onecode_prizes")
        .set({
          allocated: sql`allocated + ${delta}::int`,
          version: sql`version + 1`,
          updated_at: at,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where(sql<boolean>`allocated + ${delta}::int BETWEEN 0 AND total_stock`)
        .returningAll()
        .executeTakeFirst();
      if (row) return { outcome: "allocated", prize: prizeFromRow(row) };
      const current = await select(tenantId).where("id", "=", id).executeTakeFirst();
      return current
        ? { outcome: "short", available: current.total_stock - current.allocated }
        : { outcome: "not_found" };
    },
    async addCdkKeys(tenantId, id, keys, at) {
      return atomic(async (tx) => {
        // The prize row's lock orders concurrent imports, so their lines never collide.
        const prize = await tx
          .updateTable("onecode_prizes")
          .set({
            total_stock: sql`total_stock + ${keys.length}::int`,
            version: sql`version + 1`,
            updated_at: at,
          })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .returning("total_stock")
          .executeTakeFirst();
        if (!prize) return 0;
        if (keys.length > 0) {
          await sql`
            INSERT INTO onecode_prize_cdk_keys (tenant_id, prize_id, line, key)
            SELECT ${tenantId}, ${id}, last.line + k.n, k.key
            FROM unnest(${[...keys]}::text[]) WITH ORDINALITY AS k(key, n),
              (SELECT coalesce(max(line), 0) AS line FROM onecode_prize_cdk_keys
                WHERE tenant_id = ${tenantId} AND prize_id = ${id}) AS last
          `.execute(tx);
        }
        return prize.total_stock;
      });
    },
    async existingCdkKeys(tenantId, id, keys) {
      if (keys.length === 0) return [];
      const rows = await db
        .selectFrom("onecode_prize_cdk_keys")
        .select("key")
        .where("tenant_id", "=", tenantId)
        .where("prize_id", "=", id)
        .where("key", "=", sql<string>`ANY(${[...keys]}::text[])`)
        .execute();
      const found = new Set(rows.map((row) => row.key));
      return keys.filter((key) => found.has(key));
    },
    async takeCdkKey(tenantId, id, drawId, at) {
      const earlier = await keyOfDraw(db, tenantId, id, drawId);
      if (earlier !== null) return earlier;
      const taken = await atomic(async (tx) => {
        const bumped = await tx
          .updateTable("onecode_prizes")
          .set({
            cdk_handed_out: sql`cdk_handed_out + 1`,
            version: sql`version + 1`,
            updated_at: at,
          })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .returning("cdk_handed_out")
          .executeTakeFirst();
        if (!bumped) throw new RollBack(null);
        // Under the prize's lock: a take by the same draw that committed meanwhile is seen here.
        const key = await tx
          .updateTable("onecode_prize_cdk_keys")
          .set({ draw_id: drawId })
          .where("tenant_id", "=", tenantId)
          .where("prize_id", "=", id)
          .where("line", "=", bumped.cdk_handed_out)
          .where("draw_id", "is", null)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom("onecode_prize_cdk_keys as mine")
                  .select("mine.line")
                  .where("mine.tenant_id", "=", tenantId)
                  .where("mine.prize_id", "=", id)
                  .where("mine.draw_id", "=", drawId),
              ),
            ),
          )
          .returning("key")
          .executeTakeFirst();
        // No key at that line (all gone) or the draw got one meanwhile: undo the bump.
        if (!key) throw new RollBack(null);
        return key.key;
      });
      return taken ?? keyOfDraw(db, tenantId, id, drawId);
    },
    async addFundsMovement(tenantId, id, movement, at) {
      await db
        .updateTable("onecode_prizes")
        .set({
          funds_settled: sql`funds_settled + ${movement.settled}::bigint`,
          funds_released: sql`funds_released + ${movement.released}::bigint`,
          // A presentation edit read before this movement must not write the old totals back.
          version: sql`version + 1`,
          updated_at: at,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("funds_status", "is not", null)
        .execute();
    },
  };
}
