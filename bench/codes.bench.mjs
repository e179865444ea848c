// Code generation against real PostgreSQL: one (or --jobs J) generation job
// of 1,000,000 codes through the public API, timed, compared with psql's
// \copy of the same number of rows of the same width into a table with the
// same schema and indexes as onecode_codes.
//
//   npm run build && npm run bench -- codes [--codes N] [--jobs J] [--chunk N]
//
// DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) must point at
// a server where the user may create schemas; everything happens in a fresh
// schema dropped at the end. Durability stays as configured on the server
// (synchronous_commit is never touched). Last line: JSON.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createPostgresDb,
  migrate,
  postgresHotState,
  postgresStorage,
} from "@onecode/adapter-postgres";
import { createOneCode, tenantContext } from "@onecode/core";
import { ALPHABETS } from "@onecode/core/adapter-kit";
import pg from "pg";
import { createBenchRule, numberOption } from "./support/bench-options.mjs";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const CODES = numberOption("--codes", 1_000_000);
const JOBS = numberOption("--jobs", 1);
const CHUNK = numberOption("--chunk", 10_000);
const TENANT = "bench";
const COLUMNS = "serial, parent_serial, level, tenant_id, code, package_id, url";

const seconds = (from) => Number(process.hrtime.bigint() - from) / 1e9;
const round = (value, digits = 3) => Number(value.toFixed(digits));
const fmt = (n) => n.toLocaleString("en-US");
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** A plain client for set-up, checks and clean-up, outside the code under test. */
async function admin(work) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** CHECKPOINT before a timed section, so neither side pays for the other's dirty pages. */
async function checkpoint(client) {
  try {
    await client.query("CHECKPOINT");
  } catch {
    // Needs superuser (or pg_checkpoint); without it the figures are just noisier.
  }
}

/** Writes `rows` synthetic onecode_codes rows as CSV, codes of the rule's shape. */
async function writeSyntheticCsv(path, rows, packageId) {
  const alphabet = ALPHABETS.mixed;
  const out = createWriteStream(path);
  const batch = 10_000;
  for (let from = 1; from <= rows; from += batch) {
    const count = Math.min(batch, rows - from + 1);
    const bytes = randomBytes(count * 22);
    let text = "";
    for (let i = 0; i < count; i++) {
      let code = "OC";
      for (let k = 0; k < 22; k++) code += alphabet[bytes[i * 22 + k] % alphabet.length];
      // serial, parent_serial (NULL), level 0, tenant, code, package, url (NULL)
      text += `${from + i},,0,${TENANT},${code},${packageId},\n`;
    }
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Runs psql's \copy of `file` into `table`; resolves with the wall-clock seconds. */
function psqlCopy(schema, table, file) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const psql = spawn(
      "psql",
      [
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-d",
        DATABASE_URL,
        "-c",
        `\\copy "${schema}".${table} (${COLUMNS}) FROM '${file}' WITH (FORMAT csv)`,
      ],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
    psql.on("error", reject);
    psql.on("exit", (code) =>
      code === 0 ? resolve(seconds(started)) : reject(new Error(`psql exited with ${code}`)),
    );
  });
}

const schema = `onecode_bench_${randomBytes(4).toString("hex")}`;
const workDir = await mkdtemp(join(tmpdir(), "onecode-bench-"));
let db;
let failed = false;

try {
  const server = await admin(async (client) => {
    await client.query(`CREATE SCHEMA "${schema}"`);
    const { rows } = await client.query(
      "SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS sync, current_setting('shared_buffers') AS buffers",
    );
    return rows[0];
  });
  console.log(
    `PostgreSQL ${server.version} (synchronous_commit=${server.sync}, shared_buffers=${server.buffers}), schema ${schema}`,
  );

  db = createPostgresDb({ connectionString: DATABASE_URL, schema });
  await migrate(db);
  // Time spent inside the adapter's chunk writes, to split job time into database and core work.
  const storage = postgresStorage({ db });
  let writeNs = 0n;
  const { writeChunk } = storage.codePackages;
  storage.codePackages.writeChunk = async (...args) => {
    const started = process.hrtime.bigint();
    try {
      return await writeChunk(...args);
    } finally {
      writeNs += process.hrtime.bigint() - started;
    }
  };
  const onecode = createOneCode({
    storage,
    hotState: postgresHotState({ db }),
    codes: { chunkSize: CHUNK },
  });
  const ctx = tenantContext(TENANT, { id: "bench-admin", kind: "staff", roles: ["admin"] });
  const { merchant, rule } = await createBenchRule(onecode, ctx);
  console.log(`${JOBS} job(s) of ${fmt(CODES)} codes, chunks of ${fmt(CHUNK)}`);

  // --- generation jobs, timed one by one ---
  const jobSeconds = [];
  const packageIds = [];
  for (let job = 1; job <= JOBS; job++) {
    await admin(checkpoint);
    writeNs = 0n;
    const started = process.hrtime.bigint();
    const queued = await onecode.codePackages.generate(ctx, {
      merchantId: merchant.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: CODES,
    });
    const finished = await onecode.codePackages.waitFor(ctx, queued.id);
    const took = seconds(started);
    if (finished.status !== "succeeded") {
      throw new Error(`job ${queued.id} ended ${finished.status}: ${finished.failureReason}`);
    }
    jobSeconds.push(took);
    packageIds.push(queued.id);
    console.log(
      `job ${job}: ${fmt(finished.done)} codes in ${took.toFixed(2)} s (${fmt(Math.round(CODES / took))} codes/s; ${(Number(writeNs) / 1e9).toFixed(2)} s in writeChunk), peak RSS so far ${peakRssMb()} MB`,
    );
  }
  const jobPeakRssMb = peakRssMb();

  // --- uniqueness ---
  const unique = await admin(async (client) => {
    let ok = true;
    for (const packageId of packageIds) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n, count(DISTINCT code)::int AS d, min(serial) AS lo, max(serial) AS hi
         FROM "${schema}".onecode_codes WHERE tenant_id = $1 AND package_id = $2`,
        [TENANT, packageId],
      );
      const { n, d, lo, hi } = rows[0];
      const fine = n === CODES && d === CODES && lo === 1 && hi === CODES;
      console.log(
        `package ${packageId}: count ${fmt(n)}, distinct ${fmt(d)}, serials ${lo}..${hi}`,
      );
      ok &&= fine;
    }
    const { rows } = await client.query(
      `SELECT count(*)::int AS n, count(DISTINCT code)::int AS d FROM "${schema}".onecode_codes WHERE tenant_id = $1`,
      [TENANT],
    );
    console.log(`tenant: count ${fmt(rows[0].n)}, distinct ${fmt(rows[0].d)}`);
    const sizes = await client.query(
      `SELECT c.relname AS name, pg_size_pretty(pg_relation_size(c.oid)) AS size
       FROM pg_class c WHERE c.relnamespace = $1::regnamespace
         AND c.relname IN ('onecode_codes', 'onecode_codes_pkey', 'onecode_codes_package_serial_key')
       ORDER BY c.relname`,
      [schema],
    );
    console.log(`sizes: ${sizes.rows.map((row) => `${row.name} ${row.size}`).join(", ")}`);
    return ok && rows[0].n === CODES * JOBS && rows[0].d === CODES * JOBS;
  });
  await onecode.close();
  await db.destroy();
  db = undefined;

  // --- the baseline: psql \copy of the same rows into the same table shape ---
  const csvFiles = [];
  for (let job = 1; job <= JOBS; job++) {
    const file = join(workDir, `codes-${job}.csv`);
    await writeSyntheticCsv(file, CODES, `pkg_bench${String(job).padStart(21, "0")}`);
    csvFiles.push(file);
  }
  console.log(
    `synthetic CSV: ${JOBS} file(s) of ${fmt(CODES)} rows, ${((await stat(csvFiles[0])).size / 1048576).toFixed(1)} MB each`,
  );
  await admin((client) =>
    client.query(
      `CREATE TABLE "${schema}".bench_copy (LIKE "${schema}".onecode_codes INCLUDING ALL)`,
    ),
  );
  const copySeconds = [];
  for (const file of csvFiles) {
    await admin(checkpoint);
    const took = await psqlCopy(schema, "bench_copy", file);
    copySeconds.push(took);
    console.log(`psql \\copy: ${fmt(CODES)} rows in ${took.toFixed(2)} s`);
  }

  const total = jobSeconds.reduce((a, b) => a + b, 0);
  const copyTotal = copySeconds.reduce((a, b) => a + b, 0);
  const ratio = total / copyTotal;
  console.log(
    `generation ${total.toFixed(2)} s vs \\copy ${copyTotal.toFixed(2)} s: ratio ${ratio.toFixed(2)} (target ≤ 1.5); peak RSS ${jobPeakRssMb} MB (target ≤ 300); unique ${unique}`,
  );
  const result =
    JOBS === 1
      ? {
          codes: CODES,
          seconds: round(total),
          copy_seconds: round(copyTotal),
          ratio_vs_copy: round(ratio),
          peak_rss_mb: jobPeakRssMb,
          unique,
        }
      : {
          codes: CODES * JOBS,
          seconds: round(total),
          copy_seconds: round(copyTotal),
          ratio_vs_copy: round(ratio),
          peak_rss_mb: jobPeakRssMb,
          unique,
          jobs: JOBS,
          codes_per_job: CODES,
          job_seconds: jobSeconds.map((s) => round(s)),
          copy_job_seconds: copySeconds.map((s) => round(s)),
        };
  if (!unique) failed = true;
  console.log(JSON.stringify(result));
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await db?.destroy().catch(() => undefined);
  await admin((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).catch(
    (error) => console.error(`could not drop schema ${schema}: ${error.message}`),
  );
  await rm(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
