import { createHash } from "node:crypto";
import type { RedisClient } from "./redis-client.js";

/** A Lua script with its SHA-1, run by {@link runScript}. */
export interface LuaScript {
  /** Names the script in error messages. */
  readonly name: string;
  readonly source: string;
  readonly sha1: string;
}

/** Declares a Lua script; its SHA-1 is computed once. */
export function luaScript(name: string, source: string): LuaScript {
  return { name, source, sha1: createHash("sha1").update(source).digest("hex") };
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

/**
 * Runs `script` atomically on the server with EVALSHA. When the server does
 * not know the script (a restart, a failover, `SCRIPT FLUSH`) it falls back to
 * EVAL, which also caches the script for the next EVALSHA.
 */
export async function runScript(
  client: RedisClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await client.call("EVALSHA", script.sha1, ...tail);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return client.call("EVAL", script.source, ...tail);
  }
}
