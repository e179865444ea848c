import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { DATABASE_URL } from "./real-postgres.js";

/**
 * Connections a test can cut: every connection opened with `url` carries
 * `application_name`, so `terminate()` ends exactly those backends (never
 * another test's) with `pg_terminate_backend`, as an administrator or a
 * failover would.
 */
export interface KillableConnections {
  /** `DATABASE_URL` with this test's `application_name`. */
  readonly url: string;
  readonly applicationName: string;
  /** Terminates every backend of these connections; resolves with how many. */
  terminate(): Promise<number>;
  /** Waits until one of these backends waits for a lock, then terminates it; resolves with its pid. */
  terminateWhenBlocked(): Promise<number>;
}

async function asAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Connections tagged with a fresh `application_name`. */
export function killableConnections(): KillableConnections {
  const applicationName = `onecode_kill_${randomBytes(5).toString("hex")}`;
  const url = new URL(DATABASE_URL);
  url.searchParams.set("application_name", applicationName);
  return {
    url: url.toString(),
    applicationName,
    terminate: () =>
      asAdmin(async (client) => {
        const { rows } = await client.query<{ ended: boolean }>(
          "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1",
          [applicationName],
        );
        return rows.filter((row) => row.ended).length;
      }),
    terminateWhenBlocked: () =>
      asAdmin(async (client) => {
        for (let tries = 0; tries < 500; tries++) {
          const { rows } = await client.query<{ pid: number }>(
            "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
            [applicationName],
          );
          const pid = rows[0]?.pid;
          if (pid !== undefined) {
            await client.query("SELECT pg_terminate_backend($1)", [pid]);
            return pid;
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        throw new Error(`no backend of ${applicationName} blocked on a lock within 5 s`);
      }),
  };
}
