import { runStorageSuite } from "@onecode/core/testing";
import type { Kysely } from "kysely";
import type { OneCodeDatabase } from "../src/database.js";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";
import { sqlTamperer } from "./support/sql-tamperer.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();
let schema = "";
let tampering: Kysely<OneCodeDatabase> | undefined;

// createPostgresDb's pool is known to the adapter: chunks of codes are written with COPY.
runStorageSuite({
  name: "postgres (node-postgres)",
  skip,
  create: async () => {
    schema = await schemas.create();
    const db = schemas.open(schema);
    await migrate(db);
    return postgresStorage({ db, ownsDb: true });
  },
  capabilities: {
    // A second pool on the same schema: new connections, so only committed rows can be seen.
    reopen: async () => postgresStorage({ db: schemas.open(schema), ownsDb: true }),
    // Raw SQL on a pool of its own, as someone with database access would.
    tamper: sqlTamperer(() => {
      tampering ??= schemas.open(schema);
      return tampering;
    }),
  },
});

/**
 * The same suite on a Kysely instance the adapter does not know the pool of,
 * as a host might pass: chunks of codes are then written with one `unnest`
 * insert instead of `COPY`, and must behave identically.
 */
let unpooledSchema = "";
let unpooledTampering: Kysely<OneCodeDatabase> | undefined;
runStorageSuite({
  name: "postgres (node-postgres, host Kysely: unnest instead of COPY)",
  skip,
  create: async () => {
    unpooledSchema = await schemas.create();
    const db = schemas.openWithoutCopy(unpooledSchema);
    await migrate(db);
    return postgresStorage({ db, ownsDb: true });
  },
  capabilities: {
    reopen: async () =>
      postgresStorage({ db: schemas.openWithoutCopy(unpooledSchema), ownsDb: true }),
    tamper: sqlTamperer(() => {
      unpooledTampering ??= schemas.open(unpooledSchema);
      return unpooledTampering;
    }),
  },
});
