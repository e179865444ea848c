import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serviceSkipReason } from "@onecode/core/testing";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answers,
  ensureBuilt,
  eventually,
  SERVER_MAIN,
  type ServerProcess,
  startServerProcess,
} from "./support/server-process.js";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function asAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const skipPostgres = await serviceSkipReason({
  service: "PostgreSQL",
  envVar: "DATABASE_URL",
  url: DATABASE_URL,
  probe: () => asAdmin(async (client) => void (await client.query("SELECT 1"))),
});

const dataDirs: string[] = [];
const processes: ServerProcess[] = [];
const schemas: string[] = [];

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "onecode-process-"));
  dataDirs.push(dir);
  return dir;
}

beforeAll(() => ensureBuilt(), 300_000);

afterAll(async () => {
  for (const server of processes) if (server.child.exitCode === null) server.child.kill("SIGKILL");
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  if (schemas.length > 0 && !skipPostgres) {
    await asAdmin(async (client) => {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
  }
});

async function start(command: string, args: string[], env: Record<string, string>) {
  const server = await startServerProcess(command, args, env);
  processes.push(server);
  return server;
}

describe("npm start", () => {
  it("stops the server when the npm process gets SIGTERM", async () => {
    const npm = await start("npm", ["start"], { PORT: "0", ONECODE_DATA_DIR: freshDataDir() });
    expect(await answers(npm.url)).toBe(true);
    npm.child.kill("SIGTERM");
    await npm.exited;
    // npm's shell does not pass the signal on; the server notices npm is gone and closes.
    expect(await eventually(async () => !(await answers(npm.url)), 15_000)).toBe(true);
  }, 60_000);
});

/** The bearer token of the demo admin from a data directory's token file. */
function demoToken(dataDir: string): string {
  const line = readFileSync(join(dataDir, "tokens.env"), "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("ONECODE_TOKEN_DEMO_ADMIN="));
  return (line ?? "").split("=").slice(1).join("=").split(";")[0] ?? "";
}

describe.skipIf(Boolean(skipPostgres))(
  `a generation job on PostgreSQL whose server is killed with SIGKILL${skipPostgres ? ` (skipped: ${skipPostgres})` : ""}`,
  () => {
    it("resumes at once when the server starts again, before the dead process's lease ran out, and ends with every serial exactly once", async () => {
      const schema = `onecode_sigkill_${randomBytes(5).toString("hex")}`;
      schemas.push(schema);
      await asAdmin((client) => client.query(`CREATE SCHEMA "${schema}"`));
      const url = new URL(DATABASE_URL);
      url.searchParams.set("options", `-c search_path=${schema}`);
      const dataDir = freshDataDir();
      // Hot state (and so the job's lock) in the database even where REDIS_URL is set, as in CI.
      const env = {
        PORT: "0",
        ONECODE_DATA_DIR: dataDir,
        DATABASE_URL: url.toString(),
        REDIS_URL: "",
      };
      const query = <R>(text: string, values: unknown[]) =>
        asAdmin(async (client) => {
          await client.query(`SET search_path TO "${schema}"`);
          return (await client.query(text, values)).rows as R[];
        });

      const first = await start(process.execPath, [SERVER_MAIN], env);
      const api = async (base: string, method: string, path: string, body?: unknown) => {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${demoToken(dataDir)}`,
            "content-type": "application/json",
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        const json = (await response.json()) as Record<string, unknown>;
        expect(response.status, JSON.stringify(json)).toBeLessThan(300);
        return json;
      };
      const merchant = await api(first.url, "POST", "/v1/merchants", {
        name: "Kill Tea",
        codeSource: "platform",
        urlPrefixes: ["https://k.example/c/"],
      });
      const rule = await api(first.url, "POST", "/v1/code-rules", {
        mode: "quick",
        merchantId: merchant.id,
        charset: "mixed",
        length: 20,
        serials: true,
      });
      const total = 200_000;
      const job = await api(first.url, "POST", "/v1/code-packages", {
        merchantId: merchant.id,
        codeType: "single",
        rules: { item: rule.id },
        quantity: total,
      });
      const packagePath = `/v1/code-packages/${job.id}`;
      const midway = await eventually(
        async () => ((await api(first.url, "GET", packagePath)).done as number) >= 40_000,
        60_000,
      );
      expect(midway).toBe(true);
      first.child.kill("SIGKILL");
      expect(await first.exited).toBe("SIGKILL");

      const [interrupted] = await query<{ status: string; done: number }>(
        "SELECT status, done FROM onecode_code_packages WHERE tenant_id = 'demo' AND id = $1",
        [job.id],
      );
      expect(interrupted?.status).toBe("running");
      expect(interrupted?.done).toBeLessThan(total);
      // The dead process still holds the job's lock: its lease runs a minute.
      const [lock] = await query<{ expires_at: number }>(
        "SELECT expires_at FROM onecode_hot_locks WHERE tenant_id = 'demo' AND key = $1",
        [`codes:job:${job.id}`],
      );
      const deadLeaseEnds = Number(lock?.expires_at);
      expect(deadLeaseEnds).toBeGreaterThan(Date.now());

      const second = await start(process.execPath, [SERVER_MAIN], env);
      const finished = await eventually(
        async () => (await api(second.url, "GET", packagePath)).status === "succeeded",
        60_000,
      );
      expect(finished).toBe(true);
      // Taken over by the restarted instance, not after the dead lease ran out.
      expect(Date.now()).toBeLessThan(deadLeaseEnds);
      const [codes] = await query<{ rows: number; distinct: number; first: number; last: number }>(
        `SELECT count(*)::int AS rows, count(DISTINCT code)::int AS distinct,
           min(serial)::int AS first, max(serial)::int AS last
         FROM onecode_codes WHERE tenant_id = 'demo' AND package_id = $1`,
        [job.id],
      );
      expect(codes).toEqual({ rows: total, distinct: total, first: 1, last: total });
      expect(second.output()).not.toMatch(/unexpected error|failed/i);

      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
    }, 180_000);
  },
);
