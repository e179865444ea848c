import { describe, expect, it } from "vitest";
import { outboxKit } from "./outbox-kit.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** Lets other work run: the next handler, the other dispatcher's statements. */
const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The outbox under concurrency: parallel dispatchers deliver each event once
 * and never at the same time, in order per aggregate; the inbox mark makes a
 * handler's effect happen once, and a retry skips handlers that succeeded.
 */
export function outboxConcurrencyTests({ storage }: StorageSuiteContext): void {
  describe("outbox under concurrency", () => {
    it("two dispatchers in parallel deliver each event once, never at the same time, in order per aggregate", async () => {
      const kit = outboxKit(storage());
      const aggregates = ["a", "b", "c", "d", "e", "f"];
      const perAggregate = 8;
      const inFlight = new Set<string>();
      const overlaps: string[] = [];
      const deliveries = new Map<string, number[]>();
      const counts = new Map<string, number>();
      kit.on("test.track", async (event) => {
        if (inFlight.has(event.id)) overlaps.push(event.id);
        inFlight.add(event.id);
        await yieldTurn();
        const list = deliveries.get(event.aggregate.id) ?? [];
        list.push((event.payload as { n: number }).n);
        deliveries.set(event.aggregate.id, list);
        counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
        inFlight.delete(event.id);
      });
      // Interleaved commits: the order within each aggregate is what must be kept.
      for (let n = 0; n < perAggregate; n++) {
        await Promise.all(aggregates.map((id) => kit.commit(id, [n])));
      }
      const drain = async (dispatcher: ReturnType<typeof kit.dispatcher>) => {
        for (let round = 0; round < 200; round++) {
          const result = await dispatcher.dispatch({ limit: 5 });
          if (result.delivered + result.retried + result.parked === 0) return;
        }
      };
      await Promise.all([drain(kit.dispatcher()), drain(kit.dispatcher())]);

      expect(overlaps).toEqual([]);
      expect(counts.size).toBe(aggregates.length * perAggregate);
      expect([...counts.values()].every((count) => count === 1)).toBe(true);
      const ordered = Array.from({ length: perAggregate }, (_, n) => n);
      for (const id of aggregates) expect(deliveries.get(id)).toEqual(ordered);
    });

    it("never hands one event to two claims while its lease runs", async () => {
      const kit = outboxKit(storage());
      const recorded = await kit.commit("solo", [1]);
      const others = await Promise.all(
        Array.from({ length: 6 }, (_, i) => kit.commit(`agg-${i}`, [i])),
      );
      const ids = new Set([...recorded, ...others.flat()].map((event) => event.id));
      const claims = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          storage().outbox.claim({
            now: "2026-03-01T00:00:00.000Z",
            leaseUntil: "2026-03-01T00:01:00.000Z",
            claimToken: `claimer-${i}`,
            limit: 1000,
          }),
        ),
      );
      const mine = claims.flat().filter((event) => ids.has(event.id));
      expect(mine.map((event) => event.id).sort()).toEqual([...ids].sort());
      // Settle them so later tests find nothing of this test's due.
      for (const [i, claim] of claims.entries()) {
        for (const event of claim) {
          await storage().outbox.settle(event.tenantId, event.id, `claimer-${i}`, {
            state: "delivered",
            settledAt: "2026-03-01T00:00:01.000Z",
          });
        }
      }
    });

    it("marks a handler's event handled once, in its transaction: concurrent marks have one winner, a rolled-back mark is gone", async () => {
      const kit = outboxKit(storage());
      const [event] = await kit.commit("a1", [1]);
      const id = event?.id ?? "";
      await expect(
        storage().transaction(async (tx) => {
          expect(
            await tx.outbox.markHandled(kit.tenantId, id, "h.rollback", "2026-03-01T00:00:00.000Z"),
          ).toBe(true);
          throw new Error("effect failed");
        }),
      ).rejects.toThrow("effect failed");
      expect(await storage().outbox.handledBy(kit.tenantId, id)).toEqual([]);

      const marks = await Promise.all(
        Array.from({ length: 5 }, () =>
          storage().transaction((tx) =>
            tx.outbox.markHandled(kit.tenantId, id, "h.once", "2026-03-01T00:00:00.000Z"),
          ),
        ),
      );
      expect(marks.filter(Boolean)).toHaveLength(1);
      expect(await storage().outbox.handledBy(kit.tenantId, id)).toEqual(["h.once"]);
      expect(await storage().outbox.handledBy("someone-else", id)).toEqual([]);
      await kit.dispatcher().dispatch();
    });

    it("redoes on a retry only the handlers that failed, and a handler's handleOnce guards its effect", async () => {
      const kit = outboxKit(storage());
      const calls = { ledger: 0, mail: 0, effects: 0 };
      kit.on("test.ledger", async (event, { handleOnce }) => {
        calls.ledger += 1;
        await storage().transaction(async (tx) => {
          if (!(await handleOnce(tx))) return;
          calls.effects += 1;
        });
        // A handler that did its effect and then failed is redone; its mark keeps the effect single.
        if (calls.ledger === 1 && event.attempts === 1) throw new Error("lost the reply");
      });
      kit.on("test.mail", async () => {
        calls.mail += 1;
      });
      await kit.commit("a1", [1]);
      await kit.dispatcher().dispatch();
      expect(calls).toEqual({ ledger: 1, mail: 1, effects: 1 });
      kit.clock.advance(1000);
      await kit.dispatcher().dispatch();
      // The ledger handler had marked itself in its transaction, so the retry skips it.
      expect(calls).toEqual({ ledger: 1, mail: 1, effects: 1 });
    });
  });
}
