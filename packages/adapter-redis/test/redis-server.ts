import { randomBytes } from "node:crypto";
import type { ServiceProbe } from "@onecode/core/testing";
import { Redis } from "ioredis";
import { Redis as Redis5 } from "ioredis5";
import { afterAll, beforeAll } from "vitest";
import type { RedisClient } from "../src/index.js";

/** The Redis the integration tests run against. */
export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** The options every ioredis major accepts that the tests set. */
export interface DriverOptions {
  readonly lazyConnect?: boolean;
  readonly enableAutoPipelining?: boolean;
  readonly enableOfflineQueue?: boolean;
  readonly maxRetriesPerRequest?: number | null;
  readonly commandTimeout?: number;
  readonly connectTimeout?: number;
  readonly retryStrategy?: (attempt: number) => number | null;
}

/** A client of one ioredis major, as the adapter and the tests use it. */
export interface DriverClient extends RedisClient {
  connect(): Promise<void>;
  disconnect(): void;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/**
 * A supported ioredis release line: the adapter's peer range accepts
 * ioredis 5 and 6, and the integration suites run against a client of each.
 * ioredis 6 speaks RESP3 by default; `replyMapping: "resp3"` (maps as
 * objects, doubles as numbers) is tested too, since a host may turn it on.
 */
export interface RedisDriver {
  readonly name: string;
  open(url: string, options?: DriverOptions): DriverClient;
}

export const redisDrivers: readonly RedisDriver[] = [
  { name: "ioredis 6", open: (url, options = {}) => new Redis(url, options) },
  {
    name: "ioredis 6 (RESP3 reply mapping)",
    open: (url, options = {}) => new Redis(url, { ...options, replyMapping: "resp3" }),
  },
  { name: "ioredis 5", open: (url, options = {}) => new Redis5(url, options) },
];

/** Opens a client that fails fast instead of retrying forever. */
export function openClient(): Redis {
  return new Redis(redisUrl, { connectTimeout: 2_000, maxRetriesPerRequest: 1 });
}

/** Connects once and sends PING, with a short timeout and no reconnects. */
export const redisProbe: ServiceProbe = {
  service: "Redis",
  envVar: "REDIS_URL",
  url: redisUrl,
  async probe() {
    const client = new Redis(redisUrl, {
      lazyConnect: true,
      connectTimeout: 1_000,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    // ioredis reports the socket error as an event and rejects with a generic
    // "Connection is closed"; keep the first one, it names the actual cause.
    let socketError: unknown;
    client.on("error", (error) => {
      socketError ??= error;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("no answer within 2 s")), 2_000);
    });
    try {
      await Promise.race([client.connect().then(() => client.ping()), timeout]);
    } catch (error) {
      throw socketError ?? error;
    } finally {
      clearTimeout(timer);
      client.disconnect();
    }
  },
};

/** A key prefix no other test run uses, so parallel runs never collide. */
export function uniquePrefix(label: string): string {
  return `onecode-test:${label}:${randomBytes(6).toString("hex")}:`;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

/** Every key under `prefix` (SCAN through `call`, so any ioredis major will do). */
export async function keysUnder(client: RedisClient, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const reply = await client.call(
      "SCAN",
      cursor,
      "MATCH",
      `${escapeGlob(prefix)}*`,
      "COUNT",
      "1000",
    );
    const [next, batch] = reply as [string, string[]];
    found.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return found;
}

/** Deletes every key under `prefix` (SCAN + UNLINK). */
export async function deleteKeysUnder(client: RedisClient, prefix: string): Promise<void> {
  const keys = await keysUnder(client, prefix);
  for (let i = 0; i < keys.length; i += 500) await client.call("UNLINK", ...keys.slice(i, i + 500));
}

/**
 * Registers hooks that open a client and a fresh key prefix before the
 * current `describe` block's tests and delete its keys afterwards.
 */
export function useRedis(label: string): { readonly client: () => Redis; readonly prefix: string } {
  const prefix = uniquePrefix(label);
  let client: Redis | undefined;
  beforeAll(() => {
    client = openClient();
  });
  afterAll(async () => {
    if (!client) return;
    await deleteKeysUnder(client, prefix);
    await client.quit();
  });
  return {
    prefix,
    client: () => {
      if (!client) throw new Error("useRedis: the client opens in beforeAll");
      return client;
    },
  };
}
