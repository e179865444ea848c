// Scan statistics on a realistic scans table, and what their index costs the
// scan insert: the BRIN index on onecode_scans.scanned_at (migration 0010).
//
//   npm run bench -- scan-statistics [--rows 10_000_000] [--days 180]
//                    [--tenants 20] [--repeat 3] [--insert-rows 200_000] [--rounds 6]
//
// Set-up, in a fresh schema (migrated; dropped at the end) of DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/test): --rows scans over
// --days days from 2026-01-01 (Shanghai), written in time order as scans
// arrive, by SQL generate_series. Tenant "big" makes 40% of them, the rest
// are spread over --tenants - 1 small tenants; 34 regions, 50 products of
// 500 batches, verdicts 90% genuine, 5% unknown_code (no product or batch),
// 3% suspicious, 2% batch_inactive. Then VACUUM ANALYZE, as autovacuum would.
//
// Queries: each through onecode.statistics.scans on postgresStorage, timed
// end to end (median of --repeat runs after one unmeasured run), first with
// the BRIN index, then with it dropped (the plain filters on the existing
// key):
//   big_30d_by_day          tenant big, the last 30 days by day
//   big_30d_by_day_region   ... by day and region
//   small_30d_by_day_verdict  a small tenant, 30 days by day and verdict
//   big_7d_product_by_batch  tenant big, 7 days of one product by batch
//   big_all_by_week          tenant big, all --days days by week
//
// Insert cost: in each of --rounds rounds, --insert-rows scans appended by
// one INSERT ... SELECT in each of three states of the table (in an order
// that rotates per round): without the index (none); with it as autovacuum
// and autosummarize keep it, every full range summarized and the range being
// filled not (brin: an insert finds no summary to widen); with it just
// created, the range being filled summarized too (brin_fresh: its inserts
// widen that summary until the next range begins, the most an insert can
// pay). The index is created again before each run with it. Each run's rows
// are deleted and vacuumed away after it, so every run starts from the same
// table (else the growing primary key makes later runs dearer whatever
// their state); one unmeasured run comes first. The figure is
// the inserting backend's CPU time per row, from /proc (Linux), which other
// sessions on the machine do not inflate as they do wall time. The
// summarizing autovacuum does in the background (one pass over each full
// range of 128 pages) is not in it.
//
// Last line, JSON: rows, heap_mb, brin_kb, pkey_mb; queries_ms and
// queries_ms_without_index ({ name: median ms }); uses_brin (the plan of the
// last-30-days range filter); insert_cpu_us_per_row { none, brin,
// brin_fresh } (medians), insert_added_cpu_us_per_row and
// insert_added_percent (brin against none), insert_added_percent_fresh;
// insert_rounds (every run: { index, cpu_us_per_row, wall_us_per_row }).
import { randomBytes } from "node:crypto";
import { createPostgresDb, migrate, postgresStorage } from "@onecode/adapter-postgres";
import { createOneCode, tenantContext } from "@onecode/core";
import pg from "pg";
import { numberOption } from "./support/bench-options.mjs";
import { cpuSeconds } from "./support/process-cpu.mjs";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ROWS = numberOption("--rows", 10_000_000);
const DAYS = numberOption("--days", 180);
const TENANTS = Math.max(2, numberOption("--tenants", 20));
const REPEAT = numberOption("--repeat", 3);
const INSERT_ROWS = numberOption("--insert-rows", 200_000);
const ROUNDS = numberOption("--rounds", 6);
const START = "2026-01-01T00:00:00+08:00";
const CHUNK = 1_000_000;
const BRIN =
  "CREATE INDEX onecode_scans_scanned_at_brin ON onecode_scans USING brin (scanned_at) WITH (autosummarize = on)";

const round = (value, digits = 2) => Number(value.toFixed(digits));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const dateAfter = (days) =>
  new Date(Date.parse("2026-01-01T00:00:00Z") + days * 86_400_000).toISOString().slice(0, 10);

const schema = `onecode_bench_${randomBytes(4).toString("hex")}`;
const client = new pg.Client({ connectionString: DATABASE_URL });
let db;
let failed = false;

/** The scans of chunk [from, to]: columns in the order of onecode_scans' insert below. */
function generateChunk(from, to) {
  return client.query(
    `INSERT INTO onecode_scans
       (scanned_at, verdict, tenant_id, code, id, region, visitor_id, declared_visitor_id, batch_id, product_id)
     SELECT
       $1::timestamptz + (g * ($2::float8 * 86400 / $3::float8)) * interval '1 second',
       CASE WHEN h % 100 < 90 THEN 0 WHEN h % 100 < 95 THEN 1 WHEN h % 100 < 98 THEN 3 ELSE 2 END,
       CASE WHEN h % 10 < 4 THEN 'big' ELSE 'small' || ((h / 10) % ($4::int - 1) + 1) END,
       'C' || lpad(((h * 7919) % 5000000)::text, 12, '0'),
       'scan_' || lpad(g::text, 20, '0'),
       'CN-' || ((h / 7) % 34),
       'ip:' || lpad(to_hex((h * 31) % 2000000), 16, '0'),
       'cookie-' || (h % 1000000),
       CASE WHEN h % 100 BETWEEN 90 AND 94 THEN NULL ELSE 'tb_' || lpad(((h / 3) % 500)::text, 8, '0') END,
       CASE WHEN h % 100 BETWEEN 90 AND 94 THEN NULL ELSE 'prd_' || lpad(((h / 3) % 500 / 10)::text, 6, '0') END
     FROM (SELECT g, abs(hashint4(g::int))::bigint AS h FROM generate_series($5::bigint, $6::bigint) AS g) AS s`,
    [START, DAYS, ROWS, TENANTS, from, to],
  );
}

/** Runs `query` once unmeasured, then --repeat times; the median wall time in ms. */
async function timed(run) {
  await run();
  const times = [];
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return round(median(times), 1);
}

/** The statistics queries of the benchmark, by name. */
function statisticsQueries(onecode) {
  const staff = { id: "bench", kind: "staff", roles: ["admin"] };
  const big = tenantContext("big", staff);
  const small = tenantContext("small1", staff);
  const lastDay = dateAfter(DAYS - 1);
  const last30 = { from: dateAfter(DAYS - 30), to: lastDay };
  return {
    big_30d_by_day: () => onecode.statistics.scans(big, last30),
    big_30d_by_day_region: () =>
      onecode.statistics.scans(big, { ...last30, groupBy: ["period", "region"] }),
    small_30d_by_day_verdict: () =>
      onecode.statistics.scans(small, { ...last30, groupBy: ["period", "verdict"] }),
    big_7d_product_by_batch: () =>
      onecode.statistics.scans(big, {
        from: dateAfter(DAYS - 7),
        to: lastDay,
        productId: "prd_000007",
        groupBy: ["batchId"],
      }),
    big_all_by_week: () =>
      onecode.statistics.scans(big, {
        from: dateAfter(0),
        to: lastDay,
        granularity: "week",
      }),
  };
}

async function runQueries(queries) {
  const figures = {};
  for (const [name, run] of Object.entries(queries)) {
    figures[name] = await timed(run);
    console.log(`  ${name}: ${figures[name]} ms`);
  }
  return figures;
}

/** Removes the rows of an insert run, leaving the table as it was for the next one. */
async function removeInserted() {
  await client.query("DELETE FROM onecode_scans WHERE id LIKE 'scan_new_%'");
  await client.query("VACUUM onecode_scans");
}

/** Appends --insert-rows scans after every other one; the backend's CPU and wall time per row. */
async function insertRun(pid, index, offset) {
  const before = cpuSeconds(pid);
  const started = performance.now();
  await client.query(
    `INSERT INTO onecode_scans
       (scanned_at, verdict, tenant_id, code, id, region, visitor_id, declared_visitor_id, batch_id, product_id)
     SELECT clock_timestamp(), 0, 'big', 'N' || md5(g::text), 'scan_new_' || lpad(g::text, 16, '0'),
       'CN-1', 'ip:0000000000000001', 'cookie-1', 'tb_00000001', 'prd_000001'
     FROM generate_series($1::bigint, $2::bigint) AS g`,
    [offset, offset + INSERT_ROWS - 1],
  );
  const wall = performance.now() - started;
  const cpu = cpuSeconds(pid) - before;
  return {
    index,
    cpu_us_per_row: round((cpu * 1e6) / INSERT_ROWS, 3),
    wall_us_per_row: round((wall * 1000) / INSERT_ROWS, 3),
  };
}

try {
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.query(`SET search_path = "${schema}"`);
  db = createPostgresDb({ connectionString: DATABASE_URL, schema });
  await migrate(db);
  const server = await client.query(
    "SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS buffers, current_setting('max_parallel_workers_per_gather') AS workers",
  );
  const { version, buffers, workers } = server.rows[0];
  console.log(
    `PostgreSQL ${version} (shared_buffers=${buffers}, max_parallel_workers_per_gather=${workers}), schema ${schema}`,
  );

  const loadStarted = performance.now();
  for (let from = 1; from <= ROWS; from += CHUNK) {
    await generateChunk(from, Math.min(ROWS, from + CHUNK - 1));
    process.stdout.write(
      `\r  generated ${Math.min(ROWS, from + CHUNK - 1).toLocaleString("en-US")} scans`,
    );
  }
  await client.query("VACUUM ANALYZE onecode_scans");
  console.log(` in ${round((performance.now() - loadStarted) / 1000, 1)} s, vacuumed and analyzed`);
  const sizes = (
    await client.query(
      `SELECT pg_relation_size('onecode_scans') AS heap,
         pg_relation_size('onecode_scans_scanned_at_brin') AS brin,
         pg_relation_size('onecode_scans_pkey') AS pkey`,
    )
  ).rows[0];
  const heapMb = round(Number(sizes.heap) / 1048576, 0);
  const brinKb = round(Number(sizes.brin) / 1024, 0);
  const pkeyMb = round(Number(sizes.pkey) / 1048576, 0);
  console.log(`sizes: heap ${heapMb} MB, primary key ${pkeyMb} MB, BRIN ${brinKb} kB`);

  const onecode = createOneCode({ storage: postgresStorage({ db }) });
  const queries = statisticsQueries(onecode);
  // The plan of the statistics queries' range filter over the last 30 days.
  const plan = await client.query(
    `EXPLAIN SELECT count(*) FROM onecode_scans WHERE tenant_id = 'big'
       AND scanned_at >= $1::timestamptz AND scanned_at < $2::timestamptz`,
    [`${dateAfter(DAYS - 30)}T00:00:00+08:00`, `${dateAfter(DAYS)}T00:00:00+08:00`],
  );
  const usesBrin = plan.rows.some((row) => row["QUERY PLAN"].includes("scanned_at_brin"));
  console.log(`queries with the BRIN index (plan uses it: ${usesBrin}):`);
  const withIndex = await runQueries(queries);
  await client.query("DROP INDEX onecode_scans_scanned_at_brin");
  console.log("queries without it:");
  const withoutIndex = await runQueries(queries);

  const pid = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
  const runs = [];
  let offset = 1;
  await insertRun(pid, "none", offset);
  await removeInserted();
  const states = ["none", "brin", "brin_fresh"];
  for (let r = 0; r < ROUNDS; r++) {
    for (const index of [...states.slice(r % 3), ...states.slice(0, r % 3)]) {
      await client.query("DROP INDEX IF EXISTS onecode_scans_scanned_at_brin");
      if (index !== "none") await client.query(BRIN);
      if (index === "brin") {
        // As vacuum and autosummarize leave it: the range being filled has no summary.
        await client.query(
          `SELECT brin_desummarize_range('onecode_scans_scanned_at_brin',
             pg_relation_size('onecode_scans') / current_setting('block_size')::int - 1)`,
        );
      }
      await client.query("CHECKPOINT").catch(() => undefined);
      const run = await insertRun(pid, index, offset);
      offset += INSERT_ROWS;
      runs.push(run);
      await removeInserted();
      console.log(
        `  insert round ${r + 1}, ${index.padEnd(10)}: ${run.cpu_us_per_row} µs CPU, ${run.wall_us_per_row} µs wall per row`,
      );
    }
  }
  const cpuOf = (index) =>
    median(runs.filter((run) => run.index === index).map((run) => run.cpu_us_per_row));
  const withBrin = cpuOf("brin");
  const fresh = cpuOf("brin_fresh");
  const without = cpuOf("none");
  const result = {
    rows: ROWS,
    days: DAYS,
    heap_mb: heapMb,
    pkey_mb: pkeyMb,
    brin_kb: brinKb,
    uses_brin: usesBrin,
    queries_ms: withIndex,
    queries_ms_without_index: withoutIndex,
    insert_cpu_us_per_row: {
      none: round(without, 3),
      brin: round(withBrin, 3),
      brin_fresh: round(fresh, 3),
    },
    insert_added_cpu_us_per_row: round(withBrin - without, 3),
    insert_added_percent: round(((withBrin - without) / without) * 100, 1),
    insert_added_percent_fresh: round(((fresh - without) / without) * 100, 1),
    insert_rounds: runs,
  };
  await onecode.close();
  console.log(JSON.stringify(result));
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await db?.destroy().catch(() => undefined);
  await client
    .query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    .catch((error) => console.error(`could not drop schema ${schema}: ${error.message}`));
  await client.end().catch(() => undefined);
}
process.exit(failed ? 1 : 0);
