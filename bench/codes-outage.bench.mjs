// A 1,000,000-code generation job on real PostgreSQL whose connections are
// terminated (pg_terminate_backend, as an administrator or a failover would)
// while it runs. Checks that the job continues by itself and ends with every
// serial exactly once, and measures what the outages cost.
//
//   npm run build && npm run bench -- codes-outage [--codes N] [--cuts 250000,500000,750000]
//
// Only this run's connections are terminated: they carry an application_name
// of their own. DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
// must allow creating schemas; everything happens in a fresh schema dropped at
// the end. Last line: JSON.
import { randomBytes } from "node:crypto";
import {
  createPostgresDb,
  migrate,
  postgresHotState,
  postgresStorage,
} from "@onecode/adapter-postgres";
import { createOneCode, isOneCodeError, tenantContext } from "@onecode/core";
import pg from "pg";
import { createBenchRule, numberOption } from "./support/bench-options.mjs";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const CODES = numberOption("--codes", 1_000_000);
const cutsArgument = process.argv.indexOf("--cuts");
const CUTS = (
  cutsArgument > 0
    ? process.argv[cutsArgument + 1].split(",").map(Number)
    : [0.25, 0.5, 0.75].map((share) => Math.round(CODES * share))
).sort((a, b) => a - b);
const TENANT = "bench";

const seconds = (from) => Number(process.hrtime.bigint() - from) / 1e9;
const fmt = (n) => n.toLocaleString("en-US");

async function admin(work) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const schema = `onecode_bench_${randomBytes(4).toString("hex")}`;
const applicationName = `onecode_outage_${randomBytes(4).toString("hex")}`;
const url = new URL(DATABASE_URL);
url.searchParams.set("application_name", applicationName);
let db;
let failed = false;

try {
  await admin((client) => client.query(`CREATE SCHEMA "${schema}"`));
  db = createPostgresDb({ connectionString: url.toString(), schema, onIdleError: () => {} });
  await migrate(db);
  const outages = [];
  const onecode = createOneCode({
    storage: postgresStorage({ db }),
    hotState: postgresHotState({ db }),
    codes: {
      onJobError: (error) => {
        outages.push({
          at: process.hrtime.bigint(),
          unavailable: isOneCodeError(error, "SERVICE_UNAVAILABLE"),
        });
      },
    },
  });
  const ctx = tenantContext(TENANT, { id: "bench-admin", kind: "staff", roles: ["admin"] });
  const { merchant, rule } = await createBenchRule(onecode, ctx);
  console.log(
    `one job of ${fmt(CODES)} codes; connections terminated at ${CUTS.map(fmt).join(", ")} codes`,
  );

  const started = process.hrtime.bigint();
  const queued = await onecode.codePackages.generate(ctx, {
    merchantId: merchant.id,
    codeType: "single",
    rules: { item: rule.id },
    quantity: CODES,
  });
  const cuts = [];
  let pendingCut;
  for await (const progress of onecode.codePackages.watch(ctx, queued.id, { pollMs: 50 })) {
    if (pendingCut && progress.done > pendingCut.done) {
      // First progress after the cut: the job is writing again.
      pendingCut.resumedAfterS = seconds(pendingCut.at);
      pendingCut = undefined;
    }
    const next = CUTS[cuts.length];
    if (next !== undefined && progress.done >= next && !pendingCut) {
      const at = process.hrtime.bigint();
      const terminated = await admin(async (client) => {
        const { rows } = await client.query(
          "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1",
          [applicationName],
        );
        return rows[0].n;
      });
      pendingCut = { done: progress.done, at, terminated, resumedAfterS: null };
      cuts.push(pendingCut);
      console.log(`at ${fmt(progress.done)} codes: terminated ${terminated} connection(s)`);
    }
  }
  const took = seconds(started);
  const finished = await onecode.codePackages.get(ctx, queued.id);
  const check = await admin(async (client) => {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n, count(DISTINCT code)::int AS d, min(serial) AS lo, max(serial) AS hi
       FROM "${schema}".onecode_codes WHERE tenant_id = $1 AND package_id = $2`,
      [TENANT, queued.id],
    );
    return rows[0];
  });
  for (const cut of cuts) {
    console.log(
      `cut at ${fmt(cut.done)}: ${cut.terminated} connection(s) terminated, writing again after ${cut.resumedAfterS?.toFixed(3) ?? "-"} s`,
    );
  }
  console.log(
    `job ${finished.status} (failureReason ${JSON.stringify(finished.failureReason)}) in ${took.toFixed(2)} s (${fmt(Math.round(CODES / took))} codes/s); outages reported: ${outages.length} (all SERVICE_UNAVAILABLE: ${outages.every((o) => o.unavailable)})`,
  );
  console.log(
    `codes: count ${fmt(check.n)}, distinct ${fmt(check.d)}, serials ${check.lo}..${check.hi}`,
  );
  const complete =
    finished.status === "succeeded" &&
    check.n === CODES &&
    check.d === CODES &&
    check.lo === 1 &&
    check.hi === CODES;
  failed = !complete || cuts.length !== CUTS.length;
  await onecode.close();
  console.log(
    JSON.stringify({
      bench: "codes-outage",
      codes: CODES,
      status: finished.status,
      failure_reason: finished.failureReason,
      seconds: Number(took.toFixed(3)),
      codes_per_s: Math.round(CODES / took),
      cuts: cuts.map((cut) => ({
        at_codes: cut.done,
        terminated: cut.terminated,
        resumed_after_s: cut.resumedAfterS === null ? null : Number(cut.resumedAfterS.toFixed(3)),
      })),
      outages_reported: outages.length,
      rows: check.n,
      distinct_codes: check.d,
      complete,
    }),
  );
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await db?.destroy().catch(() => undefined);
  await admin((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).catch(
    () => undefined,
  );
}
process.exit(failed ? 1 : 0);
