import { type HotState, isOneCodeError, type Storage } from "@onecode/core";
import { freshTenantId, merchantRecord } from "@onecode/core/testing";
import { Kysely, PostgresDialect } from "kysely";
import { Client, Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresDb } from "../src/connect.js";
import type { OneCodeDatabase } from "../src/database.js";
import { migrate } from "../src/migrate.js";
import { createPgliteDb } from "../src/pglite.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { killableConnections } from "./support/backend-killer.js";
import { chunkOf, codeRows, packageRecord, ruleRecord } from "./support/codes-fixtures.js";
import { DATABASE_URL, postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await Promise.allSettled(closers.map((close) => close()));
});

/** What a caller must see for a lost connection: the typed error, no driver text. */
function expectUnavailable(error: unknown, service: "storage" | "hot_state") {
  expect(isOneCodeError(error, "SERVICE_UNAVAILABLE")).toBe(true);
  expect(error).toMatchObject({ details: { service } });
  expect((error as Error).message).toBe(
    `${service === "storage" ? "storage" : "hot state"} is unavailable; try again shortly`,
  );
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

/** A migrated schema, a storage and a hot state on connections the test can terminate. */
/**
 * The call a client makes after a connection was lost. The pool learns of
 * the dead connection from its late events, so on a busy machine a call made
 * at once can still be handed that connection and answer SERVICE_UNAVAILABLE,
 * which is retryable: the retried call must work.
 */
async function nextCall<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 5 || !isOneCodeError(error, "SERVICE_UNAVAILABLE")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function killableSetUp() {
  const schema = await schemas.create();
  const connections = killableConnections();
  const db = createPostgresDb({ connectionString: connections.url, schema, max: 4 });
  closers.push(() => db.destroy());
  await migrate(db);
  const storage = postgresStorage({ db });
  const hotState = postgresHotState({ db });
  const tenant = freshTenantId();
  const merchant = merchantRecord(tenant);
  await storage.merchants.insert(merchant);
  const rule = ruleRecord(tenant, merchant.id);
  await storage.codeRules.insert(rule);
  const pkg = packageRecord(tenant, merchant.id, rule.id, { total: 1000, quantity: 1000 });
  await storage.codePackages.insert(pkg);
  /** A plain session on the schema that holds a row lock until `release()`. */
  const lockRow = async (statement: string, values: unknown[]) => {
    const client = new Client({
      connectionString: DATABASE_URL,
      options: `-c search_path=${schema}`,
    });
    await client.connect();
    await client.query("BEGIN");
    await client.query(statement, values);
    return async () => {
      await client.query("ROLLBACK");
      await client.end();
    };
  };
  const lockPackage = () =>
    lockRow("SELECT 1 FROM onecode_code_packages WHERE tenant_id = $1 AND id = $2 FOR UPDATE", [
      tenant,
      pkg.id,
    ]);
  return { db, storage, hotState, connections, tenant, merchant, pkg, lockRow, lockPackage };
}

describe.skipIf(Boolean(skip))(
  `lost PostgreSQL connections${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    it("a storage call whose backend is terminated mid-statement rejects as SERVICE_UNAVAILABLE, and the next call works", async () => {
      const { storage, connections, tenant, pkg, lockPackage } = await killableSetUp();
      const release = await lockPackage();
      try {
        const pending = rejectionOf(
          storage.codePackages.setStatus(tenant, pkg.id, {
            from: ["running"],
            to: "failed",
            failureReason: "never recorded",
            updatedAt: pkg.updatedAt,
          }),
        );
        await connections.terminateWhenBlocked();
        const error = await pending;
        expectUnavailable(error, "storage");
        expect((error as Error).cause).toMatchObject({ code: "57P01" });
      } finally {
        await release();
      }
      expect(await nextCall(() => storage.codePackages.get(tenant, pkg.id))).toEqual(pkg);
    });

    it("a transaction whose backend is terminated rejects as SERVICE_UNAVAILABLE and commits nothing", async () => {
      const { storage, connections, tenant, pkg, lockPackage } = await killableSetUp();
      const merchant = merchantRecord(tenant);
      const release = await lockPackage();
      try {
        const pending = rejectionOf(
          storage.transaction(async (tx) => {
            await tx.merchants.insert(merchant);
            await tx.codePackages.setStatus(tenant, pkg.id, {
              from: ["running"],
              to: "succeeded",
              updatedAt: pkg.updatedAt,
            });
          }),
        );
        await connections.terminateWhenBlocked();
        expectUnavailable(await pending, "storage");
      } finally {
        await release();
      }
      expect(await nextCall(() => storage.merchants.get(tenant, merchant.id))).toBeNull();
    });

    it("a COPY chunk whose backend is terminated rejects as SERVICE_UNAVAILABLE, writes nothing, and crashes nothing", async () => {
      const { storage, connections, tenant, pkg, lockPackage } = await killableSetUp();
      const release = await lockPackage();
      try {
        // The chunk's progress update waits for the row lock, inside its COPY transaction.
        const pending = rejectionOf(
          storage.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, 1, 500))),
        );
        await connections.terminateWhenBlocked();
        expectUnavailable(await pending, "storage");
      } finally {
        await release();
      }
      // Give the dead connection's late events time to surface: unhandled, they would fail the run.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await nextCall(() => storage.codePackages.get(tenant, pkg.id))).toMatchObject({
        done: 0,
      });
      expect(
        await storage.codePackages.listCodes(tenant, pkg.id, { afterSerial: 0, limit: 10 }),
      ).toEqual([]);
      expect(
        await storage.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, 1, 500))),
      ).toEqual({ outcome: "written", done: 500 });
    });

    it("a hot-state lock call whose backend is terminated rejects as SERVICE_UNAVAILABLE naming hot_state", async () => {
      const { hotState, connections, tenant, lockRow } = await killableSetUp();
      const token = await hotState.locks.acquire(tenant, "job", 1);
      expect(token).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const release = await lockRow(
        "SELECT 1 FROM onecode_hot_locks WHERE tenant_id = $1 AND key = 'job' FOR UPDATE",
        [tenant],
      );
      try {
        const pending = rejectionOf(hotState.locks.acquire(tenant, "job", 60_000));
        await connections.terminateWhenBlocked();
        expectUnavailable(await pending, "hot_state");
      } finally {
        await release();
      }
      expect(await nextCall(() => hotState.locks.acquire(tenant, "job", 60_000))).not.toBeNull();
    });

    it("every part of storage and hot state reports a server that refuses connections as SERVICE_UNAVAILABLE", async () => {
      const db = createPostgresDb({ connectionString: "postgres://postgres@127.0.0.1:1/test" });
      closers.push(() => db.destroy());
      const storage: Storage = postgresStorage({ db });
      const hotState: HotState = postgresHotState({ db });
      const tenant = freshTenantId();
      const pkg = packageRecord(tenant, "m", "r");
      const calls: Array<[string, "storage" | "hot_state", () => Promise<unknown>]> = [
        ["merchants.get", "storage", () => storage.merchants.get(tenant, "m")],
        ["codePackages.listUnfinished", "storage", () => storage.codePackages.listUnfinished(1)],
        [
          "codePackages.writeChunk (COPY)",
          "storage",
          () => storage.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, 1, 2))),
        ],
        ["scans.listByCode", "storage", () => storage.codePackages.findCode(tenant, "c")],
        [
          "transaction",
          "storage",
          () => storage.transaction((tx) => tx.merchants.get(tenant, "m")),
        ],
        ["counters.get", "hot_state", () => hotState.counters.get(tenant, "k")],
        [
          "rateLimiter.hit",
          "hot_state",
          () => hotState.rateLimiter.hit(tenant, "k", { limit: 1, windowMs: 1000 }),
        ],
        ["cache.get", "hot_state", () => hotState.cache.get(tenant, "k")],
        ["locks.acquire", "hot_state", () => hotState.locks.acquire(tenant, "k", 1000)],
        ["idempotency.claim", "hot_state", () => hotState.idempotency.claim(tenant, "k", 1000)],
      ];
      for (const [name, service, call] of calls) {
        const error = await rejectionOf(call());
        expect(isOneCodeError(error, "SERVICE_UNAVAILABLE"), name).toBe(true);
        expectUnavailable(error, service);
      }
    });

    it("a host's pool without an error listener survives its idle connections being terminated", async () => {
      const schema = await schemas.create();
      const connections = killableConnections();
      const pool = new Pool({
        connectionString: connections.url,
        options: `-c search_path=${schema}`,
        max: 3,
      });
      const db = new Kysely<OneCodeDatabase>({ dialect: new PostgresDialect({ pool }) });
      closers.push(() => db.destroy());
      await migrate(db);
      const storage = postgresStorage({ db, pool });
      expect(pool.listenerCount("error")).toBeGreaterThan(0);
      const tenant = freshTenantId();
      const merchant = merchantRecord(tenant);
      await Promise.all([
        storage.merchants.insert(merchant),
        storage.merchants.get(tenant, merchant.id),
        storage.merchants.get(tenant, merchant.id),
      ]);
      expect(await connections.terminate()).toBeGreaterThan(0);
      // The pool notices its idle connections died and drops them; nothing throws.
      for (let i = 0; i < 100 && pool.totalCount > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(pool.totalCount).toBe(0);
      expect(await storage.merchants.get(tenant, merchant.id)).toEqual(merchant);
    });
  },
);

describe("a closed PGlite", () => {
  it("is SERVICE_UNAVAILABLE for storage and hot state", async () => {
    const db = await createPgliteDb();
    await migrate(db);
    const storage = postgresStorage({ db });
    const hotState = postgresHotState({ db });
    await db.destroy();
    expectUnavailable(await rejectionOf(storage.merchants.get("t", "m")), "storage");
    expectUnavailable(await rejectionOf(hotState.cache.get("t", "k")), "hot_state");
  });
});
