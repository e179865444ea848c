import { describe, expect, it } from "vitest";
import type { OutboxEvent } from "../../src/kernel/outbox/outbox-event.js";
import { tenantContext } from "../../src/kernel/tenant.js";
import { provided, skipNote } from "../capability.js";
import { freshTenantId } from "../fixtures.js";
import { outboxKit, payloadNumbers } from "./outbox-kit.js";
import type { StorageSuiteContext } from "./suite-context.js";

/**
 * The transactional outbox: events exist exactly when their transaction
 * committed, are delivered at least once, in order per aggregate, survive a
 * dispatcher that died mid-delivery, and are retried, then parked dead for
 * an operator, tenant by tenant.
 */
export function outboxTests({ storage, options }: StorageSuiteContext): void {
  describe("outbox", () => {
    it("delivers an event recorded in a committed transaction to its handler, once", async () => {
      const kit = outboxKit(storage());
      const seen: OutboxEvent[] = [];
      kit.on("test.collect", async (event) => {
        seen.push(event);
      });
      const [recorded] = await kit.commit("a1", [1]);
      expect(recorded).toMatchObject({
        tenantId: kit.tenantId,
        state: "pending",
        attempts: 0,
        occurredAt: "2026-03-01T00:00:00.000Z",
      });
      expect(await storage().outbox.get(kit.tenantId, recorded?.id ?? "")).toEqual(recorded);

      const result = await kit.dispatcher().dispatch();
      expect(result.delivered).toBeGreaterThanOrEqual(1);
      expect(seen).toEqual([{ ...recorded, attempts: 1 }]);
      expect(await storage().outbox.get(kit.tenantId, recorded?.id ?? "")).toMatchObject({
        state: "delivered",
        attempts: 1,
        settledAt: "2026-03-01T00:00:00.000Z",
      });
      await kit.dispatcher().dispatch();
      expect(seen).toHaveLength(1);
    });

    it("never stores the events of a rolled-back transaction", async () => {
      const kit = outboxKit(storage());
      const seen: OutboxEvent[] = [];
      kit.on("test.collect", async (event) => {
        seen.push(event);
      });
      let recorded: OutboxEvent[] = [];
      await expect(
        storage().transaction(async (tx) => {
          recorded = await kit.record(tx, tenantContext(kit.tenantId), [
            { type: kit.type, aggregate: { type: "thing", id: "a1" }, payload: { n: 1 } },
          ]);
          throw new Error("the business change failed");
        }),
      ).rejects.toThrow("the business change failed");
      expect(recorded).toHaveLength(1);
      expect(await storage().outbox.get(kit.tenantId, recorded[0]?.id ?? "")).toBeNull();
      await kit.dispatcher().dispatch();
      expect(seen).toEqual([]);
    });

    it("delivers an event whose dispatcher died after claiming it, once the lease ran out", async () => {
      const kit = outboxKit(storage(), { leaseMs: 30_000 });
      const seen: number[] = [];
      kit.on("test.collect", async (event) => {
        seen.push((event.payload as { n: number }).n);
      });
      const [event] = await kit.commit("a1", [7]);
      // The first dispatcher claims, then "crashes": it never settles.
      const now = "2026-03-01T00:00:00.000Z";
      const claimed = await storage().outbox.claim({
        now,
        leaseUntil: "2026-03-01T00:00:30.000Z",
        claimToken: "crashed-dispatcher",
        limit: 1000,
      });
      expect(claimed.find((c) => c.id === event?.id)).toMatchObject({ attempts: 1 });

      await kit.dispatcher().dispatch();
      expect(seen).toEqual([]);
      kit.clock.advance(30_000);
      await kit.dispatcher().dispatch();
      expect(seen).toEqual([7]);
      expect(await storage().outbox.get(kit.tenantId, event?.id ?? "")).toMatchObject({
        state: "delivered",
        attempts: 2,
      });
      // The crashed dispatcher's late settle changes nothing.
      expect(
        await storage().outbox.settle(kit.tenantId, event?.id ?? "", "crashed-dispatcher", {
          state: "pending",
          lastError: "late",
          nextAttemptAt: now,
        }),
      ).toEqual({ outcome: "claim_lost" });
      expect((await storage().outbox.get(kit.tenantId, event?.id ?? ""))?.state).toBe("delivered");
    });

    const reopen = provided(options.capabilities.reopen);
    it.skipIf(!reopen)(
      `delivers from a new storage instance an event committed just before the old one stopped${skipNote(options.capabilities.reopen)}`,
      async () => {
        const kit = outboxKit(storage());
        const seen: number[] = [];
        kit.on("test.collect", async (event) => {
          seen.push((event.payload as { n: number }).n);
        });
        await kit.commit("a1", [1, 2]);
        const restarted = await (reopen as NonNullable<typeof reopen>)();
        try {
          await kit.dispatcher(restarted).dispatch();
          await kit.dispatcher(restarted).dispatch();
        } finally {
          if (restarted !== storage()) await restarted.close();
        }
        expect(seen).toEqual([1, 2]);
      },
    );

    it("retries a failing handler with exponential backoff, parks it dead, and delivers it after an operator retry", async () => {
      const kit = outboxKit(storage(), {
        maxAttempts: 3,
        backoffBaseMs: 1000,
        backoffCapMs: 60_000,
      });
      let failing = true;
      const delivered: number[] = [];
      kit.on("test.flaky", async (event) => {
        if (failing)
          throw new Error(`courier refused parcel ${(event.payload as { n: number }).n}`);
        delivered.push((event.payload as { n: number }).n);
      });
      const [first] = await kit.commit("a1", [1]);
      const id = first?.id ?? "";
      const dispatcher = kit.dispatcher();

      expect((await dispatcher.dispatch()).retried).toBeGreaterThanOrEqual(1);
      expect(await storage().outbox.get(kit.tenantId, id)).toMatchObject({
        state: "pending",
        attempts: 1,
        lastError: 'handler "test.flaky": Error: courier refused parcel 1',
        nextAttemptAt: "2026-03-01T00:00:01.000Z",
      });
      await dispatcher.dispatch(); // not due yet
      expect((await storage().outbox.get(kit.tenantId, id))?.attempts).toBe(1);
      kit.clock.advance(1000);
      await dispatcher.dispatch();
      expect(await storage().outbox.get(kit.tenantId, id)).toMatchObject({
        attempts: 2,
        nextAttemptAt: "2026-03-01T00:00:03.000Z",
      });
      kit.clock.advance(2000);
      expect((await dispatcher.dispatch()).parked).toBeGreaterThanOrEqual(1);
      expect(await storage().outbox.get(kit.tenantId, id)).toMatchObject({
        state: "dead",
        attempts: 3,
        lastError: 'handler "test.flaky": Error: courier refused parcel 1',
      });

      // A dead event holds back its aggregate's later events, not other aggregates'.
      failing = false;
      await kit.commit("a1", [2]);
      await kit.commit("a2", [3]);
      kit.clock.advance(3_600_000);
      await dispatcher.dispatch();
      expect(delivered).toEqual([3]);
      const dead = await storage().outbox.listDead(kit.tenantId, { limit: 10, beforeId: null });
      expect(dead.map((event) => event.id)).toEqual([id]);

      const revived = await storage().outbox.reviveDead(
        kit.tenantId,
        id,
        "2026-03-01T01:00:03.000Z",
      );
      expect(revived).toMatchObject({
        outcome: "updated",
        event: { state: "pending", attempts: 0, nextAttemptAt: "2026-03-01T01:00:03.000Z" },
      });
      await dispatcher.dispatch();
      await dispatcher.dispatch();
      expect(delivered).toEqual([3, 1, 2]);
      expect(await storage().outbox.listDead(kit.tenantId, { limit: 10, beforeId: null })).toEqual(
        [],
      );
      expect(
        await storage().outbox.reviveDead(kit.tenantId, id, "2026-03-01T02:00:00.000Z"),
      ).toEqual({
        outcome: "not_dead",
        state: "delivered",
      });
    });

    it("discards a dead event: never delivered, and its aggregate's later events go on", async () => {
      const kit = outboxKit(storage(), { maxAttempts: 1 });
      const delivered: number[] = [];
      kit.on("test.poison", async (event) => {
        const n = (event.payload as { n: number }).n;
        if (n === 1) throw new Error("poison");
        delivered.push(n);
      });
      const [poison] = await kit.commit("a1", [1, 2]);
      await kit.dispatcher().dispatch();
      expect((await storage().outbox.get(kit.tenantId, poison?.id ?? ""))?.state).toBe("dead");
      expect(delivered).toEqual([]);
      expect(
        await storage().outbox.discardDead(
          kit.tenantId,
          poison?.id ?? "",
          "2026-03-01T00:05:00.000Z",
        ),
      ).toMatchObject({
        outcome: "updated",
        event: { state: "discarded", settledAt: "2026-03-01T00:05:00.000Z" },
      });
      await kit.dispatcher().dispatch();
      expect(delivered).toEqual([2]);
    });

    it("purges settled events before a time, with their inbox marks, and keeps pending and dead ones", async () => {
      const kit = outboxKit(storage(), { maxAttempts: 1 });
      kit.on("test.some-fail", async (event) => {
        if ((event.payload as { n: number }).n === 2) throw new Error("down");
      });
      const [delivered] = await kit.commit("a1", [1]);
      const [dead] = await kit.commit("a2", [2]);
      await kit.dispatcher().dispatch();
      const [pending] = await kit.commit("a3", [3]);
      const id = (event: typeof delivered) => event?.id ?? "";
      expect(await storage().outbox.handledBy(kit.tenantId, id(delivered))).toEqual([
        "test.some-fail",
      ]);
      // Settled at 00:00:00.000: not before itself, so kept ...
      await storage().outbox.purgeSettled("2026-03-01T00:00:00.000Z", 10_000);
      expect(await storage().outbox.get(kit.tenantId, id(delivered))).not.toBeNull();
      // ... and gone a millisecond later; the others stay.
      expect(
        await storage().outbox.purgeSettled("2026-03-01T00:00:00.001Z", 10_000),
      ).toBeGreaterThanOrEqual(1);
      expect(await storage().outbox.get(kit.tenantId, id(delivered))).toBeNull();
      expect(await storage().outbox.handledBy(kit.tenantId, id(delivered))).toEqual([]);
      expect((await storage().outbox.get(kit.tenantId, id(dead)))?.state).toBe("dead");
      expect((await storage().outbox.get(kit.tenantId, id(pending)))?.state).toBe("pending");
      await kit.dispatcher().dispatch();
    });

    it("keeps dead events to their tenant", async () => {
      const kit = outboxKit(storage(), { maxAttempts: 1 });
      kit.on("test.failing", async () => {
        throw new Error("down");
      });
      const other = freshTenantId();
      const [mine] = await kit.commit("a1", [1]);
      const [theirs] = await kit.commit("a1", [2], other);
      await kit.dispatcher().dispatch();
      const page = { limit: 10, beforeId: null };
      expect((await storage().outbox.listDead(kit.tenantId, page)).map((e) => e.id)).toEqual([
        mine?.id,
      ]);
      expect((await storage().outbox.listDead(other, page)).map((e) => e.id)).toEqual([theirs?.id]);
      expect(await storage().outbox.get(other, mine?.id ?? "")).toBeNull();
      expect(
        await storage().outbox.reviveDead(other, mine?.id ?? "", "2026-03-01T00:00:00.000Z"),
      ).toEqual({
        outcome: "not_found",
      });
      expect(
        await storage().outbox.discardDead(other, mine?.id ?? "", "2026-03-01T00:00:00.000Z"),
      ).toEqual({
        outcome: "not_found",
      });
      expect((await storage().outbox.get(kit.tenantId, mine?.id ?? ""))?.state).toBe("dead");
      // Claimed (by token) under its own tenant, an event cannot be settled through another's.
      const [later] = await kit.commit("b1", [3]);
      const claimed = await storage().outbox.claim({
        now: "2026-03-01T00:00:00.000Z",
        leaseUntil: "2026-03-01T00:01:00.000Z",
        claimToken: "tenant-test",
        limit: 1000,
      });
      expect(claimed.map((event) => event.id)).toContain(later?.id);
      const delivered = { state: "delivered", settledAt: "2026-03-01T00:00:01.000Z" } as const;
      expect(
        await storage().outbox.settle(other, later?.id ?? "", "tenant-test", delivered),
      ).toEqual({
        outcome: "claim_lost",
      });
      for (const event of claimed) {
        await storage().outbox.settle(event.tenantId, event.id, "tenant-test", delivered);
      }
      expect((await storage().outbox.get(kit.tenantId, later?.id ?? ""))?.state).toBe("delivered");
      expect(payloadNumbers(await storage().outbox.listDead(other, page))).toEqual([2]);
    });
  });
}
