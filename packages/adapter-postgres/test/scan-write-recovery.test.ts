import { isOneCodeError, type Storage } from "@onecode/core";
import { freshTenantId, scanRecord } from "@onecode/core/testing";
import { Client } from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createPostgresDb } from "../src/connect.js";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { DATABASE_URL, postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();
const SUSPICION = { visitors: 5, regions: 3 };

/** A plain connection on `schema`, outside any storage (the observer and the lock holder). */
async function clientOn(schema: string, url = DATABASE_URL): Promise<Client> {
  const client = new Client({ connectionString: url, options: `-c search_path="${schema}"` });
  await client.connect();
  return client;
}

/** Polls `read` until it returns a value other than `undefined` (at most ~10 s). */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("condition not reached");
}

/** Backends waiting for a lock `holderPid` holds. */
async function blockedBy(observer: Client, holderPid: number): Promise<number[]> {
  const { rows } = await observer.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))",
    [holderPid],
  );
  return rows.map((row) => row.pid);
}

/** How many times the scan's id is stored, read past every storage. */
async function storedCopies(observer: Client, scanId: string): Promise<number> {
  const { rows } = await observer.query<{ n: string }>(
    "SELECT count(*) AS n FROM onecode_scans WHERE id = $1",
    [scanId],
  );
  return Number(rows[0]?.n);
}

const opened: Array<{ end(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((each) => each.end()));
});

describe.skipIf(Boolean(skip))(
  `scan writes whose connection fails: postgres (node-postgres)${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    it("counts a scan once when its writing backend is terminated mid-statement, writing it again on a new connection", async () => {
      const schema = await schemas.create();
      const db = schemas.open(schema);
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      await storage.scans.record(scanRecord(tenant, "HELD"), SUSPICION);
      const [observer, holder] = [await clientOn(schema), await clientOn(schema)];
      opened.push(observer, holder);
      // Hold the code's statistics row, so the next scan's write waits inside its statement.
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM onecode_scan_stats WHERE code = 'HELD' FOR UPDATE");
      const holderPid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid"))
        .rows[0]?.pid as number;
      const scan = scanRecord(tenant, "HELD", { visitorId: "second" });
      const recorded = storage.scans.record(scan, SUSPICION);
      const [writer] = await eventually(async () => {
        const pids = await blockedBy(observer, holderPid);
        return pids.length > 0 ? pids : undefined;
      });
      await observer.query("SELECT pg_terminate_backend($1)", [writer]);
      // The write goes out again on another connection and waits for the same row.
      await eventually(async () => {
        const pids = await blockedBy(observer, holderPid);
        return pids.some((pid) => pid !== writer) ? true : undefined;
      });
      await holder.query("COMMIT");
      expect(await recorded).toMatchObject({ count: 2, distinctVisitors: 2 });
      expect(await storedCopies(observer, scan.id)).toBe(1);
      expect(await storage.scans.stats(tenant, "HELD")).toMatchObject({ count: 2 });
      expect(await storage.scans.count(tenant)).toBe(2);
      await storage.close();
    });

    describe("through a proxy that can be cut", () => {
      let proxy: TcpProxy;
      afterEach(async () => {
        await proxy?.close();
      });

      /** A migrated storage whose every connection goes through a fresh proxy. */
      async function proxied() {
        const schema = await schemas.create();
        const url = new URL(DATABASE_URL);
        proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
        url.host = proxy.address;
        const db = createPostgresDb({
          connectionString: url.toString(),
          schema,
          max: 2,
          onIdleError: () => {},
        });
        opened.push({ end: () => db.destroy() });
        await migrate(db);
        const observer = await clientOn(schema);
        opened.push(observer);
        return { storage: postgresStorage({ db }) as Storage, observer, tenant: freshTenantId() };
      }

      it("answers scans whose batch committed but whose reply was lost from what committed, counting each once", async () => {
        const { storage, observer, tenant } = await proxied();
        await storage.scans.record(scanRecord(tenant, "A"), SUSPICION);
        proxy.holdReplies();
        const batch = [
          scanRecord(tenant, "A", { visitorId: "v2" }),
          scanRecord(tenant, "A", { visitorId: "v3" }),
          scanRecord(tenant, "B"),
        ];
        const recorded = Promise.all(batch.map((scan) => storage.scans.record(scan, SUSPICION)));
        // The statement commits on the server; its reply never reaches the storage.
        await eventually(async () =>
          (await storedCopies(observer, batch[2]?.id as string)) === 1 ? true : undefined,
        );
        proxy.passReplies();
        proxy.cut();
        const results = await recorded;
        // Answered with the statistics as they are now: every scan of A sees all three.
        expect(results.map((stats) => stats.count)).toEqual([3, 3, 1]);
        expect(results[0]).toMatchObject({ distinctVisitors: 3 });
        for (const scan of batch) expect(await storedCopies(observer, scan.id)).toBe(1);
        expect(await storage.scans.stats(tenant, "A")).toMatchObject({ count: 3 });
        expect(await storage.scans.count(tenant)).toBe(4);
        await storage.close();
      });

      it("fails with SERVICE_UNAVAILABLE and no driver text while the database stays unreachable, and records again once it is back", async () => {
        const { storage, observer, tenant } = await proxied();
        await storage.scans.record(scanRecord(tenant, "C"), SUSPICION);
        proxy.refuse(true);
        proxy.cut();
        const lost = scanRecord(tenant, "C");
        const error = await storage.scans.record(lost, SUSPICION).then(
          () => undefined,
          (rejection: unknown) => rejection,
        );
        expect(isOneCodeError(error, "SERVICE_UNAVAILABLE")).toBe(true);
        expect((error as Error).message).toBe("storage is unavailable; try again shortly");
        expect(await storedCopies(observer, lost.id)).toBe(0);
        proxy.refuse(false);
        expect(await storage.scans.record(scanRecord(tenant, "C"), SUSPICION)).toMatchObject({
          count: 2,
        });
        await storage.close();
      });
    });
  },
);
