import type { CouponClaim, CouponIssue, CouponRepository, ReusableUse } from "@onecode/core";
import { type Kysely, sql } from "kysely";
import type { OneCodeDatabase } from "../database.js";
import { countFromColumn } from "../database.js";
import {
  couponCodeFromRow,
  couponCodeToRow,
  couponFromRow,
  couponToRow,
} from "./coupon-row-mapping.js";
import { isoTimestamp } from "./row-mapping.js";
import { UNIQUE_VIOLATION } from "./sql-errors.js";
import { RollBack, type StatementScope, transactionScope } from "./statement-scope.js";

/** The advisory-lock class of per-customer claim locks (two-key form, apart from other locks). */
const CLAIM_LOCK_CLASS = 0x0c0de023;
/** Codes per multi-row INSERT (11 parameters each, under the 65,535 limit). */
const INSERT_CHUNK = 2_000;

type Db = Kysely<OneCodeDatabase>;

/** Takes up to `count` unassigned codes of the coupon, locking them and skipping those another hand-out holds. */
async function lockUnassigned(db: Db, tenantId: string, couponId: string, count: number) {
  const rows = await sql<{ id: string }>`
    SELECT id FROM onecode_coupon_codes
    WHERE tenant_id = ${tenantId} AND coupon_id = ${couponId} AND state = 'unassigned'
    ORDER BY id LIMIT ${count}
    FOR UPDATE SKIP LOCKED
  `.execute(db);
  return rows.rows.map((row) => row.id);
}

/**
 * Whether the coupon is a published normal coupon, read under `FOR SHARE`:
 * an abandon (an UPDATE of the row) waits for the hand-out to commit, so no
 * code leaves a coupon after it was abandoned.
 */
async function publishedNormal(db: Db, tenantId: string, couponId: string): Promise<boolean> {
  const rows = await sql<{ status: string; kind: string }>`
    SELECT status, kind FROM onecode_coupons WHERE tenant_id = ${tenantId} AND id = ${couponId}
    FOR SHARE
  `.execute(db);
  const row = rows.rows[0];
  return row?.status === "published" && row.kind === "normal";
}

async function unassignedCount(db: Db, tenantId: string, couponId: string): Promise<number> {
  const row = await db
    .selectFrom("onecode_coupon_codes")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("tenant_id", "=", tenantId)
    .where("coupon_id", "=", couponId)
    .where("state", "=", "unassigned")
    .executeTakeFirst();
  return countFromColumn((row?.n ?? 0) as number);
}

/**
 * Coupons in `onecode_coupons`, `onecode_coupon_codes`, `onecode_coupon_uses`
 * and `onecode_coupon_settings` (migration 0023). A hand-out locks the
 * unassigned codes it takes with `FOR UPDATE SKIP LOCKED` and moves them in
 * one UPDATE, so concurrent hand-outs never share a code; claims of one
 * customer and coupon are serialized by a transaction-scoped advisory lock,
 * so the per-customer count is read and written under it; a use is an
 * UPDATE whose WHERE is the whole check; a reusable use increments the
 * coupon's count conditionally, which also locks the coupon row while the
 * customer's uses are counted.
 */
export function couponRepository(scope: StatementScope): CouponRepository {
  const { db } = scope;
  const getCoupon = async (tenantId: string, id: string) => {
    const row = await db
      .selectFrom("onecode_coupons")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? couponFromRow(row) : null;
  };
  return {
    insert(coupon, codes) {
      return scope.atomic(async (db) => {
        const texts = [coupon.code, ...codes.map((code) => code.code)].filter(
          (text): text is string => text !== null,
        );
        for (let start = 0; start < texts.length; start += INSERT_CHUNK) {
          const chunk = texts.slice(start, start + INSERT_CHUNK);
          const taken = await sql<{ code: string }>`
            SELECT code FROM onecode_coupon_codes WHERE tenant_id = ${coupon.tenantId} AND code = ANY(${chunk}::text[])
            UNION ALL
            SELECT code FROM onecode_coupons WHERE tenant_id = ${coupon.tenantId} AND code = ANY(${chunk}::text[])
            LIMIT 1
          `.execute(db);
          const first = taken.rows[0];
          if (first) return { outcome: "code_taken" as const, code: first.code };
        }
        await db
          .insertInto("onecode_coupons")
          .values({
            ...couponToRow(coupon),
            value: sql`${JSON.stringify(coupon.value)}::jsonb`,
            scope: sql`${JSON.stringify(coupon.scope)}::jsonb`,
          } as never)
          .execute();
        for (let start = 0; start < codes.length; start += INSERT_CHUNK) {
          const chunk = codes.slice(start, start + INSERT_CHUNK).map(couponCodeToRow);
          const inserted = await transactionScope(db).tolerate(
            (db) => db.insertInto("onecode_coupon_codes").values(chunk).execute(),
            [UNIQUE_VIOLATION],
          );
          // A code inserted concurrently by another coupon, or repeated within the batch.
          if (!inserted.ok) {
            throw new RollBack({ outcome: "code_taken" as const, code: chunk[0]?.code ?? "" });
          }
        }
        return { outcome: "inserted" as const };
      });
    },

    get: getCoupon,

    async getByClaimToken(tenantId, claimToken) {
      const row = await db
        .selectFrom("onecode_coupons")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("claim_token", "=", claimToken)
        .executeTakeFirst();
      return row ? couponFromRow(row) : null;
    },

    async getByReusableCode(tenantId, code) {
      const row = await db
        .selectFrom("onecode_coupons")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("kind", "=", "reusable")
        .where("code", "=", code)
        .executeTakeFirst();
      return row ? couponFromRow(row) : null;
    },

    async list(tenantId, filter, page) {
      let query = db.selectFrom("onecode_coupons").selectAll().where("tenant_id", "=", tenantId);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      if (filter.kind !== undefined) query = query.where("kind", "=", filter.kind);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(couponFromRow);
    },

    async update(tenantId, id, expectedStatus, changes) {
      const set: Record<string, unknown> = { updated_at: changes.updatedAt };
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.status !== undefined) set.status = changes.status;
      if (changes.value !== undefined) set.value = sql`${JSON.stringify(changes.value)}::jsonb`;
      if (changes.threshold !== undefined) set.threshold = changes.threshold;
      if (changes.validFrom !== undefined) set.valid_from = changes.validFrom;
      if (changes.validUntil !== undefined) set.valid_until = changes.validUntil;
      if (changes.scope !== undefined) set.scope = sql`${JSON.stringify(changes.scope)}::jsonb`;
      if (changes.perCustomerLimit !== undefined) set.per_customer_limit = changes.perCustomerLimit;
      if (changes.useLimit !== undefined) set.use_limit = changes.useLimit;
      if (changes.publishedAt !== undefined) set.published_at = changes.publishedAt;
      if (changes.abandonedAt !== undefined) set.abandoned_at = changes.abandonedAt;
      const row = await db
        .updateTable("onecode_coupons")
        .set(set as never)
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("status", "=", expectedStatus)
        .returningAll()
        .executeTakeFirst();
      return row ? couponFromRow(row) : null;
    },

    delete(tenantId, id) {
      return scope.atomic(async (db) => {
        const coupon = await sql<{ use_count: string | number }>`
          SELECT use_count FROM onecode_coupons WHERE tenant_id = ${tenantId} AND id = ${id} FOR UPDATE
        `.execute(db);
        const row = coupon.rows[0];
        if (!row) return "not_found" as const;
        if (countFromColumn(row.use_count) > 0) return "in_use" as const;
        // Deleting locks each unassigned code (waiting for a concurrent hand-out, then re-checking
        // its state), so whatever is left afterwards was handed out.
        await db
          .deleteFrom("onecode_coupon_codes")
          .where("tenant_id", "=", tenantId)
          .where("coupon_id", "=", id)
          .where("state", "=", "unassigned")
          .execute();
        const left = await db
          .selectFrom("onecode_coupon_codes")
          .select("id")
          .where("tenant_id", "=", tenantId)
          .where("coupon_id", "=", id)
          .limit(1)
          .executeTakeFirst();
        const used = await db
          .selectFrom("onecode_coupon_uses")
          .select("order_id")
          .where("tenant_id", "=", tenantId)
          .where("coupon_id", "=", id)
          .limit(1)
          .executeTakeFirst();
        if (left || used) throw new RollBack("in_use" as const);
        await db
          .deleteFrom("onecode_coupons")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .execute();
        return "deleted" as const;
      });
    },

    issue(tenantId, couponId, grants, via, at) {
      return scope.atomic<CouponIssue>(async (db) => {
        if (!(await publishedNormal(db, tenantId, couponId))) return { outcome: "closed" };
        const keys = grants.flatMap((grant) => (grant.grantKey ? [grant.grantKey] : []));
        const used = new Set<string>();
        if (keys.length > 0) {
          const rows = await db
            .selectFrom("onecode_coupon_codes")
            .select("grant_key")
            .where("tenant_id", "=", tenantId)
            .where("grant_key", "in", keys)
            .execute();
          for (const row of rows) if (row.grant_key) used.add(row.grant_key);
        }
        const wanted = grants.filter((grant) => !(grant.grantKey && used.has(grant.grantKey)));
        const needed = wanted.reduce((sum, grant) => sum + grant.quantity, 0);
        if (needed === 0) return { outcome: "issued", codes: [] };
        const ids = await lockUnassigned(db, tenantId, couponId, needed);
        if (ids.length < needed) {
          const available = await unassignedCount(db, tenantId, couponId);
          throw new RollBack<CouponIssue>({ outcome: "short", available });
        }
        const holders: string[] = [];
        const grantKeys: (string | null)[] = [];
        for (const grant of wanted) {
          for (let i = 0; i < grant.quantity; i++) {
            holders.push(grant.customerId);
            grantKeys.push(grant.grantKey ?? null);
          }
        }
        const updated = await transactionScope(db).tolerate(
          (db) =>
            sql<Record<string, unknown>>`
              UPDATE onecode_coupon_codes AS c
              SET state = 'held', holder_id = a.holder, via = ${via}, grant_key = a.grant_key,
                held_at = ${at}::timestamptz
              FROM unnest(${ids}::text[], ${holders}::text[], ${grantKeys}::text[])
                AS a(id, holder, grant_key)
              WHERE c.tenant_id = ${tenantId} AND c.id = a.id
              RETURNING c.*
            `.execute(db),
          [UNIQUE_VIOLATION],
        );
        // A concurrent grant took the same key first: this one issues nothing.
        if (!updated.ok) throw new RollBack<CouponIssue>({ outcome: "issued", codes: [] });
        const codes = updated.value.rows
          .map((row) => couponCodeFromRow(row as never))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        return { outcome: "issued", codes };
      });
    },

    claim(tenantId, couponId, customerId, limit, at) {
      return scope.atomic<CouponClaim>(async (db) => {
        await sql`SELECT pg_advisory_xact_lock(${CLAIM_LOCK_CLASS}::int,
          hashtext(${tenantId}::text || ':' || ${couponId}::text || ':' || ${customerId}::text))`.execute(
          db,
        );
        if (!(await publishedNormal(db, tenantId, couponId))) return { outcome: "closed" };
        const mine = await db
          .selectFrom("onecode_coupon_codes")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("tenant_id", "=", tenantId)
          .where("coupon_id", "=", couponId)
          .where("holder_id", "=", customerId)
          .where("via", "=", "claimed")
          .executeTakeFirst();
        if (countFromColumn((mine?.n ?? 0) as number) >= limit) return { outcome: "limit_reached" };
        const [id] = await lockUnassigned(db, tenantId, couponId, 1);
        if (!id) return { outcome: "short" };
        const row = await db
          .updateTable("onecode_coupon_codes")
          .set({ state: "held", holder_id: customerId, via: "claimed", held_at: at })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { outcome: "claimed", code: couponCodeFromRow(row) };
      });
    },

    async getCode(tenantId, code) {
      const row = await db
        .selectFrom("onecode_coupon_codes")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("code", "=", code)
        .executeTakeFirst();
      return row ? couponCodeFromRow(row) : null;
    },

    async listHeld(tenantId, customerId, page) {
      let query = db
        .selectFrom("onecode_coupon_codes")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("holder_id", "=", customerId);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(couponCodeFromRow);
    },

    async listCodes(tenantId, couponId, page) {
      let query = db
        .selectFrom("onecode_coupon_codes")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("coupon_id", "=", couponId);
      if (page.afterId !== null) query = query.where("id", ">", page.afterId);
      const rows = await query.orderBy("id", "asc").limit(page.limit).execute();
      return rows.map(couponCodeFromRow);
    },

    async useCode(tenantId, codeId, customerId, orderId, at) {
      const row = await db
        .updateTable("onecode_coupon_codes")
        .set({ state: "used", order_id: orderId, used_at: at })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", codeId)
        .where("state", "=", "held")
        .where("holder_id", "=", customerId)
        .returningAll()
        .executeTakeFirst();
      return row ? couponCodeFromRow(row) : null;
    },

    async codesOfOrder(tenantId, orderId) {
      const rows = await db
        .selectFrom("onecode_coupon_codes")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("order_id", "=", orderId)
        .where("state", "=", "used")
        .orderBy("id")
        .execute();
      return rows.map(couponCodeFromRow);
    },

    async returnCode(tenantId, codeId, orderId) {
      const row = await db
        .updateTable("onecode_coupon_codes")
        .set({ state: "held", order_id: null, used_at: null })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", codeId)
        .where("state", "=", "used")
        .where("order_id", "=", orderId)
        .returning("id")
        .executeTakeFirst();
      return row !== undefined;
    },

    useReusable(tenantId, couponId, customerId, orderId, at) {
      return scope.atomic<ReusableUse>(async (db) => {
        const counted = await sql<{ use_count: string | number; per_customer_limit: number }>`
          UPDATE onecode_coupons SET use_count = use_count + 1
          WHERE tenant_id = ${tenantId} AND id = ${couponId} AND kind = 'reusable'
            AND status = 'published' AND use_count < use_limit
          RETURNING use_count, per_customer_limit
        `.execute(db);
        const row = counted.rows[0];
        if (!row) {
          const prior = await db
            .selectFrom("onecode_coupon_uses")
            .select("order_id")
            .where("tenant_id", "=", tenantId)
            .where("coupon_id", "=", couponId)
            .where("order_id", "=", orderId)
            .executeTakeFirst();
          if (prior) return { outcome: "already_used" };
          const coupon = await db
            .selectFrom("onecode_coupons")
            .select("status")
            .where("tenant_id", "=", tenantId)
            .where("id", "=", couponId)
            .executeTakeFirst();
          return coupon?.status === "published" ? { outcome: "exhausted" } : { outcome: "closed" };
        }
        // The UPDATE holds the coupon row: uses of this coupon are counted one at a time.
        const mine = await db
          .selectFrom("onecode_coupon_uses")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("tenant_id", "=", tenantId)
          .where("coupon_id", "=", couponId)
          .where("customer_id", "=", customerId)
          .executeTakeFirst();
        const inserted = await db
          .insertInto("onecode_coupon_uses")
          .values({
            tenant_id: tenantId,
            coupon_id: couponId,
            order_id: orderId,
            customer_id: customerId,
            at,
          })
          .onConflict((conflict) =>
            conflict.columns(["tenant_id", "coupon_id", "order_id"]).doNothing(),
          )
          .returning("order_id")
          .executeTakeFirst();
        if (!inserted) throw new RollBack<ReusableUse>({ outcome: "already_used" });
        if (countFromColumn((mine?.n ?? 0) as number) >= row.per_customer_limit) {
          throw new RollBack<ReusableUse>({ outcome: "limit_reached" });
        }
        return { outcome: "used", useCount: countFromColumn(row.use_count) };
      });
    },

    async reusableOfOrder(tenantId, orderId) {
      const rows = await db
        .selectFrom("onecode_coupon_uses")
        .select("coupon_id")
        .where("tenant_id", "=", tenantId)
        .where("order_id", "=", orderId)
        .orderBy("coupon_id")
        .execute();
      return rows.map((row) => row.coupon_id);
    },

    returnReusable(tenantId, couponId, orderId) {
      return scope.atomic(async (db) => {
        const removed = await db
          .deleteFrom("onecode_coupon_uses")
          .where("tenant_id", "=", tenantId)
          .where("coupon_id", "=", couponId)
          .where("order_id", "=", orderId)
          .returning("order_id")
          .executeTakeFirst();
        if (!removed) return false;
        await sql`UPDATE onecode_coupons SET use_count = GREATEST(use_count - 1, 0)
          WHERE tenant_id = ${tenantId} AND id = ${couponId}`.execute(db);
        return true;
      });
    },

    async statistics(tenantId, couponId) {
      const coupon = await getCoupon(tenantId, couponId);
      if (!coupon) return null;
      if (coupon.kind === "reusable") {
        const limit = coupon.useLimit ?? 0;
        return {
          total: limit,
          available: Math.max(0, limit - coupon.useCount),
          issued: 0,
          claimed: 0,
          used: coupon.useCount,
        };
      }
      const counts = await sql<Record<string, string | number>>`
        SELECT count(*) AS total,
          count(*) FILTER (WHERE state = 'unassigned') AS available,
          count(*) FILTER (WHERE via IS NOT NULL AND via <> 'claimed') AS issued,
          count(*) FILTER (WHERE via = 'claimed') AS claimed,
          count(*) FILTER (WHERE state = 'used') AS used
        FROM onecode_coupon_codes WHERE tenant_id = ${tenantId} AND coupon_id = ${couponId}
      `.execute(db);
      const row = counts.rows[0] ?? {};
      const n = (key: string) => countFromColumn(row[key] ?? 0);
      return {
        total: n("total"),
        available: n("available"),
        issued: n("issued"),
        claimed: n("claimed"),
        used: n("used"),
      };
    },

    async getSettings(tenantId) {
      const row = await db
        .selectFrom("onecode_coupon_settings")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return row
        ? {
            tenantId: row.tenant_id,
            signupCouponId: row.signup_coupon_id,
            updatedAt: isoTimestamp(row.updated_at),
          }
        : null;
    },

    async saveSettings(settings) {
      await db
        .insertInto("onecode_coupon_settings")
        .values({
          tenant_id: settings.tenantId,
          signup_coupon_id: settings.signupCouponId,
          updated_at: settings.updatedAt,
        })
        .onConflict((conflict) =>
          conflict.column("tenant_id").doUpdateSet({
            signup_coupon_id: settings.signupCouponId,
            updated_at: settings.updatedAt,
          }),
        )
        .execute();
    },
  };
}
