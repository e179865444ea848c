import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sleep } from "@onecode/core/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";
import { startServer } from "../src/server.js";
import { freePort, throwawayRedis, throwawayRedisSkipReason } from "./throwaway-redis.js";

const skip = throwawayRedisSkipReason();
const dataDir = mkdtempSync(join(tmpdir(), "onecode-server-redis-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const configWith = (redisUrl: string) =>
  readConfig({
    PORT: "0",
    ONECODE_DATA_DIR: dataDir,
    REDIS_URL: redisUrl,
    ONECODE_SCAN_RATE_LIMIT: "3/60000",
  });

describe("reference server on Redis", () => {
  it("names REDIS_URL, without its password, when Redis cannot be reached at start", async () => {
    const url = `redis://:s3cret-pass@127.0.0.1:${await freePort()}`;
    const failure = await startServer(configWith(url), () => {}).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(
      /^REDIS_URL: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/? \(.*ECONNREFUSED.*\)/,
    );
    expect(failure?.message).not.toContain("s3cret-pass");
  });

  it.skipIf(Boolean(skip))(
    `answers public scans within a second while its Redis is down, limited in process, logging the outage once${skip ? ` (skipped: ${skip})` : ""}`,
    async () => {
      const redis = await throwawayRedis();
      const lines: string[] = [];
      const running = await startServer(configWith(redis.url), (message) => lines.push(message));
      const direct = new Redis(redis.url, { lazyConnect: true, retryStrategy: () => null });
      direct.on("error", () => {});
      // Every request comes from 127.0.0.1: one rate-limit bucket.
      const scan = async () => {
        const started = performance.now();
        const response = await fetch(`${running.url}/v1/public/scans`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ tenantId: "demo", code: "NoSuchCode000001" }),
        });
        await response.arrayBuffer();
        return { status: response.status, ms: performance.now() - started };
      };
      const rateKeys = async () => {
        await direct.connect();
        try {
          return await direct.keys("onecode:*:rate:*");
        } finally {
          direct.disconnect();
        }
      };
      try {
        expect((await scan()).status).toBe(200);
        expect(await rateKeys()).toHaveLength(1);

        await redis.stop();
        const outage = [];
        for (let i = 0; i < 5; i++) outage.push(await scan());
        expect(outage.map((answer) => answer.status)).toEqual([200, 200, 200, 429, 429]);
        for (const answer of outage) expect(answer.ms).toBeLessThan(1_000);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^\[onecode\] hot state unavailable/);

        await redis.start(); // empty: it keeps nothing on disk
        for (let attempt = 0; attempt < 50 && lines.length < 2; attempt++) {
          await scan();
          await sleep(100);
        }
        expect(lines[1]).toMatch(/^\[onecode\] hot state reachable again after/);
        expect((await scan()).status).toBe(200);
        expect(await rateKeys()).toHaveLength(1);
        expect(lines).toHaveLength(2);
      } finally {
        await running.close();
        await redis.stop();
      }
    },
  );
});
