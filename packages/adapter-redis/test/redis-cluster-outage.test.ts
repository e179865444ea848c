import { isOneCodeError } from "@onecode/core";
import { freshTenantId, serviceSkipReason, sleep } from "@onecode/core/testing";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failFastClusterOptions, redisHotState } from "../src/index.js";
import { type OwnClusterNode, ownClusterNode } from "./own-cluster-node.js";
import { clusterProbe } from "./redis-cluster.js";

// Runs wherever the cluster suites run (redis-server is there); the node is
// the test's own, so freezing and killing it disturbs no other suite.
const skip = await serviceSkipReason(clusterProbe);

describe.skipIf(Boolean(skip))(
  `a Redis Cluster outage with failFastClusterOptions${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let node: OwnClusterNode;
    let client: Cluster;
    beforeAll(async () => {
      node = await ownClusterNode();
      client = new Cluster([{ host: "127.0.0.1", port: node.port }], {
        ...failFastClusterOptions,
        lazyConnect: true,
      });
      client.on("error", () => {}); // reported through the rejected commands
      await client.connect();
    });
    afterAll(async () => {
      client?.disconnect();
      await node?.remove();
    });

    const gate = (hotState: ReturnType<typeof redisHotState>, tenant: string, code: string) =>
      hotState.gates.pass(tenant, "sale", [
        { kind: "take", key: "stock", amount: 1, limit: 100 },
        { kind: "claim_once", key: code },
      ]);

    /** Each call must fail with SERVICE_UNAVAILABLE within a second. */
    async function expectUnavailable(calls: readonly (() => Promise<unknown>)[]) {
      for (const call of calls) {
        const started = performance.now();
        const error = await call().then(
          () => new Error("expected the call to fail"),
          (caught: unknown) => caught,
        );
        if (!isOneCodeError(error, "SERVICE_UNAVAILABLE")) throw error;
        expect(error.details).toEqual({ service: "hot_state" });
        expect(performance.now() - started).toBeLessThan(1_000);
      }
    }

    it("fails gates and counters with SERVICE_UNAVAILABLE within a second when the primary goes silent or away, and serves again when it returns", async () => {
      const hotState = redisHotState({ client, keyPrefix: "onecode-test:cluster-outage:" });
      const tenant = freshTenantId();
      expect((await gate(hotState, tenant, "code:1")).passed).toBe(true);

      node.freeze();
      try {
        await expectUnavailable([
          () => gate(hotState, tenant, "code:2"),
          () => hotState.counters.take(tenant, "stock", 1, { limit: 5 }),
        ]);
      } finally {
        node.thaw();
      }

      await node.kill();
      await expectUnavailable([
        () => gate(hotState, tenant, "code:3"),
        () => hotState.counters.take(tenant, "stock", 1, { limit: 5 }),
        () => hotState.cache.get(tenant, "page"),
      ]);

      await node.restart();
      let outcome: unknown;
      for (let attempt = 0; attempt < 100 && outcome === undefined; attempt++) {
        outcome = await gate(hotState, tenant, "code:4").catch(() => undefined);
        if (outcome === undefined) await sleep(100);
      }
      // The node kept no data (no persistence): the gate passes on a fresh counter.
      expect(outcome).toMatchObject({ passed: true, values: [1, 1] });
    });
  },
);
