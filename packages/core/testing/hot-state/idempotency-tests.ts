import { describe, expect, it } from "vitest";
import type { IdempotencyClaim, IdempotencyKeys } from "../../src/ports/hot-state.js";
import { freshTenantId } from "../fixtures.js";
import type { HotStateSuiteContext } from "./suite-context.js";

/** Claims `key` and returns the fencing token, failing the test when the claim was not won. */
async function claimToken(
  idempotency: IdempotencyKeys,
  tenant: string,
  key: string,
  ttlMs: number,
): Promise<string> {
  const claim: IdempotencyClaim = await idempotency.claim(tenant, key, ttlMs);
  expect(claim).toEqual({ state: "claimed", token: expect.any(String) });
  return claim.state === "claimed" ? claim.token : "";
}

/** Asserts that a new claim of `key` answers the stored `result`. */
async function expectResult(
  idempotency: IdempotencyKeys,
  tenant: string,
  key: string,
  result: string,
): Promise<void> {
  expect(await idempotency.claim(tenant, key, 60_000)).toEqual({ state: "completed", result });
}

export function idempotencyTests({ subject }: HotStateSuiteContext): void {
  describe("idempotency keys", () => {
    it("lets the first caller run, reports in-progress, then returns the stored result", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      const token = await claimToken(idempotency, tenant, "order:1", 60_000);
      expect(token.length).toBeGreaterThan(0);
      expect(await idempotency.claim(tenant, "order:1", 60_000)).toEqual({ state: "in_progress" });
      expect(
        await idempotency.complete(tenant, "order:1", token, '{"orderId":"ord_1"}', 60_000),
      ).toBe(true);
      await expectResult(idempotency, tenant, "order:1", '{"orderId":"ord_1"}');
    });

    it("stores an empty result faithfully", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      const token = await claimToken(idempotency, tenant, "empty", 60_000);
      expect(await idempotency.complete(tenant, "empty", token, "", 60_000)).toBe(true);
      await expectResult(idempotency, tenant, "empty", "");
    });

    it("hands out a different token for every won claim", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      const first = await claimToken(idempotency, tenant, "again", 60_000);
      expect(await idempotency.release(tenant, "again", first)).toBe(true);
      const second = await claimToken(idempotency, tenant, "again", 60_000);
      expect(second).not.toBe(first);
    });

    it("lets a retry run again after the claim is released with its token", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      const token = await claimToken(idempotency, tenant, "refund:9", 60_000);
      expect(await idempotency.release(tenant, "refund:9", "not-the-token")).toBe(false);
      expect(await idempotency.claim(tenant, "refund:9", 60_000)).toEqual({ state: "in_progress" });
      expect(await idempotency.release(tenant, "refund:9", token)).toBe(true);
      expect(await idempotency.release(tenant, "refund:9", token)).toBe(false);
      await claimToken(idempotency, tenant, "refund:9", 60_000);
    });

    it("refuses to complete with another caller's token", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      const token = await claimToken(idempotency, tenant, "forged", 60_000);
      expect(await idempotency.complete(tenant, "forged", "not-the-token", "bad", 60_000)).toBe(
        false,
      );
      expect(await idempotency.claim(tenant, "forged", 60_000)).toEqual({ state: "in_progress" });
      expect(await idempotency.complete(tenant, "forged", token, "good", 60_000)).toBe(true);
      await expectResult(idempotency, tenant, "forged", "good");
    });

    it("keeps a completed result when a late release or a second complete arrives", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      const token = await claimToken(idempotency, tenant, "paid", 60_000);
      expect(await idempotency.complete(tenant, "paid", token, "receipt-1", 60_000)).toBe(true);
      expect(await idempotency.release(tenant, "paid", token)).toBe(false);
      expect(await idempotency.complete(tenant, "paid", token, "receipt-2", 60_000)).toBe(false);
      await expectResult(idempotency, tenant, "paid", "receipt-1");
    });

    it("fences a holder whose claim expired and was claimed again", async () => {
      const { hotState, advanceTime } = subject();
      const { idempotency } = hotState;
      const tenant = freshTenantId();
      const stale = await claimToken(idempotency, tenant, "slow", 200);
      await advanceTime(350);
      const fresh = await claimToken(idempotency, tenant, "slow", 60_000);
      expect(fresh).not.toBe(stale);
      // A's late release must not free B's running claim…
      expect(await idempotency.release(tenant, "slow", stale)).toBe(false);
      expect(await idempotency.claim(tenant, "slow", 60_000)).toEqual({ state: "in_progress" });
      // …nor may A's late result replace B's, before or after B completes.
      expect(await idempotency.complete(tenant, "slow", stale, "from-a", 60_000)).toBe(false);
      expect(await idempotency.complete(tenant, "slow", fresh, "from-b", 60_000)).toBe(true);
      expect(await idempotency.complete(tenant, "slow", stale, "from-a", 60_000)).toBe(false);
      expect(await idempotency.release(tenant, "slow", stale)).toBe(false);
      await expectResult(idempotency, tenant, "slow", "from-b");
    });

    it("keeps the result of a holder whose claim expired while nobody claimed the key", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      const token = await claimToken(hotState.idempotency, tenant, "late", 200);
      await advanceTime(350);
      expect(await hotState.idempotency.release(tenant, "late", token)).toBe(false);
      expect(await hotState.idempotency.complete(tenant, "late", token, "done", 60_000)).toBe(true);
      await expectResult(hotState.idempotency, tenant, "late", "done");
    });

    it("gives exactly one of many parallel callers the claim", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      const claims = await Promise.all(
        Array.from({ length: 40 }, () => idempotency.claim(tenant, "draw:code-1", 60_000)),
      );
      expect(claims.filter((claim) => claim.state === "claimed")).toHaveLength(1);
      expect(claims.filter((claim) => claim.state === "in_progress")).toHaveLength(39);
    });

    it("lets exactly one of many parallel completes with stale and fresh tokens win", async () => {
      const { hotState, advanceTime } = subject();
      const { idempotency } = hotState;
      const tenant = freshTenantId();
      const stale = await claimToken(idempotency, tenant, "race", 200);
      await advanceTime(350);
      const fresh = await claimToken(idempotency, tenant, "race", 60_000);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          idempotency.complete(tenant, "race", i === 7 ? fresh : stale, `r${i}`, 60_000),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(outcomes[7]).toBe(true);
      await expectResult(idempotency, tenant, "race", "r7");
    });

    it("forgets a key after its time-to-live", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      await claimToken(hotState.idempotency, tenant, "short", 200);
      await advanceTime(350);
      await claimToken(hotState.idempotency, tenant, "short", 200);
    });

    it("keeps tenants apart", async () => {
      const { idempotency } = subject().hotState;
      const a = freshTenantId();
      const b = freshTenantId();
      const token = await claimToken(idempotency, a, "k", 60_000);
      await idempotency.complete(a, "k", token, "secret-result-of-a", 60_000);
      await claimToken(idempotency, b, "k", 60_000);
      expect(await idempotency.release(b, "k", token)).toBe(false);
    });
  });
}
