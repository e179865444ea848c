import { freshTenantId } from "@onecode/core/testing";
import type { CompiledQuery } from "kysely";
import { migrate } from "../../src/migrate.js";
import { postgresStorage } from "../../src/postgres-storage.js";
import { recording } from "./query-plans.js";
import type { Target } from "./targets.js";

/**
 * A fresh, migrated database of `target` (`plain`, for plans and raw SQL),
 * a storage over it whose every statement lands in `queries`, and a new
 * tenant: the set-up of the tests that check which plans the storage's
 * statements get.
 */
export async function recordedStorage(target: Target) {
  const { db: plain } = await target.fresh();
  await migrate(plain);
  const { db, queries } = recording(plain);
  return { plain, queries, storage: postgresStorage({ db }), tenant: freshTenantId() };
}

/** The last recorded query whose SQL matches `pattern`. */
export function lastMatching(queries: readonly CompiledQuery[], pattern: RegExp): CompiledQuery {
  const query = queries.findLast((candidate) => pattern.test(candidate.sql));
  if (!query) throw new Error(`no recorded query matches ${pattern}`);
  return query;
}
