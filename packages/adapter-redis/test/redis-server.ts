import { randomBytes } from "node:crypto";
import type { ServiceProbe } from "@onecode/core/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";

/** The Redis the integration tests run against. */
export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

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

/** Every key under `prefix`. */
export async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(
      cursor,
      "MATCH",
      `${escapeGlob(prefix)}*`,
      "COUNT",
      1000,
    );
    found.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return found;
}

/** Deletes every key under `prefix` (SCAN + UNLINK). */
export async function deleteKeysUnder(client: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(client, prefix);
  for (let i = 0; i < keys.length; i += 500) await client.unlink(...keys.slice(i, i + 500));
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
