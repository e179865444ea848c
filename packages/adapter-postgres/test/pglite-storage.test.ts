import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Storage } from "@onecode/core";
import { runStorageSuite } from "@onecode/core/testing";
import type { Kysely } from "kysely";
import { afterAll } from "vitest";
import type { OneCodeDatabase } from "../src/database.js";
import { migrate } from "../src/migrate.js";
import { createPgliteDb } from "../src/pglite.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { sqlTamperer } from "./support/sql-tamperer.js";

let memoryDb: Kysely<OneCodeDatabase> | undefined;
runStorageSuite({
  name: "postgres (PGlite, in-memory)",
  create: async () => {
    memoryDb = await createPgliteDb();
    await migrate(memoryDb);
    return postgresStorage({ db: memoryDb, ownsDb: true });
  },
  capabilities: {
    tamper: sqlTamperer(() => {
      if (!memoryDb) throw new Error("create() has not run");
      return memoryDb;
    }),
    reopen: {
      unsupported:
        "in-memory PGlite keeps nothing once closed; the PGlite dataDir suite checks reopening",
    },
  },
});

/**
 * The same suite on a data directory. `reopen` closes the database and opens
 * the directory again, so committed writes must really have reached disk; the
 * suite's own storage then continues on the reopened database.
 */
const dataDir = await mkdtemp(join(tmpdir(), "onecode-pglite-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));
let db: Kysely<OneCodeDatabase> | undefined;
let current: Storage | undefined;

function live(): Storage {
  if (!current) throw new Error("create() has not run");
  return current;
}

runStorageSuite({
  name: "postgres (PGlite, dataDir)",
  create: async () => {
    db = await createPgliteDb({ dataDir });
    await migrate(db);
    current = postgresStorage({ db });
    // Every repository read through to the current storage, which reopen() replaces.
    const repositories = Object.fromEntries(
      Object.keys(current)
        .filter((name) => name !== "transaction" && name !== "close")
        .map((name) => [name, { get: () => live()[name as keyof Storage], enumerable: true }]),
    );
    return Object.defineProperties(
      {
        transaction: (work: Parameters<Storage["transaction"]>[0]) => live().transaction(work),
        close: async () => {
          await live().close();
          await db?.destroy();
        },
      },
      repositories,
    ) as Storage;
  },
  capabilities: {
    reopen: async () => {
      await db?.destroy();
      db = await createPgliteDb({ dataDir });
      current = postgresStorage({ db });
      return postgresStorage({ db });
    },
    tamper: sqlTamperer(() => {
      if (!db) throw new Error("create() has not run");
      return db;
    }),
  },
});
