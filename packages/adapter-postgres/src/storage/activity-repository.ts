import type { Activity, ActivityConflict, ActivityGift, ActivityRepository } from "@onecode/core";
import { findActivityConflict } from "@onecode/core/adapter-kit";
import { type Kysely, type Selectable, sql } from "kysely";
import type { OneCodeDatabase, PromotionActivitiesTable } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

/**
 * The advisory-lock class of per-tenant activity writes; the two-key form
 * keeps it apart from the package locks and any single-key lock of the
 * host or the migrations.
 */
const ACTIVITY_LOCK_CLASS = 0x0c0de022;

// node-postgres and PGlite both hand jsonb back parsed; text is parsed in case a driver does not.
function parsed<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

function activityFromRow(row: Selectable<PromotionActivitiesTable>): Activity {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    terms: parsed<Activity["terms"]>(row.terms),
    scope: parsed<Activity["scope"]>(row.scope),
    audience: parsed<Activity["audience"]>(row.audience),
    startsAt: isoTimestamp(row.starts_at),
    endsAt: row.ends_at === null ? null : isoTimestamp(row.ends_at),
    version: row.version,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

function columns(activity: Activity) {
  return {
    name: activity.name,
    kind: activity.terms.kind,
    terms: JSON.stringify(activity.terms),
    scope: JSON.stringify(activity.scope),
    audience: JSON.stringify(activity.audience),
    starts_at: activity.startsAt,
    ends_at: activity.endsAt,
    version: activity.version,
    updated_at: activity.updatedAt,
  };
}

/** An ISO-8601 instant compared with a timestamptz column. */
const ts = (iso: string) => sql<Date>`${iso}::timestamptz`;

/** Serialises the tenant's activity writes until the transaction ends. */
async function lockTenant(db: Kysely<OneCodeDatabase>, tenantId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${ACTIVITY_LOCK_CLASS}::int, hashtext(${tenantId}::text))`.execute(
    db,
  );
}

/** The first conflicting activity, read after the lock so every committed write is seen. */
async function conflictOf(
  db: Kysely<OneCodeDatabase>,
  activity: Activity,
): Promise<ActivityConflict | null> {
  if (activity.terms.kind === "free_shipping") return null;
  let query = db
    .selectFrom("onecode_promotion_activities")
    .selectAll()
    .where("tenant_id", "=", activity.tenantId)
    .where("id", "<>", activity.id)
    .where("kind", "<>", "free_shipping")
    .where((eb) => eb.or([eb("ends_at", "is", null), eb("ends_at", ">", ts(activity.startsAt))]));
  if (activity.endsAt !== null) query = query.where("starts_at", "<", ts(activity.endsAt));
  const rows = await query.orderBy("id").execute();
  return findActivityConflict(activity, rows.map(activityFromRow));
}

function giftFromRow(row: {
  tenant_id: string;
  order_id: string;
  activity_id: string;
  coupon_id: string;
  customer_id: string;
  created_at: Date | string;
}): ActivityGift {
  return {
    tenantId: row.tenant_id,
    orderId: row.order_id,
    activityId: row.activity_id,
    couponId: row.coupon_id,
    customerId: row.customer_id,
    createdAt: isoTimestamp(row.created_at),
  };
}

/**
 * Activities in `onecode_promotion_activities` and earned gift coupons in
 * `onecode_promotion_activity_gifts`. `insert` and `replace` take a
 * per-tenant transaction-scoped advisory lock, then check conflicts and
 * write in the same transaction: two conflicting writes cannot both pass.
 */
export function activityRepository(scope: StatementScope): ActivityRepository {
  const { db } = scope;
  return {
    insert(activity) {
      return scope.atomic(async (tx) => {
        await lockTenant(tx, activity.tenantId);
        const conflict = await conflictOf(tx, activity);
        if (conflict) return { outcome: "conflict", conflict };
        await tx
          .insertInto("onecode_promotion_activities")
          .values({
            tenant_id: activity.tenantId,
            id: activity.id,
            ...columns(activity),
            created_at: activity.createdAt,
          })
          .execute();
        return { outcome: "inserted" };
      });
    },

    replace(activity, expectedVersion, guard) {
      return scope.atomic(async (tx) => {
        await lockTenant(tx, activity.tenantId);
        const current = await tx
          .selectFrom("onecode_promotion_activities")
          .select(["version", "starts_at"])
          .where("tenant_id", "=", activity.tenantId)
          .where("id", "=", activity.id)
          .executeTakeFirst();
        if (!current) return { outcome: "not_found" };
        if (current.version !== expectedVersion) return { outcome: "stale" };
        // The lock serialises writers; the version check makes the start read here the one written.
        if (guard && isoTimestamp(current.starts_at) <= guard.notStartedAt) {
          return { outcome: "started" };
        }
        const conflict = await conflictOf(tx, activity);
        if (conflict) return { outcome: "conflict", conflict };
        const result = await tx
          .updateTable("onecode_promotion_activities")
          .set(columns(activity))
          .where("tenant_id", "=", activity.tenantId)
          .where("id", "=", activity.id)
          .where("version", "=", expectedVersion)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n ? { outcome: "replaced" } : { outcome: "stale" };
      });
    },

    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_promotion_activities")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? activityFromRow(row) : null;
    },

    async list(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_promotion_activities")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (filter.kind !== undefined) query = query.where("kind", "=", filter.kind);
      if (filter.state === "scheduled") query = query.where("starts_at", ">", ts(filter.at));
      if (filter.state === "ended") query = query.where("ends_at", "<=", ts(filter.at));
      if (filter.state === "running") {
        query = query
          .where("starts_at", "<=", ts(filter.at))
          .where((eb) => eb.or([eb("ends_at", "is", null), eb("ends_at", ">", ts(filter.at))]));
      }
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(activityFromRow);
    },

    async listLive(tenantId, at) {
      const rows = await db
        .selectFrom("onecode_promotion_activities")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where((eb) => eb.or([eb("ends_at", "is", null), eb("ends_at", ">", ts(at))]))
        .orderBy("id")
        .execute();
      return rows.map(activityFromRow);
    },

    async deleteScheduled(tenantId, id, at) {
      const deleted = await db
        .deleteFrom("onecode_promotion_activities")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("starts_at", ">", ts(at))
        .executeTakeFirst();
      if (deleted.numDeletedRows > 0n) return "deleted";
      const exists = await db
        .selectFrom("onecode_promotion_activities")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return exists ? "started" : "not_found";
    },

    async recordGifts(gifts) {
      if (gifts.length === 0) return;
      await db
        .insertInto("onecode_promotion_activity_gifts")
        .values(
          gifts.map((gift) => ({
            tenant_id: gift.tenantId,
            order_id: gift.orderId,
            activity_id: gift.activityId,
            coupon_id: gift.couponId,
            customer_id: gift.customerId,
            created_at: gift.createdAt,
          })),
        )
        .onConflict((conflict) =>
          conflict.constraint("onecode_promotion_activity_gifts_pkey").doNothing(),
        )
        .execute();
    },

    async listGifts(tenantId, orderId) {
      const rows = await db
        .selectFrom("onecode_promotion_activity_gifts")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("order_id", "=", orderId)
        .orderBy("activity_id")
        .execute();
      return rows.map(giftFromRow);
    },
  };
}
