import { randomBytes } from "node:crypto";
import { serviceSkipReason } from "@onecode/core/testing";
import { Kysely, PostgresDialect } from "kysely";
import { Client, Pool } from "pg";
import { afterAll } from "vitest";
import { createPostgresDb, type PostgresConnectionOptions } from "../../src/connect.js";
import type { OneCodeDatabase } from "../../src/database.js";

/** The server the real-PostgreSQL suites use. */
export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Kept small: parallel test files each open a few pools against one server. */
const POOL_SIZE = 6;

async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * `undefined` when the server answers; otherwise the skip reason (printed as
 * a notice), or a thrown error under CI, where nothing may be skipped.
 */
export function postgresSkipReason(): Promise<string | undefined> {
  return serviceSkipReason({
    service: "PostgreSQL",
    envVar: "DATABASE_URL",
    url: DATABASE_URL,
    probe: () => withClient((client) => client.query("SELECT 1").then(() => undefined)),
  });
}

/** Test schemas of one test file, each created on demand and all dropped after the file. */
export interface TestSchemas {
  /** Creates a fresh, empty schema with a random name and returns the name. */
  create(): Promise<string>;
  /**
   * A `createPostgresDb` pool whose connections use `schema` (with `options`
   * added); destroyed with the file unless closed earlier.
   */
  open(
    schema: string,
    options?: Omit<PostgresConnectionOptions, "connectionString" | "schema">,
  ): Kysely<OneCodeDatabase>;
  /**
   * Like {@link TestSchemas.open}, but built the way a host builds its own
   * Kysely instance, so `postgresStorage` does not know its pool and writes
   * codes without `COPY`.
   */
  openWithoutCopy(schema: string): Kysely<OneCodeDatabase>;
}

/**
 * Fresh schemas with random names, so test files running in parallel on one
 * database never see each other's tables. Registers an `afterAll` that
 * closes the pools and drops the schemas.
 */
export function useTestSchemas(): TestSchemas {
  const schemas: string[] = [];
  const pools: Kysely<OneCodeDatabase>[] = [];
  afterAll(async () => {
    await Promise.allSettled(pools.map((pool) => pool.destroy()));
    if (schemas.length === 0) return;
    await withClient(async (client) => {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
  });
  return {
    async create() {
      const schema = `onecode_test_${randomBytes(6).toString("hex")}`;
      schemas.push(schema);
      await withClient((client) => client.query(`CREATE SCHEMA "${schema}"`));
      return schema;
    },
    open(schema, options = {}) {
      const db = createPostgresDb({
        connectionString: DATABASE_URL,
        schema,
        max: POOL_SIZE,
        ...options,
      });
      pools.push(db);
      return db;
    },
    openWithoutCopy(schema) {
      const pool = new Pool({
        connectionString: DATABASE_URL,
        max: POOL_SIZE,
        options: `-c search_path="${schema}"`,
      });
      const db = new Kysely<OneCodeDatabase>({ dialect: new PostgresDialect({ pool }) });
      pools.push(db);
      return db;
    },
  };
}
