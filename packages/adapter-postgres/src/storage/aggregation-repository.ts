import type { AggregationApplied, AggregationRepository, AggregationWrite } from "@onecode/core";
import { sql } from "kysely";
import { aggregationChangeFromRow, aggregationChangeToRow } from "./lifecycle-row-mapping.js";
import { packageLock } from "./package-lock-key.js";
import { RollBack, type StatementScope } from "./statement-scope.js";

type Db = StatementScope["db"];

/**
 * Aggregation links (`onecode_code_parent_links`), history
 * (`onecode_aggregation_changes`) and versions
 * (`onecode_code_package_versions.aggregation_version`). A change takes the
 * package's aggregation lock exclusive, so it waits for the stock moves of
 * the package in flight (they hold it shared) and they wait for it: its
 * version and holder checks read committed state nobody is changing.
 */
export function aggregationRepository(scope: StatementScope): AggregationRepository {
  const { db } = scope;
  /** A package's history in the order it was made. */
  const changesOf = (tenantId: string, packageId: string) =>
    db
      .selectFrom("onecode_aggregation_changes")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("package_id", "=", packageId)
      .orderBy("id");
  return {
    async linksAround(tenantId, packageId, segments) {
      const froms = segments.map((segment) => segment.fromSerial);
      const tos = segments.map((segment) => segment.toSerial);
      // One statement, so the version and the links are as of one moment.
      const { rows } = await sql<{
        version: string | number | null;
        links: { serial: number; parent: number | null }[];
      }>`
        WITH seg AS (SELECT * FROM unnest(${froms}::int[], ${tos}::int[]) AS s(f, t)),
        found AS (
          SELECT l.serial, l.parent_serial FROM seg
          JOIN onecode_code_parent_links l ON l.tenant_id = ${tenantId}
            AND l.package_id = ${packageId} AND l.serial BETWEEN seg.f AND seg.t
          UNION
          SELECT l.serial, l.parent_serial FROM seg
          JOIN onecode_code_parent_links l ON l.tenant_id = ${tenantId}
            AND l.package_id = ${packageId} AND l.parent_serial BETWEEN seg.f AND seg.t
        )
        SELECT
          (SELECT aggregation_version FROM onecode_code_package_versions
            WHERE tenant_id = ${tenantId} AND package_id = ${packageId}) AS version,
          coalesce(
            (SELECT json_agg(json_build_object('serial', serial, 'parent', parent_serial)
              ORDER BY serial) FROM found),
            '[]'::json
          ) AS links
      `.execute(db);
      const row = rows[0];
      return {
        version: Number(row?.version ?? 0),
        links: (row?.links ?? []).map((link) => ({
          serial: link.serial,
          parentSerial: link.parent,
        })),
      };
    },

    apply: (tenantId, write) => scope.atomic((tx) => applyChange(tx, tenantId, write)),

    async changesOfPackage(tenantId, packageId, page) {
      const rows = await changesOf(tenantId, packageId)
        .offset(page.offset)
        .limit(page.limit)
        .execute();
      return rows.map(aggregationChangeFromRow);
    },

    async changesOfCode(tenantId, packageId, serial) {
      const rows = await changesOf(tenantId, packageId)
        .where((eb) =>
          eb.or([
            eb("parent_serial", "=", serial),
            eb.and([eb("from_serial", "<=", serial), eb("to_serial", ">=", serial)]),
          ]),
        )
        .execute();
      return rows.map(aggregationChangeFromRow);
    },
  };
}

async function applyChange(
  db: Db,
  tenantId: string,
  write: AggregationWrite,
): Promise<AggregationApplied> {
  const { packageId } = write;
  const { serials, expectedHolder } = write.holders;
  // After the lock, so the version and the holders are read as the last move left them.
  await sql`SELECT ${packageLock("exclusive", tenantId, packageId)}`.execute(db);
  const { rows } = await sql<{ version: string | number | null; mismatched: number }>`
    SELECT
      (SELECT aggregation_version FROM onecode_code_package_versions
        WHERE tenant_id = ${tenantId} AND package_id = ${packageId}) AS version,
      (SELECT count(*)::int FROM unnest(${[...serials]}::int[]) AS s(serial)
        LEFT JOIN onecode_code_holdings h ON h.tenant_id = ${tenantId}
          AND h.package_id = ${packageId} AND h.serial = s.serial
        WHERE CASE WHEN ${expectedHolder === undefined}
          THEN h.serial IS NOT NULL
          ELSE h.serial IS NULL OR h.holder_id IS DISTINCT FROM ${expectedHolder ?? null}::text END
      ) AS mismatched
  `.execute(db);
  const version = Number(rows[0]?.version ?? 0);
  if (version !== write.expectedVersion) return { outcome: "version_changed", version };
  const mismatched = rows[0]?.mismatched ?? 0;
  if (mismatched > 0) return { outcome: "holder_mismatch", mismatched };

  const back = write.relinks.filter((relink) => relink.layoutParent).map((relink) => relink.serial);
  const away = write.relinks.filter((relink) => !relink.layoutParent);
  if (back.length > 0) {
    await db
      .deleteFrom("onecode_code_parent_links")
      .where("tenant_id", "=", tenantId)
      .where("package_id", "=", packageId)
      .where("serial", "in", back)
      .execute();
  }
  if (away.length > 0) {
    await sql`
      INSERT INTO onecode_code_parent_links (tenant_id, package_id, serial, parent_serial)
      SELECT ${tenantId}, ${packageId}, l.serial, l.parent_serial
      FROM unnest(${away.map((relink) => relink.serial)}::int[],
        ${away.map((relink) => relink.parentSerial)}::int[]) AS l(serial, parent_serial)
      ON CONFLICT (tenant_id, package_id, serial)
      DO UPDATE SET parent_serial = EXCLUDED.parent_serial
    `.execute(db);
  }
  if (write.changes.length > 0) {
    await db
      .insertInto("onecode_aggregation_changes")
      .values(write.changes.map(aggregationChangeToRow))
      .execute();
  }
  const bumped = await sql<{ version: string | number }>`
    INSERT INTO onecode_code_package_versions (tenant_id, package_id, aggregation_version)
    VALUES (${tenantId}, ${packageId}, 1)
    ON CONFLICT (tenant_id, package_id)
    DO UPDATE SET aggregation_version = onecode_code_package_versions.aggregation_version + 1
    RETURNING aggregation_version AS version
  `.execute(db);
  const next = Number(bumped.rows[0]?.version);
  if (next !== write.expectedVersion + 1) {
    throw new RollBack<AggregationApplied>({ outcome: "version_changed", version: next - 1 });
  }
  return { outcome: "applied", version: next };
}
