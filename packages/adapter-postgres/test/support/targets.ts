import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import { afterAll } from "vitest";
import type { OneCodeDatabase } from "../../src/database.js";
import { postgresSkipReason, useTestSchemas } from "./real-postgres.js";

/** A fresh, empty database for one test. */
export interface FreshDatabase {
  readonly db: Kysely<OneCodeDatabase>;
  /**
   * Another handle on the same database: a new pool on real PostgreSQL (as a
   * second application instance would open), the same instance on PGlite,
   * which lives inside one process.
   */
  connect(): Kysely<OneCodeDatabase>;
}

/** A database the adapter runs on; tests loop over every target. */
export interface Target {
  readonly name: string;
  /** Set when the target is unreachable outside CI; the tests are then skipped with this reason. */
  readonly skip: string | undefined;
  /** True when separate connections really run in parallel (not PGlite's single connection). */
  readonly parallel: boolean;
  fresh(): Promise<FreshDatabase>;
}

/** Title of a target's test group, naming the skip reason when there is one. */
export function targetTitle(subject: string, target: Target): string {
  return `${subject}: ${target.name}${target.skip ? ` (skipped: ${target.skip})` : ""}`;
}

/** Real PostgreSQL at `DATABASE_URL` and in-memory PGlite; call once per test file, at top level. */
export async function databaseTargets(): Promise<Target[]> {
  const skip = await postgresSkipReason();
  const schemas = useTestSchemas();
  const pglites: Kysely<OneCodeDatabase>[] = [];
  // Cloning an empty instance takes a third of the time of starting a new one.
  let pristine: Promise<PGlite> | undefined;
  afterAll(async () => {
    await Promise.allSettled(pglites.map((db) => db.destroy()));
    await (await pristine)?.close();
  });
  return [
    {
      name: "postgres (node-postgres)",
      skip,
      parallel: true,
      async fresh() {
        const schema = await schemas.create();
        return { db: schemas.open(schema), connect: () => schemas.open(schema) };
      },
    },
    {
      name: "postgres (PGlite)",
      skip: undefined,
      parallel: false,
      async fresh() {
        pristine ??= PGlite.create();
        const db = new Kysely<OneCodeDatabase>({
          dialect: new PGliteDialect((await (await pristine).clone()) as PGlite),
        });
        pglites.push(db);
        return { db, connect: () => db };
      },
    },
  ];
}
