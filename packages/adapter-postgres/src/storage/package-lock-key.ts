import { type RawBuilder, sql } from "kysely";

/**
 * The advisory-lock class of per-package aggregation locks: stock moves of a
 * package's codes take the lock shared, unpacks and re-packs exclusive. The
 * two-key form keeps these locks apart from any single-key advisory lock the
 * host or the migrations take.
 */
const AGGREGATION_LOCK_CLASS = 0x0c0de006;

/** `pg_advisory_xact_lock_shared` / `pg_advisory_xact_lock` on a package, released at commit. */
export function packageLock(
  mode: "shared" | "exclusive",
  tenantId: string,
  packageId: string,
): RawBuilder<unknown> {
  const fn = sql.raw(mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock");
  return sql`${fn}(${AGGREGATION_LOCK_CLASS}::int, hashtext(${tenantId}::text || ':' || ${packageId}::text))`;
}
