import { randomBytes } from "node:crypto";
import { createOneCode, tenantContext } from "@onecode/core";
import { releasedCodes } from "@onecode/core/testing";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresDb } from "../src/connect.js";
import type { OneCodeDatabase } from "../src/database.js";
import { migrate } from "../src/migrate.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { createdPoolOf, type PostgresPool } from "../src/storage/copy-pool.js";
import { scanStatementPoolOf } from "../src/storage/scan-statement-pool.js";
import { DATABASE_URL, postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await Promise.allSettled(closers.map((close) => close()));
});

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });

/** The type ids whose node-postgres parsers a host may rely on (int8, numeric, dates, json). */
const PARSED_TYPES = [20, 1700, 1082, 1114, 1184, 114, 3802, 1009];

function appName(label: string): string {
  return `onecode_${label}_${randomBytes(4).toString("hex")}`;
}

/**
 * Every run-time setting of one session, as `name=value` lines, for a
 * whole-session comparison. A session that ran PL/pgSQL (migration 0016's
 * gate functions, or a migration creating them) has the language's
 * `plpgsql.*` parameters registered, at their defaults: that is the server
 * loading a library, not a setting changed, so they count only when changed.
 */
async function sessionSettings(client: pg.PoolClient | pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string; setting: string }>(
    "SELECT name, setting FROM pg_settings WHERE name NOT LIKE 'plpgsql.%' OR setting IS DISTINCT FROM boot_val ORDER BY name",
  );
  // A session that first runs PL/pgSQL (the audit log's append-only trigger, migration 0015)
  // loads the language and lists its own settings at their defaults: nothing was changed.
  return rows
    .filter((row) => !row.name.startsWith("plpgsql."))
    .map((row) => `${row.name}=${row.setting}`);
}

/** The settings and prepared statements of `count` connections of `pool`, all held at once. */
async function inspectConnections(pool: pg.Pool, count: number) {
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  try {
    return await Promise.all(
      clients.map(async (client) => ({
        settings: await sessionSettings(client),
        prepared: Number(
          (await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_prepared_statements"))
            .rows[0]?.n,
        ),
      })),
    );
  } finally {
    for (const client of clients) client.release();
  }
}

/** Connections the server has open under `name`, counted from a client of its own. */
async function connectionsNamed(name: string): Promise<number> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1",
      [name],
    );
    return Number(rows[0]?.n);
  } finally {
    await client.end();
  }
}

/** What a host does that touches every path of the storage: generation (COPY), scans, stock. */
async function exercise(db: Kysely<OneCodeDatabase>, pool?: PostgresPool): Promise<void> {
  const storage = postgresStorage(pool ? { db, pool } : { db });
  const onecode = createOneCode({
    storage,
    hotState: postgresHotState({ db }),
    codes: { autoRun: true, pollMs: 5 },
  });
  const fixture = await releasedCodes(onecode, admin, { quantity: 20 });
  await Promise.all(
    fixture.codes.map((code, index) =>
      onecode.scans.scan({ tenantId: "acme", code, ip: `198.51.100.${index + 1}` }),
    ),
  );
  await storage.transaction(async (repos) =>
    repos.codePackages.findCode("acme", fixture.codes[0] ?? ""),
  );
  await onecode.close();
}

describe.skipIf(Boolean(skip))(`the host's connections${skip ? ` (skipped: ${skip})` : ""}`, () => {
  it("a host's own pool and Kysely passed in keep every session setting and type parser, and nothing else is opened", async () => {
    const schema = await schemas.create();
    const name = appName("host");
    const pool = new pg.Pool({
      connectionString: DATABASE_URL,
      max: 3,
      idleTimeoutMillis: 0,
      application_name: name,
      options: `-c search_path="${schema}" -c statement_timeout=12345`,
    });
    pool.on("error", () => {});
    const db = new Kysely<OneCodeDatabase>({ dialect: new PostgresDialect({ pool }) });
    closers.push(() => db.destroy());
    const parsers = PARSED_TYPES.map((oid) => pg.types.getTypeParser(oid));
    const [before] = await inspectConnections(pool, 1);

    await migrate(db);
    await exercise(db, pool);

    const after = await inspectConnections(pool, 3);
    for (const connection of after) {
      expect(connection.settings).toEqual(before?.settings);
      expect(connection.settings).toContain("statement_timeout=12345");
      expect(connection.prepared).toBe(0);
    }
    expect(PARSED_TYPES.map((oid) => pg.types.getTypeParser(oid))).toEqual(parsers);
    // The adapter cannot open connections of its own here: all the server has are the pool's.
    expect(await connectionsNamed(name)).toBe(pool.totalCount);
    expect(pool.totalCount).toBeLessThanOrEqual(3);
  });

  it("createPostgresDb opens one pool and leaves its sessions at the server's settings", async () => {
    const schema = await schemas.create();
    const name = appName("created");
    const db = createPostgresDb({
      connectionString: `${DATABASE_URL}?application_name=${name}`,
      schema,
      max: 3,
    });
    closers.push(() => db.destroy());
    expect(scanStatementPoolOf(db)).toBeUndefined();
    const plain = new pg.Client({
      connectionString: DATABASE_URL,
      application_name: name,
      options: `-c search_path="${schema}"`,
    });
    await plain.connect();
    const serverDefaults = await sessionSettings(plain);
    await plain.end();

    await migrate(db);
    await exercise(db);

    const main = createdPoolOf(db) as pg.Pool;
    expect(await connectionsNamed(name)).toBe(main.totalCount);
    expect(main.totalCount).toBeLessThanOrEqual(3);
    for (const connection of await inspectConnections(main, main.totalCount)) {
      expect(connection.settings).toEqual(serverDefaults);
      expect(connection.prepared).toBe(0);
    }
  });

  it("createPostgresDb({ scanPool }) opens the scan pool, of at most its max, only when asked", async () => {
    const schema = await schemas.create();
    const name = appName("scanpool");
    const db = createPostgresDb({
      connectionString: `${DATABASE_URL}?application_name=${name}`,
      schema,
      max: 3,
      scanPool: { max: 2 },
    });
    closers.push(() => db.destroy());
    await migrate(db);
    await exercise(db);

    const main = createdPoolOf(db) as pg.Pool;
    const scanPool = scanStatementPoolOf(db) as unknown as pg.Pool;
    expect(scanPool.totalCount).toBeGreaterThan(0);
    expect(scanPool.totalCount).toBeLessThanOrEqual(2);
    expect(await connectionsNamed(name)).toBe(main.totalCount + scanPool.totalCount);
  });

  it("refuses a scan pool size that is not a whole number of at least 1", () => {
    for (const max of [0, -1, 1.5, Number.NaN]) {
      expect(() => createPostgresDb({ connectionString: DATABASE_URL, scanPool: { max } })).toThrow(
        "scanPool.max must be a whole number of connections, at least 1",
      );
    }
  });
});
