import {
  createOneCode,
  failoverHotState,
  isOneCodeError,
  memoryStorage,
  type OneCode,
  tenantContext,
} from "@onecode/core";
import { type ReleasedCodes, releasedCodes, serviceSkipReason, sleep } from "@onecode/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failFastRedisOptions, redisHotState } from "../src/index.js";
import { type CuttableProxy, cuttableProxy } from "./cuttable-proxy.js";
import {
  type DriverClient,
  keysUnder,
  redisDrivers,
  redisProbe,
  redisUrl,
  useRedis,
} from "./redis-server.js";

const skip = await serviceSkipReason(redisProbe);

const SCAN_LIMIT = { limit: 5, windowMs: 60_000 };
const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });

// failFastRedisOptions rests on how ioredis queues, retries and times out: checked per major.
describe.skipIf(Boolean(skip)).each(redisDrivers)(
  `a Redis outage on $name${skip ? ` (skipped: ${skip})` : ""}`,
  (driver) => {
    const redis = useRedis("outage");
    let proxy: CuttableProxy;
    let client: DriverClient;
    let onecode: OneCode;
    let fixture: ReleasedCodes;
    const lines: string[] = [];

    beforeAll(async () => {
      proxy = await cuttableProxy(redisUrl);
      client = driver.open(proxy.url, {
        ...failFastRedisOptions,
        lazyConnect: true,
        enableAutoPipelining: true,
      });
      client.on("error", () => {}); // the failover logs the outage once
      await client.connect();
      const hotState = failoverHotState(redisHotState({ client, keyPrefix: redis.prefix }), {
        probeIntervalMs: 200,
        log: (message) => lines.push(message),
      });
      onecode = createOneCode({
        storage: memoryStorage(),
        hotState,
        // Every client address counts as a visitor: these scans come from many addresses.
        trace: { scanRateLimit: SCAN_LIMIT, suspicion: { visitors: 1_000, regions: 1_000 } },
      });
      fixture = await releasedCodes(onecode, admin);
    });

    afterAll(async () => {
      client?.disconnect();
      await proxy?.close();
    });

    // Scans from many addresses: the threshold above keeps them from turning a code suspicious.
    const scan = (code: string, ip: string) =>
      onecode.scans.scan({ tenantId: "acme", code, ip, visitorId: "visitor-1" });
    const keys = async (part: string) =>
      (await keysUnder(redis.client(), redis.prefix)).filter((key) => key.includes(part));

    it("serves scans from storage within a second, rate-limited in process, and goes back to Redis when it returns", async () => {
      const [code = "", other = ""] = fixture.codes;
      expect((await scan(code, "198.51.100.1")).verdict).toBe("genuine");
      expect(await keys(":cache:trace:batch:")).toHaveLength(1);
      expect(await keys(":rate:")).toHaveLength(1);

      await proxy.cut();
      await redis.client().unlink(...(await keys(":cache:")));
      const outageIp = "198.51.100.2";
      const verdicts: string[] = [];
      for (let i = 0; i < SCAN_LIMIT.limit + 2; i++) {
        const started = performance.now();
        const outcome = await scan(i % 2 ? code : other, outageIp).then(
          (result) => result.verdict,
          (error: unknown) =>
            isOneCodeError(error, "RATE_LIMITED") ? "rate_limited" : String(error),
        );
        expect(performance.now() - started).toBeLessThan(1_000);
        verdicts.push(outcome);
      }
      expect(verdicts).toEqual([
        ...Array(SCAN_LIMIT.limit).fill("genuine"),
        "rate_limited",
        "rate_limited",
      ]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[onecode\] hot state unavailable/);
      // Nothing reached Redis during the outage: no page written, no bucket for the new address.
      expect(await keys(":cache:")).toEqual([]);
      expect(await keys(outageIp)).toEqual([]);

      await proxy.restore();
      const backIp = "198.51.100.3";
      for (let attempt = 0; attempt < 50 && lines.length < 2; attempt++) {
        await scan(code, backIp).catch(() => undefined);
        await sleep(100);
      }
      expect(lines[1]).toMatch(/^\[onecode\] hot state reachable again after/);
      expect((await scan(code, backIp)).verdict).toBe("genuine");
      expect(await keys(":cache:trace:batch:")).toHaveLength(1);
      expect(await keys(backIp)).toHaveLength(1);
      // The address limited in process starts a fresh bucket in Redis, shared by every process again.
      expect((await scan(code, outageIp)).verdict).toBe("genuine");
      expect(await keys(outageIp)).toHaveLength(1);
      expect(lines).toHaveLength(2);
    });

    it("serves scans within a second when the network goes silent, once commandTimeout gave up on Redis", async () => {
      const [code = ""] = fixture.codes;
      proxy.silence();
      try {
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          expect((await scan(code, `198.51.100.${10 + i}`)).verdict).toBe("genuine");
          expect(performance.now() - started).toBeLessThan(1_000);
        }
        expect(lines).toHaveLength(3);
        expect(lines[2]).toMatch(/^\[onecode\] hot state unavailable/);
      } finally {
        await proxy.restore();
      }
      for (let attempt = 0; attempt < 50 && lines.length < 4; attempt++) {
        await scan(code, "198.51.100.20");
        await sleep(100);
      }
      expect(lines[3]).toMatch(/^\[onecode\] hot state reachable again after/);
      expect((await scan(code, "198.51.100.21")).verdict).toBe("genuine");
      expect(await keys("198.51.100.21")).toHaveLength(1);
    });

    it("fails locks, counters and idempotency keys with SERVICE_UNAVAILABLE while Redis is away", async () => {
      const hotState = onecode.ports.hotState;
      await proxy.cut();
      try {
        const failures = [
          hotState.locks.acquire("acme", "scheduler", 1_000),
          hotState.counters.take("acme", "stock", 1, { limit: 5 }),
          hotState.idempotency.claim("acme", "order-1", 1_000),
        ];
        for (const failure of failures) {
          const started = performance.now();
          const error = await failure.catch((caught: unknown) => caught);
          expect(isOneCodeError(error, "SERVICE_UNAVAILABLE")).toBe(true);
          expect(performance.now() - started).toBeLessThan(1_000);
        }
      } finally {
        await proxy.restore();
      }
    });
  },
);
