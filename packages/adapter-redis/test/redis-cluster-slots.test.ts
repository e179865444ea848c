import { freshTenantId, serviceSkipReason } from "@onecode/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisHotState } from "../src/index.js";
import {
  type ClusterClient,
  clusterKeysUnder,
  clusterProbe,
  deleteClusterKeysUnder,
  openClusterClient,
} from "./redis-cluster.js";
import { keysUnder, uniquePrefix } from "./redis-server.js";

const skip = await serviceSkipReason(clusterProbe);

/** Scopes whose braces, percent signs and colons must not break the hash tag. */
const SCOPES = ["campaign:42", "a}b", "{x}", "%7D", "flash:{1}:}", "租户 é"];

describe.skipIf(Boolean(skip))(`redis cluster slots${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const prefix = uniquePrefix("cluster-slots");
  let client: ClusterClient;
  beforeAll(() => {
    client = openClusterClient();
  });
  afterAll(async () => {
    if (!client) return;
    await deleteClusterKeysUnder(client, prefix);
    await client.quit();
  });

  const slotOf = async (key: string) => Number(await client.call("CLUSTER", "KEYSLOT", key));

  it("puts every key of one gate (counters, once-keys, flags, receipt) in one slot", async () => {
    const hotState = redisHotState({ client, keyPrefix: `${prefix}a:` });
    const tenant = freshTenantId();
    for (const scope of SCOPES) {
      await hotState.gates.setFlag(tenant, scope, "open}", true);
      const outcome = await hotState.gates.pass(tenant, scope, [
        { kind: "take", key: "stock", amount: 1, limit: 10 },
        { kind: "take", key: "account:{u1}", amount: 1, limit: 3, ttlMs: 60_000 },
        { kind: "claim_once", key: "code:}{" },
        { kind: "flag", key: "open}", expected: true },
      ]);
      expect(outcome.passed).toBe(true);
    }
    const keys = await clusterKeysUnder(client, `${prefix}a:`);
    // Per scope: two counters, a once-key, a flag and a receipt.
    expect(keys).toHaveLength(SCOPES.length * 5);
    const slotsByTag = new Map<string, Set<number>>();
    for (const key of keys) {
      const tag = key.slice(key.indexOf("{"), key.indexOf("}") + 1);
      const slots = slotsByTag.get(tag) ?? new Set<number>();
      slots.add(await slotOf(key));
      slotsByTag.set(tag, slots);
    }
    expect(slotsByTag.size).toBe(SCOPES.length);
    for (const slots of slotsByTag.values()) expect(slots.size).toBe(1);
    for (const scope of SCOPES) {
      expect(await hotState.gates.counter(tenant, scope, "stock")).toBe(1);
      expect(await hotState.gates.isClaimed(tenant, scope, "code:}{")).toBe(true);
    }
  });

  it("spreads one tenant's gate scopes over the primaries", async () => {
    const hotState = redisHotState({ client, keyPrefix: `${prefix}b:` });
    const tenant = freshTenantId();
    for (let i = 0; i < 30; i++) {
      await hotState.gates.pass(tenant, `campaign:${i}`, [{ kind: "claim_once", key: "code" }]);
    }
    const perNode = await Promise.all(
      client.nodes("master").map(async (node) => (await keysUnder(node, `${prefix}b:`)).length),
    );
    expect(perNode.filter((count) => count > 0).length).toBeGreaterThan(1);
    expect(perNode.reduce((sum, count) => sum + count, 0)).toBe(60);
  });

  it("loads its scripts again on every primary after SCRIPT FLUSH (each primary has its own cache)", async () => {
    const hotState = redisHotState({ client, keyPrefix: `${prefix}c:` });
    const tenant = freshTenantId();
    const scopes = Array.from({ length: 12 }, (_, i) => `campaign:${i}`);
    const passAll = () =>
      Promise.all(
        scopes.map((scope) =>
          hotState.gates.pass(tenant, scope, [{ kind: "take", key: "stock", amount: 1, limit: 9 }]),
        ),
      );
    await passAll();
    await Promise.all(client.nodes("master").map((node) => node.call("SCRIPT", "FLUSH")));
    const outcomes = await passAll();
    expect(outcomes.map((outcome) => outcome.passed && outcome.values)).toEqual(
      scopes.map(() => [2]),
    );
    for (const outcome of outcomes) {
      if (outcome.passed) expect(await hotState.gates.undo(tenant, outcome.receipt)).toBe(true);
    }
    expect(await hotState.gates.counter(tenant, "campaign:0", "stock")).toBe(1);
  });
});
