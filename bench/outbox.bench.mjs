// Outbox throughput on PostgreSQL: how fast dispatchers drain a backlog, and
// that parallel dispatchers (SKIP LOCKED claims) deliver each event once, in
// order per aggregate.
//
//   npm run bench -- outbox [--events 20_000] [--aggregates 2_000] [--limit 500]
//
// Set-up, in a fresh schema (migrated; dropped at the end) of DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/test): --events events spread
// round-robin over --aggregates aggregates of one tenant, recorded 100 per
// transaction through onecode.outbox.record. Each run then drains the
// backlog with 1, then 2, then 4 dispatchers (OneCode instances with pools
// of their own, as separate processes would have), each ticking
// dispatch({ limit: --limit }) until nothing is due; a handler counts
// deliveries. Between runs every event is put back to pending.
//
// Last line, JSON: events, aggregates, record_events_per_s, and per dispatcher
// count { events_per_s, ms, duplicates, out_of_order }.
import { randomBytes } from "node:crypto";
import { createPostgresDb, migrate, postgresStorage } from "@onecode/adapter-postgres";
import { createOneCode, tenantContext } from "@onecode/core";
import pg from "pg";
import { numberOption } from "./support/bench-options.mjs";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const EVENTS = numberOption("--events", 20_000);
const AGGREGATES = numberOption("--aggregates", 2_000);
const LIMIT = numberOption("--limit", 500);
const schema = `onecode_bench_${randomBytes(4).toString("hex")}`;
const ctx = tenantContext("bench");
const client = new pg.Client({ connectionString: DATABASE_URL });
const dbs = [];
let failed = false;

const open = () => {
  const db = createPostgresDb({ connectionString: DATABASE_URL, schema });
  dbs.push(db);
  return db;
};

/** Drains the backlog with `count` dispatchers; checks once-only and per-aggregate order. */
async function drain(count, instances) {
  const seen = new Map();
  const last = new Map();
  let duplicates = 0;
  let outOfOrder = 0;
  for (const onecode of instances.slice(0, count)) {
    onecode.__track = (event) => {
      if (seen.has(event.id)) duplicates += 1;
      seen.set(event.id, true);
      const n = event.payload.n;
      if ((last.get(event.aggregate.id) ?? -1) > n) outOfOrder += 1;
      last.set(event.aggregate.id, n);
    };
  }
  const started = performance.now();
  await Promise.all(
    instances.slice(0, count).map(async (onecode) => {
      for (;;) {
        const { delivered } = await onecode.outbox.dispatch({ limit: LIMIT });
        if (delivered === 0) return;
      }
    }),
  );
  const ms = performance.now() - started;
  if (seen.size !== EVENTS) throw new Error(`delivered ${seen.size} of ${EVENTS}`);
  return {
    events_per_s: Math.round((EVENTS * 1000) / ms),
    ms: Math.round(ms),
    duplicates,
    out_of_order: outOfOrder,
  };
}

try {
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await migrate(open());
  const instances = [0, 1, 2, 3].map(() => {
    const onecode = createOneCode({ storage: postgresStorage({ db: open() }) });
    onecode.outbox.on("bench.happened", "bench.count", async (event) => onecode.__track(event));
    return onecode;
  });
  const writer = instances[0];
  const recordStarted = performance.now();
  for (let start = 0; start < EVENTS; start += 100) {
    await writer.ports.storage.transaction((tx) =>
      writer.outbox.record(
        tx,
        ctx,
        Array.from({ length: Math.min(100, EVENTS - start) }, (_, i) => {
          const index = start + i;
          return {
            type: "bench.happened",
            aggregate: { type: "thing", id: `a${index % AGGREGATES}` },
            payload: { n: Math.floor(index / AGGREGATES) },
          };
        }),
      ),
    );
  }
  const recordMs = performance.now() - recordStarted;
  console.log(
    `recorded ${EVENTS} events over ${AGGREGATES} aggregates in ${Math.round(recordMs)} ms`,
  );
  const runs = {};
  for (const count of [1, 2, 4]) {
    await client.query(
      `UPDATE "${schema}".onecode_outbox SET state = 'pending', attempts = 0, settled_at = NULL`,
    );
    await client.query(`DELETE FROM "${schema}".onecode_outbox_handled`);
    runs[count] = await drain(count, instances);
    console.log(
      `${count} dispatcher(s): ${runs[count].events_per_s} events/s (${runs[count].ms} ms)`,
    );
  }
  console.log(
    JSON.stringify({
      events: EVENTS,
      aggregates: AGGREGATES,
      record_events_per_s: Math.round((EVENTS * 1000) / recordMs),
      dispatchers: runs,
    }),
  );
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await Promise.all(dbs.map((db) => db.destroy().catch(() => undefined)));
  await client
    .query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    .catch((error) => console.error(`could not drop schema ${schema}: ${error.message}`));
  await client.end().catch(() => undefined);
}
process.exit(failed ? 1 : 0);
