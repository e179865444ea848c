import type {
  CodePackage,
  CodePackageInsertion,
  CodePackageRepository,
  PackageStatusChange,
  SsccBase,
  SsccReservation,
} from "@onecode/core";
import { sql } from "kysely";
import type { BatchedLookups } from "./batched-lookups.js";
import { copyChunk } from "./code-chunk-copy.js";
import { checkChunk, unnestChunk } from "./code-chunk-write.js";
import {
  codeFromRow,
  codePackageFromRow,
  codePackageToRow,
  levelNumber,
} from "./codes-row-mapping.js";
import type { PostgresPool } from "./copy-pool.js";
import { isoTimestamp } from "./row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

/**
 * Code packages in `onecode_code_packages` and their codes in
 * `onecode_codes`; every statement is scoped by tenant except
 * `listUnfinished`, which schedulers call across tenants.
 *
 * `copyPool`, when given, is the node-postgres pool behind `scope` (same
 * database and `search_path`): chunk writes then stream their rows with
 * `COPY` on one of its connections. Without it (PGlite, a host's own Kysely
 * instance, inside a transaction) they use one `unnest` insert statement;
 * both are all or nothing. With `lookups`, `findCode` (on every consumer scan)
 * shares a statement with the other look-ups of its event-loop turn.
 */
export function codePackageRepository(
  scope: StatementScope,
  copyPool?: PostgresPool,
  lookups?: BatchedLookups,
): CodePackageRepository {
  const { db } = scope;
  return {
    insert: (pkg) => insertPackage(db, pkg),

    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_code_packages")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? codePackageFromRow(row) : null;
    },

    async list(tenantId, filter, page) {
      let query = db
        .selectFrom("onecode_code_packages")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (filter.merchantId !== undefined)
        query = query.where("merchant_id", "=", filter.merchantId);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(codePackageFromRow);
    },

    async writeChunk(tenantId, id, chunk) {
      checkChunk(tenantId, id, chunk);
      return copyPool
        ? copyChunk(copyPool, tenantId, id, chunk)
        : unnestChunk(scope, tenantId, id, chunk);
    },

    async setStatus(tenantId, id, change) {
      const row =
        change.from.length === 0
          ? undefined
          : await db
              .updateTable("onecode_code_packages")
              .set(statusColumns(change))
              .where("tenant_id", "=", tenantId)
              .where("id", "=", id)
              .where("status", "in", [...change.from])
              .returningAll()
              .executeTakeFirst();
      if (row) return codePackageFromRow(row);
      // Refused or absent: report the latest committed state.
      const current = await db
        .selectFrom("onecode_code_packages")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return current ? codePackageFromRow(current) : null;
    },

    async listCodes(tenantId, id, range) {
      // A range scan of onecode_codes_package_serial_key (tenant_id, package_id, serial).
      let query = db
        .selectFrom("onecode_codes")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("package_id", "=", id)
        .where("serial", ">", range.afterSerial);
      if (range.level !== undefined) query = query.where("level", "=", levelNumber(range.level));
      const rows = await query.orderBy("serial").limit(range.limit).execute();
      return rows.map(codeFromRow);
    },

    reserveSsccReferences: (tenantId, base, count) => reserveSscc(db, tenantId, base, count),

    async findBySerialToken(tenantId, token) {
      // onecode_code_packages_serial_token_idx (tenant_id, serial_token).
      const rows = await db
        .selectFrom("onecode_code_packages")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("serial_token", "=", token)
        .orderBy("id")
        .execute();
      return rows.map(codePackageFromRow);
    },

    async findCode(tenantId, code) {
      if (lookups) return lookups.findCode(tenantId, code);
      const row = await db
        .selectFrom("onecode_codes")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("code", "=", code)
        .executeTakeFirst();
      return row ? codeFromRow(row) : null;
    },

    async listUnfinished(limit, after) {
      // Matches the partial index onecode_code_packages_unfinished_idx, also past `after`.
      let query = db
        .selectFrom("onecode_code_packages")
        .select(["tenant_id", "id", "created_at"])
        .where("status", "in", ["queued", "running"])
        .where("source", "=", "generated");
      if (after !== undefined) {
        query = query.where(
          sql<boolean>`(created_at, tenant_id, id) > (${after.createdAt}::timestamptz, ${after.tenantId}::text, ${after.id}::text)`,
        );
      }
      const rows = await query
        .orderBy("created_at")
        .orderBy("tenant_id")
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        tenantId: row.tenant_id,
        id: row.id,
        createdAt: isoTimestamp(row.created_at),
      }));
    },
  };
}

function statusColumns(change: PackageStatusChange) {
  return {
    status: change.to,
    updated_at: change.updatedAt,
    ...(change.failureReason !== undefined && { failure_reason: change.failureReason }),
    ...(change.failureCode !== undefined && { failure_code: change.failureCode }),
    ...(change.finishedAt !== undefined && { finished_at: change.finishedAt }),
  };
}

/**
 * One statement: the package is inserted only if its merchant, its product
 * (when it has one) and every rule it uses exist in the tenant. Each is
 * key-share locked until commit, so a concurrent delete of any of them either
 * waits for this insert (and then fails on the foreign key) or has already
 * removed it (and nothing is inserted).
 */
/**
 * One statement: inserts the counter or advances it by `count`, only while
 * the references stay below the prefix's capacity. The row lock of the
 * upsert orders concurrent reservations, so ranges never overlap.
 */
async function reserveSscc(
  db: StatementScope["db"],
  tenantId: string,
  base: SsccBase,
  count: number,
): Promise<SsccReservation> {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new RangeError("reserveSsccReferences needs a positive integer count");
  }
  const capacity = 10 ** (16 - base.companyPrefix.length);
  const { rows } = await sql<{ next_reference: string }>`
    INSERT INTO onecode_sscc_counters AS c (tenant_id, company_prefix, extension_digit, next_reference)
    SELECT ${tenantId}::text, ${base.companyPrefix}::text, ${base.extensionDigit}::smallint,
      ${count}::bigint
    WHERE ${count}::bigint <= ${capacity}::bigint
    ON CONFLICT (tenant_id, company_prefix, extension_digit) DO UPDATE
      SET next_reference = c.next_reference + ${count}::bigint
      WHERE c.next_reference + ${count}::bigint <= ${capacity}::bigint
    RETURNING c.next_reference
  `.execute(db);
  const reserved = rows[0];
  if (reserved) {
    const next = Number(reserved.next_reference);
    return { outcome: "reserved", first: next - count, last: next - 1 };
  }
  const current = await db
    .selectFrom("onecode_sscc_counters")
    .select("next_reference")
    .where("tenant_id", "=", tenantId)
    .where("company_prefix", "=", base.companyPrefix)
    .where("extension_digit", "=", base.extensionDigit)
    .executeTakeFirst();
  return { outcome: "exhausted", remaining: capacity - Number(current?.next_reference ?? 0) };
}

async function insertPackage(
  db: StatementScope["db"],
  pkg: CodePackage,
): Promise<CodePackageInsertion> {
  const row = codePackageToRow(pkg);
  const ruleIds = [
    ...new Set(
      [row.item_rule_id, row.middle_rule_id, row.outer_rule_id].filter(
        (id): id is string => typeof id === "string",
      ),
    ),
  ];
  const { rows } = await sql<{
    merchant_found: number;
    product_found: number;
    rules_found: number;
    inserted: number;
  }>`
    WITH merchant AS (
      SELECT id FROM onecode_merchants
      WHERE tenant_id = ${row.tenant_id} AND id = ${row.merchant_id}
      FOR KEY SHARE
    ), product AS (
      SELECT id FROM onecode_products
      WHERE tenant_id = ${row.tenant_id} AND id = ${row.product_id}::text
      FOR KEY SHARE
    ), rules AS (
      SELECT id FROM onecode_code_rules
      WHERE tenant_id = ${row.tenant_id} AND id = ANY(${ruleIds}::text[])
      FOR KEY SHARE
    ), inserted AS (
      INSERT INTO onecode_code_packages (
        tenant_id, id, merchant_id, product_id, source, code_type, ratio, associated,
        item_rule_id, middle_rule_id, outer_rule_id, quantity, total, done, status,
        failure_reason, failure_code, has_serials, reserved_sequences, file_name,
        packaging_keys, serial_token, created_at, updated_at, finished_at
      )
      SELECT
        ${row.tenant_id}::text, ${row.id}::text, merchant.id, ${row.product_id}::text,
        ${row.source}::text, ${row.code_type}::text, ${row.ratio}::jsonb,
        ${row.associated}::boolean, ${row.item_rule_id}::text, ${row.middle_rule_id}::text,
        ${row.outer_rule_id}::text, ${row.quantity}::int, ${row.total}::int, ${row.done}::int,
        ${row.status}::text, ${row.failure_reason}::text, ${row.failure_code}::text,
        ${row.has_serials}::boolean,
        ${row.reserved_sequences}::jsonb, ${row.file_name}::text,
        ${row.packaging_keys}::jsonb, ${row.serial_token}::text,
        ${row.created_at}::timestamptz, ${row.updated_at}::timestamptz,
        ${row.finished_at}::timestamptz
      FROM merchant
      WHERE (${row.product_id}::text IS NULL OR EXISTS (SELECT 1 FROM product))
        AND (SELECT count(*) FROM rules) = ${ruleIds.length}
      RETURNING 1
    )
    SELECT
      (SELECT count(*) FROM merchant)::int AS merchant_found,
      (SELECT count(*) FROM product)::int AS product_found,
      (SELECT count(*) FROM rules)::int AS rules_found,
      (SELECT count(*) FROM inserted)::int AS inserted
  `.execute(db);
  const result = rows[0];
  if (result?.inserted) return { outcome: "inserted" };
  if (!result?.merchant_found) return { outcome: "merchant_not_found" };
  if (row.product_id !== null && !result.product_found) return { outcome: "product_not_found" };
  return { outcome: "rule_not_found" };
}
