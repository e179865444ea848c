import type { ListFilter, RecordScope } from "@onecode/core";
import { type RawBuilder, type SqlBool, sql } from "kysely";

/** The columns a record's access target is read from (trusted identifiers, never user input). */
export interface AccessColumns {
  readonly storeId: string;
  readonly ownerId: string;
}

const FALSE = sql<SqlBool>`false`;

function scopeCondition(scope: RecordScope, columns: AccessColumns): RawBuilder<SqlBool> {
  const { enterpriseIds, storeIds, ownerId } = scope;
  // A scope without fields holds nothing; these records have no enterprise, so none reaches them.
  if (enterpriseIds !== undefined) return FALSE;
  if (storeIds === undefined && ownerId === undefined) return FALSE;
  const parts: RawBuilder<SqlBool>[] = [];
  if (storeIds !== undefined) {
    parts.push(sql<SqlBool>`${sql.ref(columns.storeId)} = ANY(${[...storeIds]}::text[])`);
  }
  if (ownerId !== undefined) parts.push(sql<SqlBool>`${sql.ref(columns.ownerId)} = ${ownerId}`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/**
 * The SQL form of `listFilterAdmits(filter, { storeId, ownerId })`: `true`
 * for everything, otherwise the records at least one scope reaches (none
 * for an empty `anyOf`, so a malformed grant fails closed).
 */
export function accessCondition(filter: ListFilter, columns: AccessColumns): RawBuilder<SqlBool> {
  if (filter.all) return sql<SqlBool>`true`;
  if (filter.anyOf.length === 0) return FALSE;
  return sql<SqlBool>`(${sql.join(
    filter.anyOf.map((scope) => scopeCondition(scope, columns)),
    sql` OR `,
  )})`;
}
