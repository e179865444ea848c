import type { Enterprise, LedgerEntry, Storage } from "@onecode/core";
import {
  enterpriseRecord,
  freshTenantId,
  ledgerEntryRecord,
  productRecord,
  sleep,
  stockDocumentRecord,
  stockItem,
  storedPackage,
  traceBatchRecord,
} from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, type Target, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const AT = "2026-05-01T00:00:00.000Z";

/** Long enough for a statement to reach the row lock it will wait on. */
const LOCK_WAIT_MS = 150;

function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  const done = () => {
    settled = true;
  };
  promise.then(done, done);
  return { promise, settled: () => settled };
}

/** Two application instances (two pools) on one fresh database. */
async function twoInstances(target: Target) {
  const fresh = await target.fresh();
  await migrate(fresh.db);
  const tenant = freshTenantId();
  const first = postgresStorage({ db: fresh.db });
  return { first, second: postgresStorage({ db: fresh.connect() }), tenant };
}

async function enterprise(storage: Storage, tenant: string, parent: Enterprise | null = null) {
  const result = await storage.enterprises.insert(
    enterpriseRecord(tenant, { parentId: parent?.id ?? null }),
  );
  if (result.outcome !== "inserted") throw new Error(result.outcome);
  return result.enterprise;
}

/** A package of 40 codes, a factory and two distributors under it, and open documents. */
async function stockWorld(storage: Storage, tenant: string) {
  const { pkg } = await storedPackage(storage, tenant, 40);
  const factory = await enterprise(storage, tenant);
  const east = await enterprise(storage, tenant, factory);
  const west = await enterprise(storage, tenant, factory);
  const document = async (from: Enterprise | null, to: Enterprise | null) => {
    const record = stockDocumentRecord(tenant, from?.id ?? null, to?.id ?? null);
    await storage.stock.insertDocument(record);
    return record;
  };
  return { pkg, factory, east, west, document };
}

// Races between connections need two of them; PGlite serves one, so only servers run these.
for (const target of targets.filter((candidate) => candidate.parallel)) {
  describe.skipIf(Boolean(target.skip))(
    targetTitle("trace storage under contention", target),
    () => {
      it("lets exactly one of parallel moves of one case from two instances win, entering and moving on", async () => {
        const { first, second, tenant } = await twoInstances(target);
        const world = await stockWorld(first, tenant);
        const instances = [first, second];
        // Eight operators bring the same case into circulation, each on a document of their own.
        const entering = await Promise.all(
          Array.from({ length: 8 }, async (_, i) => {
            const storage = instances[i % 2] as Storage;
            const document = await world.document(null, world.factory);
            const item = stockItem(document, world.pkg.id, 1, 20, { scannedAt: AT });
            return {
              document,
              outcome: await storage.stock.moveCodes(tenant, item, undefined, world.factory.id),
            };
          }),
        );
        const entered = entering.filter(({ outcome }) => outcome.outcome === "moved");
        expect(entered).toHaveLength(1);
        for (const { outcome } of entering) {
          if (outcome.outcome !== "moved") {
            expect(outcome).toEqual({ outcome: "holder_mismatch", mismatched: 20 });
          }
        }
        const winner = entered[0]?.document.id;
        for (const { document } of entering) {
          const items = await first.stock.listItems(tenant, document.id, { offset: 0, limit: 10 });
          expect(items).toHaveLength(document.id === winner ? 1 : 0);
          expect((await first.stock.getDocument(tenant, document.id))?.codeCount).toBe(
            document.id === winner ? 20 : 0,
          );
        }

        // Then the factory ships the case east and west at once: one shipment gets it.
        const shipments = await Promise.all(
          [world.east, world.west, world.east, world.west].map(async (to, i) => {
            const document = await world.document(world.factory, to);
            const item = stockItem(document, world.pkg.id, 1, 20, { scannedAt: AT });
            const storage = instances[i % 2] as Storage;
            return storage.stock.moveCodes(tenant, item, world.factory.id, to.id);
          }),
        );
        const shipped = shipments.filter((outcome) => outcome.outcome === "moved");
        expect(shipped).toHaveLength(1);
        const holders = new Set<string | null>();
        for (let serial = 1; serial <= 20; serial++) {
          holders.add(
            (await second.stock.holderOf(tenant, world.pkg.id, serial))?.enterpriseId ?? null,
          );
        }
        expect(holders.size).toBe(1);
        const [holder] = [...holders];
        expect([world.east.id, world.west.id]).toContain(holder);
        // The held-code counts moved with the codes, exactly once. (Every one of the three is
        // named by documents, so the delete only reports.)
        const counts = [];
        for (const e of [world.factory, world.east, world.west]) {
          const deletion = await first.enterprises.delete(tenant, e.id);
          if (deletion.outcome !== "not_empty") throw new Error(deletion.outcome);
          counts.push(deletion);
        }
        expect(counts.map((deletion) => deletion.heldCodeCount)).toEqual([
          0,
          holder === world.east.id ? 20 : 0,
          holder === world.west.id ? 20 : 0,
        ]);
      });

      it("makes a move wait for a concurrent move of overlapping codes, then refuses it", async () => {
        const { first, second, tenant } = await twoInstances(target);
        const world = await stockWorld(first, tenant);
        const mine = await world.document(null, world.east);
        const theirs = await world.document(null, world.west);
        let move: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          const item = stockItem(theirs, world.pkg.id, 1, 10, { scannedAt: AT });
          expect(await tx.stock.moveCodes(tenant, item, undefined, world.west.id)).toMatchObject({
            outcome: "moved",
            count: 10,
          });
          move = track(
            first.stock.moveCodes(
              tenant,
              stockItem(mine, world.pkg.id, 5, 15, { scannedAt: AT }),
              undefined,
              world.east.id,
            ),
          );
          await sleep(LOCK_WAIT_MS);
          expect(move.settled()).toBe(false);
        });
        // Codes 5..10 went west first: the whole range 5..15 is refused, 11..15 stay out.
        expect(await move?.promise).toEqual({ outcome: "holder_mismatch", mismatched: 6 });
        expect(await first.stock.holderOf(tenant, world.pkg.id, 11)).toBeNull();
        expect((await first.stock.getDocument(tenant, mine.id))?.codeCount).toBe(0);
      });

      it("moves the codes once the concurrent move it waited for rolled back", async () => {
        const { first, second, tenant } = await twoInstances(target);
        const world = await stockWorld(first, tenant);
        const mine = await world.document(null, world.east);
        const theirs = await world.document(null, world.west);
        let move: ReturnType<typeof track> | undefined;
        await expect(
          second.transaction(async (tx) => {
            await tx.stock.moveCodes(
              tenant,
              stockItem(theirs, world.pkg.id, 1, 10, { scannedAt: AT }),
              undefined,
              world.west.id,
            );
            move = track(
              first.stock.moveCodes(
                tenant,
                stockItem(mine, world.pkg.id, 5, 15, { scannedAt: AT }),
                undefined,
                world.east.id,
              ),
            );
            await sleep(LOCK_WAIT_MS);
            throw new Error("operator cancelled");
          }),
        ).rejects.toThrow("operator cancelled");
        expect(await move?.promise).toMatchObject({ outcome: "moved", count: 11 });
        expect(await first.stock.holderOf(tenant, world.pkg.id, 5)).toMatchObject({
          enterpriseId: world.east.id,
          documentId: mine.id,
        });
        expect(await first.stock.holderOf(tenant, world.pkg.id, 1)).toBeNull();
      });

      it("lets one of many parallel appends of one sequence win, from two instances", async () => {
        const { first, second, tenant } = await twoInstances(target);
        const instances = [first, second];
        let previous: LedgerEntry | null = null;
        for (let sequence = 1; sequence <= 5; sequence++) {
          const entries = Array.from({ length: 10 }, () => ledgerEntryRecord(tenant, previous));
          const outcomes = await Promise.all(
            entries.map((entry, i) => (instances[i % 2] as Storage).ledger.append(entry)),
          );
          expect(outcomes.filter((outcome) => outcome.outcome === "appended")).toHaveLength(1);
          const last = await second.ledger.last(tenant);
          expect(last?.sequence).toBe(sequence);
          expect(entries.map((entry) => entry.hash)).toContain(last?.hash);
          previous = last;
        }
        expect((await first.ledger.list(tenant, 0, 10)).map((entry) => entry.sequence)).toEqual([
          1, 2, 3, 4, 5,
        ]);
      });

      it("makes an append wait for an uncommitted append of its sequence: taken on commit, free on rollback", async () => {
        const { first, second, tenant } = await twoInstances(target);
        const genesis = ledgerEntryRecord(tenant, null);
        await first.ledger.append(genesis);
        for (const commit of [true, false]) {
          const previous = await first.ledger.last(tenant);
          let append: ReturnType<typeof track> | undefined;
          const theirs = ledgerEntryRecord(tenant, previous);
          const mine = ledgerEntryRecord(tenant, previous);
          const held = second.transaction(async (tx) => {
            expect(await tx.ledger.append(theirs)).toEqual({ outcome: "appended" });
            append = track(first.ledger.append(mine));
            await sleep(LOCK_WAIT_MS);
            expect(append.settled()).toBe(false);
            if (!commit) throw new Error("seal abandoned");
          });
          if (commit) await held;
          else await expect(held).rejects.toThrow("seal abandoned");
          expect(await append?.promise).toEqual({
            outcome: commit ? "sequence_taken" : "appended",
          });
          expect((await first.ledger.last(tenant))?.hash).toBe(commit ? theirs.hash : mine.hash);
        }
      });

      it("refuses the second of two crossing enterprise moves as a cycle once the first commits", async () => {
        const { first, second, tenant } = await twoInstances(target);
        const root = await enterprise(first, tenant);
        const a = await enterprise(first, tenant, root);
        const b = await enterprise(first, tenant, root);
        const belowB = await enterprise(first, tenant, b);
        let move: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          expect(await tx.enterprises.move(tenant, a.id, belowB.id, AT)).toMatchObject({
            outcome: "moved",
          });
          move = track(first.enterprises.move(tenant, b.id, a.id, AT));
          await sleep(LOCK_WAIT_MS);
          expect(move.settled()).toBe(false);
        });
        expect(await move?.promise).toEqual({ outcome: "cycle" });
        expect((await first.enterprises.get(tenant, a.id))?.ancestorIds).toEqual([
          root.id,
          b.id,
          belowB.id,
        ]);
        expect((await first.enterprises.get(tenant, b.id))?.ancestorIds).toEqual([root.id]);
      });

      it("gives a child inserted while a move of its branch waits the moved path", async () => {
        const { first, second, tenant } = await twoInstances(target);
        const root = await enterprise(first, tenant);
        const other = await enterprise(first, tenant);
        const branch = await enterprise(first, tenant, root);
        const mid = await enterprise(first, tenant, branch);
        let move: ReturnType<typeof track> | undefined;
        let child: Enterprise | undefined;
        await second.transaction(async (tx) => {
          const inserted = await tx.enterprises.insert(
            enterpriseRecord(tenant, { parentId: mid.id }),
          );
          if (inserted.outcome !== "inserted") throw new Error(inserted.outcome);
          child = inserted.enterprise;
          move = track(first.enterprises.move(tenant, branch.id, other.id, AT));
          await sleep(LOCK_WAIT_MS);
          expect(move.settled()).toBe(false);
        });
        expect(await move?.promise).toMatchObject({ outcome: "moved" });
        expect((await first.enterprises.get(tenant, child?.id as string))?.ancestorIds).toEqual([
          other.id,
          branch.id,
          mid.id,
        ]);
      });

      it("makes a bind wait for an uncommitted bind of the same package elsewhere, then reports it", async () => {
        const { first, second, tenant } = await twoInstances(target);
        const { pkg } = await storedPackage(first, tenant, 10);
        const product = productRecord(tenant, pkg.merchantId);
        await first.products.insert(product);
        const mine = traceBatchRecord(tenant, product);
        const theirs = traceBatchRecord(tenant, product);
        await first.traceBatches.insert(mine);
        await first.traceBatches.insert(theirs);
        let bind: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          expect(await tx.traceBatches.bindPackage(tenant, theirs.id, pkg.id, AT)).toMatchObject({
            outcome: "bound",
          });
          bind = track(first.traceBatches.bindPackage(tenant, mine.id, pkg.id, AT));
          await sleep(LOCK_WAIT_MS);
          expect(bind.settled()).toBe(false);
        });
        expect(await bind?.promise).toEqual({ outcome: "already_bound", batchId: theirs.id });
        expect((await first.traceBatches.get(tenant, mine.id))?.codeCount).toBe(0);
        expect((await first.traceBatches.get(tenant, theirs.id))?.codeCount).toBe(10);
      });
    },
  );
}
