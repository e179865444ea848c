import { describe, expect, it } from "vitest";
import { freshTenantId } from "../fixtures.js";
import type { HotStateSuiteContext } from "./suite-context.js";

export function idempotencyTests({ subject }: HotStateSuiteContext): void {
  describe("idempotency keys", () => {
    it("lets the first caller run, reports in-progress, then returns the stored result", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      expect(await idempotency.claim(tenant, "order:1", 60_000)).toEqual({ state: "claimed" });
      expect(await idempotency.claim(tenant, "order:1", 60_000)).toEqual({ state: "in_progress" });
      await idempotency.complete(tenant, "order:1", '{"orderId":"ord_1"}', 60_000);
      expect(await idempotency.claim(tenant, "order:1", 60_000)).toEqual({
        state: "completed",
        result: '{"orderId":"ord_1"}',
      });
    });

    it("stores an empty result faithfully", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      await idempotency.claim(tenant, "empty", 60_000);
      await idempotency.complete(tenant, "empty", "", 60_000);
      expect(await idempotency.claim(tenant, "empty", 60_000)).toEqual({
        state: "completed",
        result: "",
      });
    });

    it("lets a retry run again after the claim is released", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      await idempotency.claim(tenant, "refund:9", 60_000);
      await idempotency.release(tenant, "refund:9");
      expect(await idempotency.claim(tenant, "refund:9", 60_000)).toEqual({ state: "claimed" });
    });

    it("keeps a completed result when a late release arrives", async () => {
      const { idempotency } = subject().hotState;
      const tenant = freshTenantId();
      await idempotency.claim(tenant, "paid", 60_000);
      await idempotency.complete(tenant, "paid", "receipt-1", 60_000);
      await idempotency.release(tenant, "paid");
      expect(await idempotency.claim(tenant, "paid", 60_000)).toEqual({
        state: "completed",
        result: "receipt-1",
      });
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

    it("forgets a key after its time-to-live", async () => {
      const { hotState, advanceTime } = subject();
      const tenant = freshTenantId();
      await hotState.idempotency.claim(tenant, "short", 200);
      await advanceTime(350);
      expect(await hotState.idempotency.claim(tenant, "short", 200)).toEqual({ state: "claimed" });
    });

    it("keeps tenants apart", async () => {
      const { idempotency } = subject().hotState;
      const a = freshTenantId();
      const b = freshTenantId();
      await idempotency.claim(a, "k", 60_000);
      await idempotency.complete(a, "k", "secret-result-of-a", 60_000);
      expect(await idempotency.claim(b, "k", 60_000)).toEqual({ state: "claimed" });
    });
  });
}
