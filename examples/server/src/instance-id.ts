import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The name this server's generation jobs are held under (core's
 * `codes.instanceId`): `ONECODE_INSTANCE_ID` when set, else an id kept in
 * `<dataDir>/instance.id`, created on first start. It stays the same when
 * the server restarts, so a restarted server takes the jobs its crashed
 * predecessor was running over at once, instead of waiting for their locks
 * to expire. Servers running at the same time must not share it: give each
 * its own data directory or `ONECODE_INSTANCE_ID`.
 */
export function loadInstanceId(file: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored) return stored;
  }
  mkdirSync(dirname(file), { recursive: true });
  const id = `server-${randomUUID()}`;
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return id;
}
