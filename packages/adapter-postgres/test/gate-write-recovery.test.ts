import {
  type GateOutcome,
  type GateStep,
  type HotState,
  isOneCodeError,
  ManualClock,
} from "@onecode/core";
import { freshTenantId } from "@onecode/core/testing";
import { Client } from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createPostgresDb } from "../src/connect.js";
import { migrate } from "../src/migrate.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { DATABASE_URL, postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();
const SCOPE = "flash:1";

const gate = (code: string): GateStep[] => [
  { kind: "take", key: "stock", amount: 1, limit: 2 },
  { kind: "claim_once", key: code },
];

/** A plain connection on `schema`, outside any hot state (the observer and the lock holder). */
async function clientOn(schema: string): Promise<Client> {
  const client = new Client({
    connectionString: DATABASE_URL,
    options: `-c search_path="${schema}"`,
  });
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

/** The stock counter and the receipts as stored, read past the hot state. */
async function stored(observer: Client, tenant: string) {
  const stock = await observer.query<{ value: string }>(
    "SELECT value FROM onecode_hot_gate_state WHERE tenant_id = $1 AND kind = 'counter' AND key = 'stock'",
    [tenant],
  );
  const receipts = await observer.query<{ n: string }>(
    "SELECT count(*) AS n FROM onecode_hot_gate_receipts WHERE tenant_id = $1",
    [tenant],
  );
  return { stock: Number(stock.rows[0]?.value ?? 0), receipts: Number(receipts.rows[0]?.n) };
}

/** Backends waiting for a lock `holderPid` holds. */
async function blockedBy(observer: Client, holderPid: number): Promise<number[]> {
  const { rows } = await observer.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))",
    [holderPid],
  );
  return rows.map((row) => row.pid);
}

const opened: Array<{ end(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((each) => each.end()));
});

describe.skipIf(Boolean(skip))(
  `gate batches that fail: postgres (node-postgres)${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    it("decides the gates of a batch the server refused one by one, so the gate it cannot take fails alone", async () => {
      const schema = await schemas.create();
      const db = schemas.open(schema);
      await migrate(db);
      const observer = await clientOn(schema);
      opened.push(observer);
      // A receipt the server refuses to store, for one tenant only: its gate fails the batch.
      await observer.query(`
        CREATE FUNCTION refuse_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.tenant_id = 'refused' THEN
            RAISE EXCEPTION 'receipt refused' USING ERRCODE = '23514';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_receipt BEFORE INSERT ON onecode_hot_gate_receipts
          FOR EACH ROW EXECUTE FUNCTION refuse_receipt();
      `);
      const hot = postgresHotState({ db, clock: new ManualClock("2026-01-01T00:00:00Z") });
      const tenant = freshTenantId();
      const [one, refused, two] = await Promise.allSettled([
        hot.gates.pass(tenant, SCOPE, gate("code:1")),
        hot.gates.pass("refused", SCOPE, gate("code:1")),
        hot.gates.pass(tenant, SCOPE, gate("code:2")),
      ]);
      expect(one).toMatchObject({ status: "fulfilled", value: { passed: true, values: [1, 1] } });
      expect(two).toMatchObject({ status: "fulfilled", value: { passed: true, values: [2, 1] } });
      expect(refused).toMatchObject({ status: "rejected", reason: { code: "23514" } });
      expect(await stored(observer, tenant)).toEqual({ stock: 2, receipts: 2 });
      expect(await stored(observer, "refused")).toEqual({ stock: 0, receipts: 0 });
      await hot.close();
      await db.destroy();
    });

    let proxy: TcpProxy;
    afterEach(async () => {
      await proxy?.close();
    });

    /** A migrated hot state whose every connection goes through a fresh proxy. */
    async function proxied(): Promise<{ hot: HotState; observer: Client; tenant: string }> {
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
      const hot = postgresHotState({ db, clock: new ManualClock("2026-01-01T00:00:00Z") });
      return { hot, observer, tenant: freshTenantId() };
    }

    it("answers a batch that committed but whose reply was lost from what it committed, applying it once", async () => {
      const { hot, observer, tenant } = await proxied();
      const first = await hot.gates.pass(tenant, SCOPE, gate("code:0"));
      expect(first.passed).toBe(true);
      proxy.holdReplies();
      // One batch: the first passes, the second finds the stock gone, the third repeats a code.
      const outcomes = Promise.all([
        hot.gates.pass(tenant, SCOPE, gate("code:1")),
        hot.gates.pass(tenant, SCOPE, gate("code:2")),
        hot.gates.pass(tenant, SCOPE, [{ kind: "claim_once", key: "code:1" }]),
      ]);
      await eventually(async () =>
        (await stored(observer, tenant)).receipts === 2 ? true : undefined,
      );
      proxy.passReplies();
      proxy.cut();
      const [one, two, three] = (await outcomes) as [GateOutcome, GateOutcome, GateOutcome];
      expect(one.passed).toBe(true);
      expect(two).toEqual({
        passed: false,
        refusal: { step: 0, key: "stock", reason: "limit_reached", value: 2 },
      });
      expect(three).toEqual({
        passed: false,
        refusal: { step: 0, key: "code:1", reason: "already_claimed", value: 1 },
      });
      expect(await stored(observer, tenant)).toEqual({ stock: 2, receipts: 2 });
      if (one.passed) expect(await hot.gates.undo(tenant, one.receipt)).toBe(true);
      expect(await hot.gates.counter(tenant, SCOPE, "stock")).toBe(1);
      await hot.close();
    });

    it("sends a batch again while its first send still runs on the server, and the second waits for the first and applies it once", async () => {
      const { hot, observer, tenant } = await proxied();
      const first = await hot.gates.pass(tenant, SCOPE, gate("code:0"));
      expect(first.passed).toBe(true);
      const schema = (await observer.query<{ s: string }>("SELECT current_schema() AS s")).rows[0]
        ?.s as string;
      const holder = await clientOn(schema);
      opened.push(holder);
      // Hold the stock row: the next batch's first send waits for it inside the server.
      await holder.query("BEGIN");
      await holder.query(
        "SELECT 1 FROM onecode_hot_gate_state WHERE tenant_id = $1 AND key = 'stock' FOR UPDATE",
        [tenant],
      );
      const outcomes = Promise.all([
        hot.gates.pass(tenant, SCOPE, gate("code:1")),
        hot.gates.pass(tenant, SCOPE, gate("code:2")),
      ]);
      const holderPid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid"))
        .rows[0]?.pid as number;
      const [firstSend] = await eventually(async () => {
        const pids = await blockedBy(observer, holderPid);
        return pids.length > 0 ? pids : undefined;
      });
      // The connection drops on the client's side; the server's backend keeps waiting.
      proxy.cut();
      // The second send waits for the first one's record of the batch.
      await eventually(async () =>
        (await blockedBy(observer, firstSend as number)).length > 0 ? true : undefined,
      );
      await holder.query("COMMIT");
      const [one, two] = (await outcomes) as [GateOutcome, GateOutcome];
      expect(one.passed && one.values).toEqual([2, 1]);
      expect(two).toEqual({
        passed: false,
        refusal: { step: 0, key: "stock", reason: "limit_reached", value: 2 },
      });
      expect(await stored(observer, tenant)).toEqual({ stock: 2, receipts: 2 });
      expect(await hot.gates.isClaimed(tenant, SCOPE, "code:2")).toBe(false);
      await hot.close();
    });

    it("fails with SERVICE_UNAVAILABLE while the database stays unreachable, and undoes the batch if it had committed once it is back", async () => {
      const { hot, observer, tenant } = await proxied();
      proxy.holdReplies();
      const lost = hot.gates.pass(tenant, SCOPE, gate("code:1")).then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      // The batch commits; its reply is lost and the database then stays out of reach.
      await eventually(async () =>
        (await stored(observer, tenant)).receipts === 1 ? true : undefined,
      );
      proxy.refuse(true);
      proxy.passReplies();
      proxy.cut();
      const error = await lost;
      expect(isOneCodeError(error, "SERVICE_UNAVAILABLE")).toBe(true);
      expect((error as Error).message).toBe("hot state is unavailable; try again shortly");
      expect(await stored(observer, tenant)).toEqual({ stock: 1, receipts: 1 });

      proxy.refuse(false);
      // The caller was never told the gate passed: the next batch first undoes it.
      const again = await hot.gates.pass(tenant, SCOPE, gate("code:1"));
      expect(again.passed && again.values).toEqual([1, 1]);
      expect(await stored(observer, tenant)).toEqual({ stock: 1, receipts: 1 });
      await hot.close();
    });
  },
);
