import type {
  Enterprise,
  EnterpriseDeletion,
  EnterpriseInsertion,
  EnterpriseMove,
  EnterpriseRepository,
} from "@onecode/core";
import { type Selectable, sql } from "kysely";
import type { EnterprisesTable } from "../trace-tables.js";
import { enterpriseFromRow } from "./distribution-row-mapping.js";
import { FOREIGN_KEY_VIOLATION } from "./sql-errors.js";
import type { StatementScope } from "./statement-scope.js";

/** How often a delete is retried after a racing child, document or stock move committed under it. */
const DELETE_ATTEMPTS = 3;
/** How often a move re-locks after rows joined the subtree or the new parent's path while it locked. */
const LOCK_ATTEMPTS = 5;

type Db = StatementScope["db"];
type EnterpriseRow = Selectable<EnterprisesTable>;

/**
 * The enterprise tree in `onecode_enterprises`, every statement scoped by
 * tenant. `ancestor_ids` is a materialised path the repository alone
 * writes: inserts derive it from the parent row they share-lock, and moves
 * rewrite the whole subtree after locking every row whose path they read or
 * write, so concurrent inserts and moves never leave a stale path or a cycle.
 */
export function enterpriseRepository(scope: StatementScope): EnterpriseRepository {
  const { db } = scope;
  return {
    insert: (enterprise) => insertEnterprise(db, enterprise),

    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_enterprises")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? enterpriseFromRow(row) : null;
    },

    async listChildren(tenantId, parentId, page) {
      let query = db
        .selectFrom("onecode_enterprises")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("parent_id", parentId === null ? "is" : "=", parentId);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(enterpriseFromRow);
    },

    async update(tenantId, id, changes) {
      const row = await db
        .updateTable("onecode_enterprises")
        .set({
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.address !== undefined && { address: changes.address }),
          ...(changes.salesRegion !== undefined && { sales_region: changes.salesRegion }),
          ...(changes.socialCreditCode !== undefined && {
            social_credit_code: changes.socialCreditCode,
          }),
          ...(changes.gln !== undefined && { gln: changes.gln }),
          ...(changes.customFields !== undefined && {
            custom_fields: JSON.stringify(changes.customFields),
          }),
          updated_at: changes.updatedAt,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst();
      return row ? enterpriseFromRow(row) : null;
    },

    move: (tenantId, id, newParentId, at) =>
      scope.atomic(async (tx) => {
        let locked: string[] = [];
        for (let attempt = 1; attempt <= LOCK_ATTEMPTS; attempt++) {
          locked = await lockForMove(tx, tenantId, id, newParentId);
          const outcome = await rewriteSubtree(tx, tenantId, id, newParentId, at, locked);
          if (outcome !== null) return outcome;
        }
        throw new Error(`enterprise ${id} could not be moved: its branch kept changing`);
      }),

    async delete(tenantId, id) {
      for (let attempt = 1; ; attempt++) {
        const result = await scope.tolerate(
          (db) => deleteEmpty(db, tenantId, id),
          [FOREIGN_KEY_VIOLATION],
        );
        if (result.ok) return result.value;
        if (attempt === DELETE_ATTEMPTS) {
          throw new Error(
            `enterprise ${id} could not be deleted: children or documents kept being added`,
          );
        }
      }
    },
  };
}

/**
 * One statement. A child is inserted only if its parent exists, with the
 * path read from the parent row under a share lock: a move of the parent's
 * branch either committed before (the lock returns the moved row) or waits
 * for this insert and then rewrites the new child with the rest.
 */
async function insertEnterprise(db: Db, enterprise: Enterprise): Promise<EnterpriseInsertion> {
  const e = enterprise;
  const customFields = JSON.stringify(e.customFields);
  const { rows } = await sql<EnterpriseRow>`
    WITH parent AS (
      SELECT id, ancestor_ids FROM onecode_enterprises
      WHERE tenant_id = ${e.tenantId} AND id = ${e.parentId}::text
      FOR SHARE
    )
    INSERT INTO onecode_enterprises (
      tenant_id, id, parent_id, ancestor_ids, name, address, sales_region, social_credit_code,
      gln, custom_fields, created_at, updated_at
    )
    SELECT
      ${e.tenantId}::text, ${e.id}::text, parent.id,
      CASE WHEN parent.id IS NULL THEN '{}'::text[] ELSE parent.ancestor_ids || parent.id END,
      ${e.name}::text,
      ${e.address}::text, ${e.salesRegion}::text, ${e.socialCreditCode}::text,
      ${e.gln}::text, ${customFields}::jsonb, ${e.createdAt}::timestamptz, ${e.updatedAt}::timestamptz
    FROM (SELECT 1) AS one LEFT JOIN parent ON true
    WHERE ${e.parentId}::text IS NULL OR parent.id IS NOT NULL
    RETURNING *
  `.execute(db);
  const row = rows[0];
  return row
    ? { outcome: "inserted", enterprise: enterpriseFromRow(row) }
    : { outcome: "parent_not_found" };
}

/**
 * Locks, in id order (so two moves never deadlock), every row a move reads
 * or writes: the enterprise and its subtree (their paths are rewritten) and
 * the new parent with its ancestors (their paths decide whether the move
 * makes a cycle). Two moves that could together make a cycle share at least
 * one of these rows, so one waits for the other and then sees its result.
 * Returns the ids locked.
 */
async function lockForMove(
  db: Db,
  tenantId: string,
  id: string,
  newParentId: string | null,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT e.id FROM onecode_enterprises e
    WHERE e.tenant_id = ${tenantId} AND (
      e.id = ${id} OR e.ancestor_ids @> ARRAY[${id}::text]
      OR e.id = ${newParentId}::text
      OR e.id = ANY(coalesce((
        SELECT p.ancestor_ids FROM onecode_enterprises p
        WHERE p.tenant_id = ${tenantId} AND p.id = ${newParentId}::text
      ), '{}'::text[]))
    )
    ORDER BY e.id
    FOR NO KEY UPDATE
  `.execute(db);
  return rows.map((row) => row.id);
}

/**
 * One statement on a snapshot taken after {@link lockForMove}: checks that
 * the enterprise and the new parent exist and that the parent is not in the
 * subtree, then rewrites the path of every row of the subtree (the
 * enterprise's `parentId` and `updatedAt` too). `null` when a row of the
 * subtree or of the parent's path is not among `locked` (it joined while
 * the locks were taken): the caller locks again.
 */
async function rewriteSubtree(
  db: Db,
  tenantId: string,
  id: string,
  newParentId: string | null,
  at: string,
  locked: readonly string[],
): Promise<EnterpriseMove | null> {
  const { rows } = await sql<
    Partial<EnterpriseRow> & {
      found: boolean;
      parent_found: boolean;
      cycle: boolean;
      covered: boolean;
    }
  >`
    WITH target AS (
      SELECT id, ancestor_ids FROM onecode_enterprises WHERE tenant_id = ${tenantId} AND id = ${id}
    ), parent AS (
      SELECT id, ancestor_ids FROM onecode_enterprises
      WHERE tenant_id = ${tenantId} AND id = ${newParentId}::text
    ), facts AS (
      SELECT
        EXISTS (SELECT 1 FROM target) AS found,
        EXISTS (SELECT 1 FROM parent) AS parent_found,
        EXISTS (SELECT 1 FROM parent WHERE parent.id = ${id} OR ${id} = ANY(parent.ancestor_ids))
          AS cycle,
        NOT EXISTS (
          SELECT 1 FROM onecode_enterprises e
          WHERE e.tenant_id = ${tenantId} AND (e.id = ${id} OR e.ancestor_ids @> ARRAY[${id}::text])
            AND e.id <> ALL(${locked}::text[])
        ) AND NOT EXISTS (
          SELECT 1 FROM parent WHERE NOT (parent.ancestor_ids || parent.id <@ ${locked}::text[])
        ) AS covered
    ), moved AS (
      UPDATE onecode_enterprises e
      SET
        parent_id = CASE WHEN e.id = ${id} THEN ${newParentId}::text ELSE e.parent_id END,
        ancestor_ids = coalesce((SELECT parent.ancestor_ids || parent.id FROM parent), '{}'::text[])
          || e.ancestor_ids[cardinality(target.ancestor_ids) + 1:],
        updated_at = CASE WHEN e.id = ${id} THEN ${at}::timestamptz ELSE e.updated_at END
      FROM target, facts
      WHERE e.tenant_id = ${tenantId} AND (e.id = ${id} OR e.ancestor_ids @> ARRAY[${id}::text])
        AND facts.covered AND NOT facts.cycle
        AND (${newParentId}::text IS NULL OR facts.parent_found)
      RETURNING e.*
    )
    SELECT facts.*, moved.*
    FROM facts LEFT JOIN moved ON moved.id = ${id}
  `.execute(db);
  const row = rows[0];
  if (!row) throw new Error("move statement returned no row");
  if (!row.found) return { outcome: "not_found" };
  if (newParentId !== null && !row.parent_found) return { outcome: "parent_not_found" };
  if (row.cycle) return { outcome: "cycle" };
  if (!row.covered) return null;
  const { found: _found, parent_found: _parent, cycle: _cycle, covered: _covered, ...moved } = row;
  return { outcome: "moved", enterprise: enterpriseFromRow(moved as EnterpriseRow) };
}

/**
 * One statement: lock the enterprise (its latest held-code count, which
 * stock moves keep under the same row lock), count its children and the
 * documents naming it, delete it when all three are zero. A child or
 * document that committed while this waited is invisible to the counts but
 * fails the delete's foreign keys (23503); the caller retries.
 */
async function deleteEmpty(db: Db, tenantId: string, id: string): Promise<EnterpriseDeletion> {
  const { rows } = await sql<{
    held: string | bigint | number;
    children: number;
    documents: number;
    deleted: number;
  }>`
    WITH target AS (
      SELECT id, held_code_count FROM onecode_enterprises
      WHERE tenant_id = ${tenantId} AND id = ${id}
      FOR UPDATE
    ), counts AS (
      SELECT
        (SELECT count(*) FROM onecode_enterprises
          WHERE tenant_id = ${tenantId} AND parent_id = ${id})::int AS children,
        (SELECT count(*) FROM onecode_stock_documents
          WHERE tenant_id = ${tenantId}
            AND (from_enterprise_id = ${id} OR to_enterprise_id = ${id}))::int AS documents
    ), deleted AS (
      DELETE FROM onecode_enterprises e
      USING target, counts
      WHERE e.tenant_id = ${tenantId} AND e.id = target.id
        AND target.held_code_count = 0 AND counts.children = 0 AND counts.documents = 0
      RETURNING e.id
    )
    SELECT target.held_code_count AS held, counts.children, counts.documents,
      (SELECT count(*) FROM deleted)::int AS deleted
    FROM target, counts
  `.execute(db);
  const row = rows[0];
  if (!row) return { outcome: "not_found" };
  if (row.deleted > 0) return { outcome: "deleted" };
  return {
    outcome: "not_empty",
    childCount: row.children,
    heldCodeCount: Number(row.held),
    documentCount: row.documents,
  };
}
