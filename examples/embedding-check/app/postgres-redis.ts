import { randomUUID } from "node:crypto";
import { createPostgresDb, migrate, postgresStorage } from "@onecode/adapter-postgres";
import { failFastRedisOptions, redisHotState } from "@onecode/adapter-redis";
import { createOneCode, failoverHotState } from "@onecode/core";
import { Redis } from "ioredis";
import pg from "pg";
import { ctx, newMerchant } from "./common.js";

const { DATABASE_URL, REDIS_URL } = process.env;
const databaseUrl = DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const redisUrl = REDIS_URL ?? "redis://127.0.0.1:6379";
// A schema of its own, so the check leaves the database as it found it.
const schema = `embedding_check_${randomUUID().replaceAll("-", "")}`;
const admin = new pg.Client({ connectionString: databaseUrl });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
try {
  const db = createPostgresDb({ connectionString: databaseUrl, schema });
  await migrate(db);
  const client = new Redis(redisUrl, { ...failFastRedisOptions, lazyConnect: true });
  client.on("error", () => {});
  await client.connect();
  const hotState = failoverHotState(
    redisHotState({ client, keyPrefix: `${schema}:`, ownsClient: true }),
  );
  const onecode = createOneCode({ storage: postgresStorage({ db, ownsDb: true }), hotState });
  const merchant = await onecode.merchants.create(ctx, newMerchant);
  const read = await onecode.merchants.get(ctx, merchant.id);
  if (read.id !== merchant.id) throw new Error("merchant not read back");
  await onecode.close();
  console.log(`postgres + redis: merchant ${merchant.id}`);
} finally {
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
