import type {
  CodeRule,
  CodeRuleDeletion,
  CodeRuleInsertion,
  CodeRuleRepository,
  SequenceReservation,
} from "@onecode/core";
import { sql } from "kysely";
import { countFromColumn } from "../database.js";
import { codeRuleFromRow, codeRuleToRow } from "./codes-row-mapping.js";
import { FOREIGN_KEY_VIOLATION } from "./sql-errors.js";
import type { StatementScope } from "./statement-scope.js";

/** How often a delete is retried after a racing package insert committed under it. */
const DELETE_ATTEMPTS = 3;

/** Code rules in `onecode_code_rules`; every statement is scoped by tenant. */
export function codeRuleRepository(scope: StatementScope): CodeRuleRepository {
  const { db } = scope;
  return {
    insert: (rule) => insertRule(db, rule),

    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_code_rules")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? codeRuleFromRow(row) : null;
    },

    async list(tenantId, filter, page) {
      let query = db.selectFrom("onecode_code_rules").selectAll().where("tenant_id", "=", tenantId);
      if (filter.merchantId !== undefined)
        query = query.where("merchant_id", "=", filter.merchantId);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(codeRuleFromRow);
    },

    async update(tenantId, id, changes) {
      const row = await db
        .updateTable("onecode_code_rules")
        .set({
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.enabled !== undefined && { enabled: changes.enabled }),
          updated_at: changes.updatedAt,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst();
      return row ? codeRuleFromRow(row) : null;
    },

    async delete(tenantId, id) {
      for (let attempt = 1; ; attempt++) {
        const result = await scope.tolerate(
          (db) => deleteUnlessInUse(db, tenantId, id),
          [FOREIGN_KEY_VIOLATION],
        );
        if (result.ok) return result.value;
        if (attempt === DELETE_ATTEMPTS) {
          throw new Error(
            `code rule ${id} could not be deleted: packages kept being created with it`,
          );
        }
      }
    },

    reserveSequence: (tenantId, id, count) => reserveSequence(db, tenantId, id, count),
  };
}

/**
 * One statement: the rule is inserted only if its merchant exists, which stays
 * key-share locked until commit (see `insertProduct`).
 */
async function insertRule(db: StatementScope["db"], rule: CodeRule): Promise<CodeRuleInsertion> {
  const row = codeRuleToRow(rule);
  const { rows } = await sql<{ merchant_found: number; inserted: number }>`
    WITH merchant AS (
      SELECT id FROM onecode_merchants
      WHERE tenant_id = ${row.tenant_id} AND id = ${row.merchant_id}
      FOR KEY SHARE
    ), inserted AS (
      INSERT INTO onecode_code_rules (
        tenant_id, id, merchant_id, name, mode, segments, length, serials, enabled,
        sequence_next, sequence_end, created_at, updated_at
      )
      SELECT
        ${row.tenant_id}::text, ${row.id}::text, merchant.id, ${row.name}::text, ${row.mode}::text,
        ${row.segments}::jsonb, ${row.length}::smallint, ${row.serials}::boolean,
        ${row.enabled}::boolean, ${row.sequence_next}::bigint, ${row.sequence_end}::bigint,
        ${row.created_at}::timestamptz, ${row.updated_at}::timestamptz
      FROM merchant
      RETURNING 1
    )
    SELECT
      (SELECT count(*) FROM merchant)::int AS merchant_found,
      (SELECT count(*) FROM inserted)::int AS inserted
  `.execute(db);
  return rows[0]?.inserted ? { outcome: "inserted" } : { outcome: "merchant_not_found" };
}

/**
 * One statement: lock the rule, count the packages using it at any level,
 * delete it when there are none. A package insert that committed while this
 * waited for the lock fails the delete's foreign key (23503) instead; the
 * caller retries with a fresh snapshot that counts it.
 */
async function deleteUnlessInUse(
  db: StatementScope["db"],
  tenantId: string,
  id: string,
): Promise<CodeRuleDeletion> {
  const { rows } = await sql<{ found: number; package_count: number; deleted: number }>`
    WITH target AS (
      SELECT id FROM onecode_code_rules
      WHERE tenant_id = ${tenantId} AND id = ${id}
      FOR UPDATE
    ), used AS (
      SELECT count(*)::int AS n FROM onecode_code_packages
      WHERE tenant_id = ${tenantId}
        AND (item_rule_id = ${id} OR middle_rule_id = ${id} OR outer_rule_id = ${id})
    ), deleted AS (
      DELETE FROM onecode_code_rules r
      USING target
      WHERE r.tenant_id = ${tenantId} AND r.id = target.id AND (SELECT n FROM used) = 0
      RETURNING r.id
    )
    SELECT
      (SELECT count(*) FROM target)::int AS found,
      (SELECT n FROM used) AS package_count,
      (SELECT count(*) FROM deleted)::int AS deleted
  `.execute(db);
  const row = rows[0];
  if (!row || row.found === 0) return { outcome: "not_found" };
  if (row.deleted > 0) return { outcome: "deleted" };
  return { outcome: "in_use", packageCount: row.package_count };
}

/**
 * One conditional `UPDATE ... RETURNING`: the row lock serialises concurrent
 * reservations, and each re-checks the range against the committed
 * `sequence_next`. Only a refusal pays for a second statement, which reads
 * the latest committed state to report why.
 */
async function reserveSequence(
  db: StatementScope["db"],
  tenantId: string,
  id: string,
  count: number,
): Promise<SequenceReservation> {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new RangeError(
      `sequence reservation of rule ${id} must be a positive integer, got ${count}`,
    );
  }
  const reserved = await sql<{ first: string | bigint | number; last: string | bigint | number }>`
    UPDATE onecode_code_rules
    SET sequence_next = sequence_next + ${count}::bigint
    WHERE tenant_id = ${tenantId} AND id = ${id}
      AND sequence_next IS NOT NULL
      AND sequence_next + ${count}::bigint - 1 <= sequence_end
    RETURNING sequence_next - ${count}::bigint AS first, sequence_next - 1 AS last
  `.execute(db);
  const row = reserved.rows[0];
  if (row) {
    return {
      outcome: "reserved",
      first: countFromColumn(row.first),
      last: countFromColumn(row.last),
    };
  }
  const current = await db
    .selectFrom("onecode_code_rules")
    .select(["sequence_next", "sequence_end"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!current) return { outcome: "not_found" };
  if (current.sequence_next === null || current.sequence_end === null) {
    return { outcome: "exhausted", remaining: 0 };
  }
  const remaining =
    countFromColumn(current.sequence_end) - countFromColumn(current.sequence_next) + 1;
  return { outcome: "exhausted", remaining: Math.max(0, remaining) };
}
