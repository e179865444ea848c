import { type CompiledQuery, type Kysely, sql } from "kysely";
import type { OneCodeDatabase } from "../../src/database.js";

/** Every query `db` runs, compiled, in order. */
export function recording(db: Kysely<OneCodeDatabase>) {
  const queries: CompiledQuery[] = [];
  // A new instance with an executor of its own, whose executeQuery sees every compiled statement.
  const recorder = db.withPlugin({
    transformQuery: ({ node }) => node,
    transformResult: async ({ result }) => result,
  });
  const executor = recorder.getExecutor();
  const original = executor.executeQuery.bind(executor);
  executor.executeQuery = ((compiled: CompiledQuery, ...rest: unknown[]) => {
    queries.push(compiled);
    return (original as (...args: unknown[]) => ReturnType<typeof original>)(compiled, ...rest);
  }) as typeof executor.executeQuery;
  return { db: recorder, queries };
}

/** The plan of a compiled statement, one line per node, with its own parameters bound. */
export async function planOf(
  db: Kysely<OneCodeDatabase>,
  query: CompiledQuery,
  forceIndex: boolean,
) {
  return db.transaction().execute(async (tx) => {
    if (forceIndex) await sql`SET LOCAL enable_seqscan = off`.execute(tx);
    const result = await tx.executeQuery<{ "QUERY PLAN": string }>({
      ...query,
      sql: `EXPLAIN ${query.sql}`,
    });
    return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
  });
}

/**
 * The generic plan of a statement, as a prepared statement gets it after
 * its first executions (the planner then no longer sees the values, such as
 * the length of an `unnest`-ed key array).
 */
export function genericPlanOf(
  db: Kysely<OneCodeDatabase>,
  query: CompiledQuery,
  forceIndex: boolean,
) {
  return preparedPlanOf(db, query, {
    plan_cache_mode: "force_generic_plan",
    ...(forceIndex && { enable_seqscan: "off" }),
  });
}

/** The plan a statement prepared in a session with `settings` executes with. */
export async function preparedPlanOf(
  db: Kysely<OneCodeDatabase>,
  query: CompiledQuery,
  settings: Readonly<Record<string, string>>,
) {
  return db.transaction().execute(async (tx) => {
    for (const [name, value] of Object.entries(settings)) {
      await sql.raw(`SET LOCAL ${name} = ${value}`).execute(tx);
    }
    // PREPARE outlives a rolled-back transaction: a name of its own, deallocated after use.
    const name = `onecode_plan_probe_${Math.random().toString(36).slice(2)}`;
    await sql.raw(`PREPARE ${name} AS ${query.sql}`).execute(tx);
    // EXECUTE takes no bind parameters: its arguments are literals.
    const values = query.parameters.map(literal).join(", ");
    const result = await sql
      .raw<{ "QUERY PLAN": string }>(`EXPLAIN EXECUTE ${name}(${values})`)
      .execute(tx);
    await sql.raw(`DEALLOCATE ${name}`).execute(tx);
    return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
  });
}

/** A value as an SQL literal, for the test statements above only (arrays as array literals). */
function literal(value: unknown): string {
  const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return quoted(value.toISOString());
  if (Array.isArray(value)) {
    const element = (item: unknown) =>
      item === null ? "NULL" : `"${String(item).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
    return quoted(`{${value.map(element).join(",")}}`);
  }
  if (typeof value === "object") return quoted(JSON.stringify(value));
  return quoted(String(value));
}
