import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The key vault's master key: `ONECODE_MASTER_KEY` (base64, 32 bytes) when
 * set, else `<dataDir>/master.key`, created on first start with mode 0600 so
 * encrypted secrets stay readable across restarts.
 */
export function loadMasterKey(file: string, env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const fromEnv = env.ONECODE_MASTER_KEY;
  const key = fromEnv ? Buffer.from(fromEnv, "base64") : readOrCreate(file);
  if (key.length !== 32)
    throw new Error("the master key must be 32 bytes (ONECODE_MASTER_KEY is base64)");
  return new Uint8Array(key);
}

function readOrCreate(file: string): Buffer {
  if (existsSync(file)) return readFileSync(file);
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}
