import type {
  CustomerQuery,
  MemberCustomer,
  MemberLevel,
  MemberRepositories,
  MemberSettings,
  MemberTag,
  MemberTagWrite,
  PointsEntry,
  PointsEntryKind,
  PointsRecording,
} from "@onecode/core";
import { type Kysely, type Selectable, sql } from "kysely";
import {
  countFromColumn,
  type MemberCustomersTable,
  type MemberLevelsTable,
  type MemberTagsTable,
  type OneCodeDatabase,
  type PointsLedgerTable,
} from "../database.js";
import { ReadBatcher } from "./read-batcher.js";
import { isoTimestamp } from "./row-mapping.js";
import { UNIQUE_VIOLATION } from "./sql-errors.js";
import { RollBack, type StatementScope } from "./statement-scope.js";

function customerFromRow(row: Selectable<MemberCustomersTable>): MemberCustomer {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    referrerId: row.referrer_id,
    registeredAt: isoTimestamp(row.registered_at),
    lastSeenAt: isoTimestamp(row.last_seen_at),
    blacklisted: row.blacklisted,
    blacklistReason: row.blacklist_reason,
    experience: countFromColumn(row.experience),
    pointsBalance: countFromColumn(row.points_balance),
    pointsEarned: countFromColumn(row.points_earned),
    ordersCount: countFromColumn(row.orders_count),
    totalSpent: countFromColumn(row.total_spent),
    lastOrderAt: row.last_order_at === null ? null : isoTimestamp(row.last_order_at),
    tagIds: [...row.tag_ids],
    lastCheckInOn: row.last_check_in_on,
    checkInStreak: row.check_in_streak,
    version: row.version,
    updatedAt: isoTimestamp(row.updated_at),
  };
}

function entryFromRow(row: Selectable<PointsLedgerTable>): PointsEntry {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind as PointsEntryKind,
    delta: countFromColumn(row.delta),
    balanceAfter: countFromColumn(row.balance_after),
    key: row.key,
    orderId: row.order_id,
    year: row.year,
    note: row.note,
    actor: { kind: row.actor_kind, id: row.actor_id },
    createdAt: isoTimestamp(row.created_at),
  };
}

function levelFromRow(row: Selectable<MemberLevelsTable>): MemberLevel {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    threshold: countFromColumn(row.threshold),
    discount: row.discount,
    icon: row.icon,
    isDefault: row.is_default,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

function tagFromRow(row: Selectable<MemberTagsTable>): MemberTag {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The WHERE conditions of a {@link CustomerQuery} (the memory adapter's matcher does the same). */
function customerConditions(tenantId: string, query: CustomerQuery) {
  const where = [sql`tenant_id = ${tenantId}`];
  if (query.tagIds && query.tagIds.length > 0) {
    where.push(sql`tag_ids && ${sql.val([...query.tagIds])}::text[]`);
  }
  if (query.scoreRanges) {
    const column = sql.ref(
      query.scoreRanges.field === "experience" ? "experience" : "points_earned",
    );
    const ranges = query.scoreRanges.ranges.map((range) =>
      range.max === null
        ? sql`${column} >= ${range.min}`
        : sql`(${column} >= ${range.min} AND ${column} < ${range.max})`,
    );
    where.push(ranges.length === 0 ? sql`false` : sql`(${sql.join(ranges, sql` OR `)})`);
  }
  if (query.blacklisted !== undefined) where.push(sql`blacklisted = ${query.blacklisted}`);
  if (query.withPoints) where.push(sql`points_balance > 0`);
  if (query.minOrders !== undefined) where.push(sql`orders_count >= ${query.minOrders}`);
  if (query.maxOrders !== undefined) where.push(sql`orders_count <= ${query.maxOrders}`);
  if (query.minSpent !== undefined) where.push(sql`total_spent >= ${query.minSpent}`);
  if (query.orderedSince !== undefined) {
    where.push(sql`last_order_at >= ${query.orderedSince}::timestamptz`);
  }
  if (query.notOrderedSince !== undefined) {
    where.push(
      sql`(last_order_at IS NULL OR last_order_at < ${query.notOrderedSince}::timestamptz)`,
    );
  }
  if (query.activeSince !== undefined) {
    where.push(sql`last_seen_at >= ${query.activeSince}::timestamptz`);
  }
  return sql.join(where, sql` AND `);
}

async function entryByKey(db: Kysely<OneCodeDatabase>, tenantId: string, key: string) {
  const row = await db
    .selectFrom("onecode_points_ledger")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("key", "=", key)
    .executeTakeFirst();
  return row ? entryFromRow(row) : null;
}

/**
 * Customers, the points ledger, levels, tags and member settings in the
 * `onecode_member_*` and `onecode_points_ledger` tables (migration 0025).
 */
/** A customer's key. */
interface CustomerKey {
  readonly tenantId: string;
  readonly id: string;
}

const customerKey = (key: CustomerKey) => `${key.tenantId}\u0000${key.id}`;

/**
 * Customer reads outside transactions, shared per event-loop turn: every
 * consumer request reads its customer (the blacklist check), so under load
 * one statement answers all of a turn's requests.
 */
export function customerReadBatcher({
  db,
}: StatementScope): ReadBatcher<CustomerKey, MemberCustomer | null> {
  return new ReadBatcher(
    async (keys) => {
      const { rows } = await sql<Selectable<MemberCustomersTable>>`
        SELECT c.* FROM unnest(${keys.map((key) => key.tenantId)}::text[], ${keys.map((key) => key.id)}::text[]) AS k(tenant_id, id)
        JOIN onecode_member_customers c ON c.tenant_id = k.tenant_id AND c.id = k.id`.execute(db);
      const found = new Map(
        rows.map((row) => [customerKey({ tenantId: row.tenant_id, id: row.id }), row]),
      );
      return keys.map((key) => {
        const row = found.get(customerKey(key));
        return row ? customerFromRow(row) : null;
      });
    },
    256,
    customerKey,
  );
}

/** The members module's repositories over `scope`; on the pool scope, customer reads go through `customerReads`. */
export function memberRepositories(
  scope: StatementScope,
  customerReads?: ReadBatcher<CustomerKey, MemberCustomer | null>,
): MemberRepositories {
  const { db } = scope;
  return {
    memberCustomers: {
      async insert(c) {
        const { rows } = await sql<{ id: string }>`
          INSERT INTO onecode_member_customers (
            tenant_id, id, referrer_id, registered_at, last_seen_at, blacklisted, blacklist_reason,
            experience, points_balance, points_earned, orders_count, total_spent, last_order_at,
            tag_ids, last_check_in_on, check_in_streak, version, updated_at
          ) VALUES (
            ${c.tenantId}, ${c.id}, ${c.referrerId}, ${c.registeredAt}::timestamptz,
            ${c.lastSeenAt}::timestamptz, ${c.blacklisted}, ${c.blacklistReason}, ${c.experience},
            ${c.pointsBalance}, ${c.pointsEarned}, ${c.ordersCount}, ${c.totalSpent},
            ${c.lastOrderAt}::timestamptz, ${sql.val([...c.tagIds])}::text[], ${c.lastCheckInOn},
            ${c.checkInStreak}, ${c.version}, ${c.updatedAt}::timestamptz
          )
          ON CONFLICT (tenant_id, id) DO NOTHING
          RETURNING id
        `.execute(db);
        return rows.length > 0;
      },
      async get(tenantId, id) {
        if (customerReads) return customerReads.load({ tenantId, id });
        const row = await db
          .selectFrom("onecode_member_customers")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .executeTakeFirst();
        return row ? customerFromRow(row) : null;
      },
      /** Compare-and-set on `version`; the ledger's columns are left alone. */
      async update(c, expectedVersion) {
        const row = await db
          .updateTable("onecode_member_customers")
          .set({
            referrer_id: c.referrerId,
            last_seen_at: c.lastSeenAt,
            blacklisted: c.blacklisted,
            blacklist_reason: c.blacklistReason,
            experience: c.experience,
            orders_count: c.ordersCount,
            total_spent: c.totalSpent,
            last_order_at: c.lastOrderAt,
            tag_ids: [...c.tagIds],
            last_check_in_on: c.lastCheckInOn,
            check_in_streak: c.checkInStreak,
            version: c.version,
            updated_at: c.updatedAt,
          })
          .where("tenant_id", "=", c.tenantId)
          .where("id", "=", c.id)
          .where("version", "=", expectedVersion)
          .returning("id")
          .executeTakeFirst();
        return row !== undefined;
      },
      async list(tenantId, query, page) {
        const after = page.afterId === null ? sql`true` : sql`id > ${page.afterId}`;
        const { rows } = await sql<Selectable<MemberCustomersTable>>`
          SELECT * FROM onecode_member_customers
          WHERE ${customerConditions(tenantId, query)} AND ${after}
          ORDER BY id LIMIT ${page.limit}
        `.execute(db);
        return rows.map(customerFromRow);
      },
      async count(tenantId, query) {
        const { rows } = await sql<{ count: string }>`
          SELECT count(*) AS count FROM onecode_member_customers
          WHERE ${customerConditions(tenantId, query)}
        `.execute(db);
        return countFromColumn(rows[0]?.count ?? 0);
      },
      async removeTag(tenantId, tagId, at) {
        const { rows } = await sql<{ id: string }>`
          UPDATE onecode_member_customers
          SET tag_ids = array_remove(tag_ids, ${tagId}::text), version = version + 1,
            updated_at = ${at}::timestamptz
          WHERE tenant_id = ${tenantId} AND ${tagId}::text = ANY (tag_ids)
          RETURNING id
        `.execute(db);
        return rows.length;
      },
    },
    pointsLedger: {
      /**
       * One unit of work: the balance moves by a conditional UPDATE (row
       * lock: concurrent changes queue, none goes below zero), then the entry
       * is inserted; a concurrent twin of the key makes the insert conflict
       * and the unit rolls back to answer `duplicate`.
       */
      record(entry) {
        return scope.atomic<PointsRecording>(async (db) => {
          const existing = await entryByKey(db, entry.tenantId, entry.key);
          if (existing) return { outcome: "duplicate", entry: existing };
          const earned = entry.kind === "earn" ? entry.delta : 0;
          const moved = await db
            .updateTable("onecode_member_customers")
            .set({
              points_balance: sql`points_balance + ${entry.delta}`,
              points_earned: sql`points_earned + ${earned}`,
            })
            .where("tenant_id", "=", entry.tenantId)
            .where("id", "=", entry.customerId)
            .where(sql<boolean>`points_balance + ${entry.delta} >= 0`)
            .returning("points_balance")
            .executeTakeFirst();
          if (!moved) {
            const row = await db
              .selectFrom("onecode_member_customers")
              .select("points_balance")
              .where("tenant_id", "=", entry.tenantId)
              .where("id", "=", entry.customerId)
              .executeTakeFirst();
            return row
              ? { outcome: "insufficient", balance: countFromColumn(row.points_balance) }
              : { outcome: "no_customer" };
          }
          const stored: PointsEntry = {
            ...entry,
            balanceAfter: countFromColumn(moved.points_balance),
          };
          const { rows } = await sql<{ id: string }>`
            INSERT INTO onecode_points_ledger (
              tenant_id, id, customer_id, kind, delta, balance_after, key, order_id, year, note,
              actor_kind, actor_id, created_at
            ) VALUES (
              ${stored.tenantId}, ${stored.id}, ${stored.customerId}, ${stored.kind}, ${stored.delta},
              ${stored.balanceAfter}, ${stored.key}, ${stored.orderId}, ${stored.year}, ${stored.note},
              ${stored.actor.kind}, ${stored.actor.id}, ${stored.createdAt}::timestamptz
            )
            ON CONFLICT ON CONSTRAINT onecode_points_ledger_key_key DO NOTHING
            RETURNING id
          `.execute(db);
          if (rows.length === 0) {
            const twin = await entryByKey(db, entry.tenantId, entry.key);
            throw new RollBack<PointsRecording>(
              twin ? { outcome: "duplicate", entry: twin } : { outcome: "no_customer" },
            );
          }
          return { outcome: "recorded", entry: stored };
        });
      },
      getByKey: (tenantId, key) => entryByKey(db, tenantId, key),
      async list(tenantId, customerId, page) {
        let query = db
          .selectFrom("onecode_points_ledger")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .where("customer_id", "=", customerId);
        if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
        const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
        return rows.map(entryFromRow);
      },
      async creditedAfter(tenantId, customerId, year) {
        const row = await db
          .selectFrom("onecode_points_ledger")
          .select(sql<string>`coalesce(sum(delta), 0)`.as("total"))
          .where("tenant_id", "=", tenantId)
          .where("customer_id", "=", customerId)
          .where("delta", ">", 0)
          .where("year", ">", year)
          .executeTakeFirst();
        return countFromColumn(row?.total ?? 0);
      },
    },
    memberLevels: {
      async list(tenantId) {
        const rows = await db
          .selectFrom("onecode_member_levels")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .orderBy("threshold")
          .orderBy("id")
          .execute();
        return rows.map(levelFromRow);
      },
      async get(tenantId, id) {
        const row = await db
          .selectFrom("onecode_member_levels")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .executeTakeFirst();
        return row ? levelFromRow(row) : null;
      },
      async insert(level) {
        const { rows } = await sql<{ id: string }>`
          INSERT INTO onecode_member_levels (
            tenant_id, id, name, threshold, discount, icon, is_default, created_at, updated_at
          ) VALUES (
            ${level.tenantId}, ${level.id}, ${level.name}, ${level.threshold}, ${level.discount},
            ${level.icon}, ${level.isDefault}, ${level.createdAt}::timestamptz,
            ${level.updatedAt}::timestamptz
          )
          ON CONFLICT (tenant_id, id) DO NOTHING
          RETURNING id
        `.execute(db);
        return rows.length > 0;
      },
      async update(level) {
        const row = await db
          .updateTable("onecode_member_levels")
          .set({
            name: level.name,
            threshold: level.threshold,
            discount: level.discount,
            icon: level.icon,
            updated_at: level.updatedAt,
          })
          .where("tenant_id", "=", level.tenantId)
          .where("id", "=", level.id)
          .returning("id")
          .executeTakeFirst();
        return row !== undefined;
      },
      async remove(tenantId, id) {
        const row = await db
          .deleteFrom("onecode_member_levels")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .where("is_default", "=", false)
          .returning("id")
          .executeTakeFirst();
        return row !== undefined;
      },
    },
    memberTags: {
      async list(tenantId) {
        const rows = await db
          .selectFrom("onecode_member_tags")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .orderBy("id")
          .execute();
        return rows.map(tagFromRow);
      },
      async get(tenantId, id) {
        const row = await db
          .selectFrom("onecode_member_tags")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .executeTakeFirst();
        return row ? tagFromRow(row) : null;
      },
      async insert(tag): Promise<MemberTagWrite> {
        const { rows } = await sql<{ id: string }>`
          INSERT INTO onecode_member_tags (tenant_id, id, name, created_at, updated_at)
          VALUES (${tag.tenantId}, ${tag.id}, ${tag.name}, ${tag.createdAt}::timestamptz,
            ${tag.updatedAt}::timestamptz)
          ON CONFLICT DO NOTHING
          RETURNING id
        `.execute(db);
        return rows.length > 0 ? { outcome: "written" } : { outcome: "name_taken" };
      },
      /** A name another tag has fails the UPDATE on its constraint, answered without aborting the caller's transaction. */
      async update(tag): Promise<MemberTagWrite> {
        const result = await scope.tolerate(
          (db) =>
            db
              .updateTable("onecode_member_tags")
              .set({ name: tag.name, updated_at: tag.updatedAt })
              .where("tenant_id", "=", tag.tenantId)
              .where("id", "=", tag.id)
              .returning("id")
              .executeTakeFirst(),
          [UNIQUE_VIOLATION],
        );
        if (!result.ok) return { outcome: "name_taken" };
        return result.value ? { outcome: "written" } : { outcome: "not_found" };
      },
      async remove(tenantId, id) {
        const row = await db
          .deleteFrom("onecode_member_tags")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .returning("id")
          .executeTakeFirst();
        return row !== undefined;
      },
    },
    memberSettings: {
      async get(tenantId) {
        const row = await db
          .selectFrom("onecode_member_settings")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .executeTakeFirst();
        if (!row) return null;
        return {
          ...(row.settings as Omit<MemberSettings, "tenantId" | "updatedAt">),
          tenantId,
          updatedAt: row.updated_at === null ? null : isoTimestamp(row.updated_at),
        };
      },
      async save(saved) {
        const { tenantId, updatedAt, ...settings } = saved;
        await db
          .insertInto("onecode_member_settings")
          .values({
            tenant_id: tenantId,
            settings: JSON.stringify(settings),
            updated_at: updatedAt,
          })
          .onConflict((conflict) =>
            conflict.column("tenant_id").doUpdateSet({
              settings: (eb) => eb.ref("excluded.settings"),
              updated_at: (eb) => eb.ref("excluded.updated_at"),
            }),
          )
          .execute();
      },
    },
  };
}
