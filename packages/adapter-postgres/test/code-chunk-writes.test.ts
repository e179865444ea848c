import type { CodePackage, Storage } from "@onecode/core";
import { freshTenantId, merchantRecord, sleep } from "@onecode/core/testing";
import { type Kysely, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import type { OneCodeDatabase } from "../src/database.js";
import { migrate } from "../src/migrate.js";
import { createPgliteDb } from "../src/pglite.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { createdPoolOf, type PostgresPool } from "../src/storage/copy-pool.js";
import {
  chunkOf,
  codeRows,
  packageRecord,
  randomCode,
  ruleRecord,
} from "./support/codes-fixtures.js";
import { postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await Promise.allSettled(closers.map((close) => close()));
});

/** Counts the connections a path takes and gives back, to prove COPY ran and leaked nothing. */
interface ConnectionCount {
  taken: number;
  returned: number;
}

/** A database and two storages on it, as two application instances would have. */
interface PathUnderTest {
  readonly db: Kysely<OneCodeDatabase>;
  readonly first: Storage;
  readonly second: Storage;
  /** Set on the COPY path. */
  readonly connections?: ConnectionCount;
}

interface WritePath {
  readonly name: string;
  readonly skip: string | undefined;
  /** Whether two storages can hold separate connections (not PGlite). */
  readonly parallel: boolean;
  open(): Promise<PathUnderTest>;
}

function counted(pool: PostgresPool, count: ConnectionCount): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      count.taken++;
      return {
        query: client.query.bind(client) as typeof client.query,
        release(destroy) {
          count.returned++;
          client.release(destroy);
        },
      };
    },
  };
}

const paths: WritePath[] = [
  {
    name: "postgres, COPY on the pool of createPostgresDb",
    skip,
    parallel: true,
    async open() {
      const schema = await schemas.create();
      const db = schemas.open(schema);
      await migrate(db);
      const pool = createdPoolOf(db);
      if (!pool) throw new Error("createPostgresDb did not register its pool");
      const connections = { taken: 0, returned: 0 };
      const other = schemas.open(schema);
      return {
        db,
        first: postgresStorage({ db, pool: counted(pool, connections) }),
        second: postgresStorage({ db: other }),
        connections,
      };
    },
  },
  {
    name: "postgres, unnest insert (host Kysely without a pool)",
    skip,
    parallel: true,
    async open() {
      const schema = await schemas.create();
      const db = schemas.openWithoutCopy(schema);
      if (createdPoolOf(db)) throw new Error("a host's Kysely instance must not use COPY");
      await migrate(db);
      return {
        db,
        first: postgresStorage({ db }),
        second: postgresStorage({ db: schemas.openWithoutCopy(schema) }),
      };
    },
  },
  {
    name: "PGlite, unnest insert",
    skip: undefined,
    parallel: false,
    async open() {
      const db = await createPgliteDb();
      closers.push(() => db.destroy());
      await migrate(db);
      const storage = postgresStorage({ db });
      return { db, first: storage, second: storage };
    },
  },
];

/** One database per path: every test works in a fresh tenant, so they can share it. */
const opened = new Map<WritePath, Promise<PathUnderTest>>();

async function seeded(path: WritePath, overrides: Partial<CodePackage> = {}) {
  let database = opened.get(path);
  if (!database) {
    database = path.open();
    opened.set(path, database);
  }
  const { db, first, second, connections } = await database;
  // The COPY path's connection count starts from zero for each test.
  if (connections) Object.assign(connections, { taken: 0, returned: 0 });
  const tenant = freshTenantId();
  const merchant = merchantRecord(tenant);
  const rule = ruleRecord(tenant, merchant.id);
  const pkg = packageRecord(tenant, merchant.id, rule.id, overrides);
  await first.merchants.insert(merchant);
  expect(await first.codeRules.insert(rule)).toEqual({ outcome: "inserted" });
  expect(await first.codePackages.insert(pkg)).toEqual({ outcome: "inserted" });
  const storedRows = async (packageId = pkg.id) => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM onecode_codes WHERE tenant_id = ${tenant} AND package_id = ${packageId}
    `.execute(db);
    return rows[0]?.n ?? 0;
  };
  const anotherPackage = async (extra: Partial<CodePackage> = {}) => {
    const other = packageRecord(tenant, merchant.id, rule.id, extra);
    await first.codePackages.insert(other);
    return other;
  };
  return {
    db,
    first,
    second,
    connections,
    tenant,
    merchant,
    rule,
    pkg,
    storedRows,
    anotherPackage,
  };
}

for (const path of paths) {
  describe.skipIf(Boolean(path.skip))(
    `writeChunk: ${path.name}${path.skip ? ` (skipped: ${path.skip})` : ""}`,
    () => {
      it("writes chunks in order, advancing progress, and reads every field back", async () => {
        const { first, tenant, pkg, connections } = await seeded(path);
        const rows = codeRows(pkg, 1, 60).map((row, i) => ({
          ...row,
          level: (["outer", "middle", "inner"] as const)[i % 3] ?? "inner",
          parentSerial: i % 3 === 0 ? null : i,
          // COPY's text format must escape these; the unnest path must not care.
          url: i % 4 === 0 ? null : `https://t.example.com/c/${row.code}?a=\\x\t\n\r|中文|${i}`,
        }));
        const at = "2026-02-01T00:00:00.000Z";
        expect(
          await first.codePackages.writeChunk(tenant, pkg.id, chunkOf(rows.slice(0, 25), at)),
        ).toEqual({ outcome: "written", done: 25 });
        expect(
          await first.codePackages.writeChunk(tenant, pkg.id, chunkOf(rows.slice(25), at)),
        ).toEqual({ outcome: "written", done: 60 });
        expect(await first.codePackages.get(tenant, pkg.id)).toMatchObject({
          done: 60,
          updatedAt: at,
        });
        expect(
          await first.codePackages.listCodes(tenant, pkg.id, { afterSerial: 0, limit: 100 }),
        ).toEqual(rows);
        expect(
          await first.codePackages.listCodes(tenant, pkg.id, {
            afterSerial: 10,
            limit: 5,
            level: "inner",
          }),
        ).toEqual(rows.filter((row) => row.level === "inner" && row.serial > 10).slice(0, 5));
        if (connections) {
          expect(connections.taken).toBe(2);
          expect(connections.returned).toBe(2);
        }
        // findCode (the scan path) runs through the Kysely instance: the pool serves COPY only.
        expect(await first.codePackages.findCode(tenant, rows[7]?.code as string)).toEqual(rows[7]);
        if (connections) {
          expect(connections.taken).toBe(2);
          expect(connections.returned).toBe(2);
        }
      });

      it("refuses a chunk that does not continue the progress, or of a package that is not running", async () => {
        const { first, tenant, pkg, storedRows, anotherPackage } = await seeded(path);
        await first.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, 1, 10)));
        for (const from of [1, 5, 12]) {
          expect(
            await first.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, from, 3))),
          ).toEqual({ outcome: "out_of_order", done: 10, status: "running" });
        }
        const queued = await anotherPackage({ status: "queued" });
        expect(
          await first.codePackages.writeChunk(tenant, queued.id, chunkOf(codeRows(queued, 1, 3))),
        ).toEqual({ outcome: "out_of_order", done: 0, status: "queued" });
        const missing = packageRecord(tenant, pkg.merchantId, pkg.rules?.item as string);
        expect(
          await first.codePackages.writeChunk(tenant, missing.id, chunkOf(codeRows(missing, 1, 3))),
        ).toEqual({ outcome: "not_found" });
        // Another tenant's package is not there.
        const foreign = { ...pkg, tenantId: freshTenantId() };
        expect(
          await first.codePackages.writeChunk(
            foreign.tenantId,
            pkg.id,
            chunkOf(codeRows(foreign, 11, 3)),
          ),
        ).toEqual({ outcome: "not_found" });
        expect(await storedRows()).toBe(10);
        expect(await storedRows(queued.id)).toBe(0);
      });

      it("refuses, writing nothing, a chunk with a code the tenant already has", async () => {
        const { first, tenant, pkg, storedRows, anotherPackage } = await seeded(path);
        const other = await anotherPackage();
        const taken = codeRows(other, 1, 5);
        await first.codePackages.writeChunk(tenant, other.id, chunkOf(taken));

        const rows = codeRows(pkg, 1, 50);
        rows[10] = { ...(rows[10] as (typeof rows)[number]), code: taken[2]?.code as string };
        rows[40] = { ...(rows[40] as (typeof rows)[number]), code: taken[4]?.code as string };
        expect(await first.codePackages.writeChunk(tenant, pkg.id, chunkOf(rows))).toEqual({
          outcome: "conflict",
          codes: [taken[2]?.code, taken[4]?.code],
        });
        expect(await storedRows()).toBe(0);
        expect((await first.codePackages.get(tenant, pkg.id))?.done).toBe(0);

        // The caller replaces the conflicting codes and the same chunk goes through.
        const fixed = rows.map((row, i) =>
          i === 10 || i === 40 ? { ...row, code: randomCode() } : row,
        );
        expect(await first.codePackages.writeChunk(tenant, pkg.id, chunkOf(fixed))).toEqual({
          outcome: "written",
          done: 50,
        });
        expect(await storedRows()).toBe(50);
      });

      it("reports a code the chunk itself repeats as a conflict", async () => {
        const { first, tenant, pkg, storedRows } = await seeded(path);
        const rows = codeRows(pkg, 1, 8);
        rows[6] = { ...(rows[6] as (typeof rows)[number]), code: rows[1]?.code as string };
        expect(await first.codePackages.writeChunk(tenant, pkg.id, chunkOf(rows))).toEqual({
          outcome: "conflict",
          codes: [rows[1]?.code],
        });
        expect(await storedRows()).toBe(0);
      });

      it("lets another tenant use the same codes", async () => {
        const a = await seeded(path);
        const rows = codeRows(a.pkg, 1, 20);
        await a.first.codePackages.writeChunk(a.tenant, a.pkg.id, chunkOf(rows));
        const tenant = freshTenantId();
        const merchant = merchantRecord(tenant);
        const rule = ruleRecord(tenant, merchant.id);
        const pkg = packageRecord(tenant, merchant.id, rule.id);
        await a.first.merchants.insert(merchant);
        await a.first.codeRules.insert(rule);
        await a.first.codePackages.insert(pkg);
        const same = codeRows(
          pkg,
          1,
          20,
          rows.map((row) => row.code),
        );
        expect(await a.first.codePackages.writeChunk(tenant, pkg.id, chunkOf(same))).toEqual({
          outcome: "written",
          done: 20,
        });
      });

      it("throws on a chunk that breaks its shape or runs past the total, writing nothing", async () => {
        const { first, tenant, pkg, storedRows, connections } = await seeded(path, { total: 10 });
        const gap = codeRows(pkg, 1, 4);
        gap[2] = { ...(gap[2] as (typeof gap)[number]), serial: 9 };
        await expect(first.codePackages.writeChunk(tenant, pkg.id, chunkOf(gap))).rejects.toThrow(
          RangeError,
        );
        await expect(
          first.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, 1, 11))),
        ).rejects.toThrow(/past its total 10/);
        expect(await storedRows()).toBe(0);
        expect(
          await first.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, 1, 10))),
        ).toEqual({ outcome: "written", done: 10 });
        if (connections) expect(connections.returned).toBe(connections.taken);
      });

      it("inside a transaction, keeps the transaction usable after a conflict and commits with it", async () => {
        const { first, tenant, pkg, storedRows, anotherPackage } = await seeded(path);
        const other = await anotherPackage();
        const taken = codeRows(other, 1, 3);
        await first.codePackages.writeChunk(tenant, other.id, chunkOf(taken));
        const rows = codeRows(pkg, 1, 30);
        const clash = rows.map((row, i) =>
          i === 0 ? { ...row, code: taken[0]?.code as string } : row,
        );
        await first.transaction(async (tx) => {
          expect(await tx.codePackages.writeChunk(tenant, pkg.id, chunkOf(clash))).toEqual({
            outcome: "conflict",
            codes: [taken[0]?.code],
          });
          expect(await tx.codePackages.writeChunk(tenant, pkg.id, chunkOf(rows))).toEqual({
            outcome: "written",
            done: 30,
          });
        });
        expect(await storedRows()).toBe(30);

        await expect(
          first.transaction(async (tx) => {
            await tx.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, 31, 5)));
            throw new Error("rolled back");
          }),
        ).rejects.toThrow("rolled back");
        expect(await storedRows()).toBe(30);
        expect((await first.codePackages.get(tenant, pkg.id))?.done).toBe(30);
      });

      it("writes a 10,000-row chunk in one call", async () => {
        const { first, tenant, pkg, storedRows } = await seeded(path, { total: 20_000 });
        const rows = codeRows(pkg, 1, 10_000);
        expect(await first.codePackages.writeChunk(tenant, pkg.id, chunkOf(rows))).toEqual({
          outcome: "written",
          done: 10_000,
        });
        expect(await storedRows()).toBe(10_000);
        const last = await first.codePackages.listCodes(tenant, pkg.id, {
          afterSerial: 9_998,
          limit: 10,
        });
        expect(last).toEqual(rows.slice(9_998));
      });

      // Lock contention needs two connections; PGlite serves one.
      it.skipIf(!path.parallel)(
        "lets exactly one of two writers of the same chunk through",
        async () => {
          const { first, second, tenant, pkg, storedRows } = await seeded(path);
          const results = await Promise.all([
            first.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, 1, 40))),
            second.codePackages.writeChunk(tenant, pkg.id, chunkOf(codeRows(pkg, 1, 40))),
          ]);
          expect(results.map((result) => result.outcome).sort()).toEqual([
            "out_of_order",
            "written",
          ]);
          expect(results).toContainEqual({ outcome: "out_of_order", done: 40, status: "running" });
          expect(await storedRows()).toBe(40);
        },
      );

      it.skipIf(!path.parallel)(
        "reports a conflict for a code another writer committed while this chunk waited for it",
        async () => {
          const { first, second, tenant, pkg, storedRows, anotherPackage } = await seeded(path);
          const other = await anotherPackage();
          const shared = randomCode();
          const rows = codeRows(pkg, 1, 20);
          rows[5] = { ...(rows[5] as (typeof rows)[number]), code: shared };
          let write: Promise<unknown> | undefined;
          await second.transaction(async (tx) => {
            await tx.codePackages.writeChunk(
              tenant,
              other.id,
              chunkOf(codeRows(other, 1, 3, [shared])),
            );
            write = first.codePackages.writeChunk(tenant, pkg.id, chunkOf(rows));
            await sleep(150);
          });
          expect(await write).toEqual({ outcome: "conflict", codes: [shared] });
          expect(await storedRows()).toBe(0);

          // Had the other writer rolled back, the chunk goes through.
          const again = codeRows(pkg, 1, 20);
          const loose = randomCode();
          again[3] = { ...(again[3] as (typeof again)[number]), code: loose };
          const another = await anotherPackage();
          await expect(
            second.transaction(async (tx) => {
              await tx.codePackages.writeChunk(
                tenant,
                another.id,
                chunkOf(codeRows(another, 1, 1, [loose])),
              );
              write = first.codePackages.writeChunk(tenant, pkg.id, chunkOf(again));
              await sleep(150);
              throw new Error("changed my mind");
            }),
          ).rejects.toThrow("changed my mind");
          expect(await write).toEqual({ outcome: "written", done: 20 });
          expect(await storedRows()).toBe(20);
        },
      );
    },
  );
}
