import { describe, expect, it } from "vitest";
import { createOneCode } from "../../src/create-one-code.js";
import { tenantContext } from "../../src/kernel/tenant.js";
import { localLedgerAnchor } from "../../src/memory/local-ledger-anchor.js";
import type { Storage } from "../../src/ports/storage.js";
import type { LedgerProblem } from "../../src/trace/seals/ledger.js";
import { entryHashOf } from "../../src/trace/seals/seal-hashes.js";
import { type Capability, provided, skipNote } from "../capability.js";
import type { StorageTamperer } from "./storage-tamperer.js";
import type { StorageSuiteContext } from "./suite-context.js";
import { traceWorld } from "./trace-setup.js";

type Tamper = Capability<(storage: Storage) => StorageTamperer>;

/** The SDK over the storage under test, a tenant with an admin, and helpers to seal things. */
async function sealWorld(storage: Storage) {
  const world = await traceWorld(storage);
  const anchor = localLedgerAnchor();
  const onecode = createOneCode({ storage, ledgerAnchor: anchor, codes: { autoRun: false } });
  const admin = tenantContext(world.tenant, { id: "suite-admin", kind: "staff", roles: ["admin"] });
  let made = 0;
  const sealedBatch = async () => {
    made += 1;
    const batch = await onecode.traceBatches.create(admin, {
      batchNumber: `SEAL-${made}`,
      productId: world.product.id,
      productionDate: "2026-04-01",
      shelfLifeDays: 180,
      remark: "明前 first flush",
      customFields: [{ title: "产地", type: "text", content: "杭州", showOnScan: true }],
    });
    const pkg = await world.codePackage(10);
    await onecode.traceBatches.bindPackage(admin, batch.id, pkg.id);
    return { batch, entry: await onecode.seals.sealBatch(admin, batch.id) };
  };
  const sealedTask = async (batchId: string) => {
    const line = await onecode.production.createLine(admin, { name: "一号线", factory: "西湖" });
    const task = await onecode.production.createTask(admin, {
      name: "杀青",
      batchId,
      lineId: line.id,
      personInCharge: "李师傅",
      executedAt: "2026-04-01T10:30:00+08:00",
    });
    await onecode.production.setTaskStatus(admin, task.id, "effective");
    return { task, entry: await onecode.seals.sealTask(admin, task.id) };
  };
  return { ...world, onecode, admin, anchor, sealedBatch, sealedTask };
}

function problem(
  sequence: number,
  kind: LedgerProblem["problem"],
  subjectId: string,
  subjectKind: LedgerProblem["subjectKind"] = "batch",
): LedgerProblem {
  return { sequence, problem: kind, subjectKind, subjectId };
}

/** Seals through the SDK over the storage under test: parallel seals, and tamper detection with the `tamper` capability. */
export function sealTamperTests({ storage, options }: StorageSuiteContext): void {
  const tamper: Tamper = options.capabilities.tamper ?? {
    unsupported: "the adapter passed no `tamper` capability",
  };
  const makeTamperer = provided(tamper);
  const tamperer = () => {
    if (!makeTamperer) throw new Error("no tamper capability");
    return makeTamperer(storage());
  };
  /** A test that needs the tamper capability: skipped, with the reason, without it. */
  const tamperIt = (title: string, test: () => Promise<void>) =>
    it.skipIf(!makeTamperer)(`${title}${skipNote(tamper)}`, test);

  describe("seals over this storage", () => {
    it("lands 20 parallel seals of one tenant on one gapless, verified, anchored chain", async () => {
      const world = await sealWorld(storage());
      const batches = [];
      for (let i = 0; i < 20; i++) {
        const batch = await world.onecode.traceBatches.create(world.admin, {
          batchNumber: `P-${i}`,
          productId: world.product.id,
          productionDate: "2026-04-01",
        });
        await world.onecode.traceBatches.bindPackage(
          world.admin,
          batch.id,
          (await world.codePackage(5)).id,
        );
        batches.push(batch);
      }
      const entries = await Promise.all(
        batches.map((batch) => world.onecode.seals.sealBatch(world.admin, batch.id)),
      );
      expect(entries.map((entry) => entry.sequence).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      // The outbox anchors them after the commits, in sequence order (one ledger aggregate).
      await world.onecode.outbox.dispatch({ limit: 1000 });
      const listed = await world.onecode.seals.listEntries(world.admin, { limit: 50 });
      expect(listed.every((entry) => entry.anchorId !== null)).toBe(true);
      expect(await world.onecode.seals.verifyChain(world.admin)).toEqual({
        valid: true,
        entries: 20,
        problems: [],
      });
      for (const batch of batches) {
        expect((await world.onecode.seals.verifySeal(world.admin, batch.id)).valid).toBe(true);
      }
    });

    tamperIt("detects batch rows edited behind the SDK's back", async () => {
      const world = await sealWorld(storage());
      const edits = [
        { remark: "edited" },
        { productionDate: "2026-04-02" },
        { customFields: [] },
        {
          sealedProduct: {
            name: "别的",
            specification: "",
            description: "",
            images: [],
            gtin: null,
          },
        },
      ];
      const sealed = [];
      for (const edit of edits) {
        const { batch, entry } = await world.sealedBatch();
        await tamperer().updateBatch(world.tenant, batch.id, edit);
        sealed.push({ batch, entry });
      }
      const untouched = await world.sealedBatch();
      for (const { batch, entry } of sealed) {
        expect(await world.onecode.seals.verifySeal(world.admin, batch.id)).toEqual({
          valid: false,
          entries: 1,
          problems: [problem(entry.sequence, "content_mismatch", batch.id)],
        });
      }
      expect((await world.onecode.seals.verifySeal(world.admin, untouched.batch.id)).valid).toBe(
        true,
      );
      expect(await world.onecode.seals.verifyChain(world.admin)).toEqual({
        valid: false,
        entries: 5,
        problems: sealed.map(({ batch, entry }) =>
          problem(entry.sequence, "content_mismatch", batch.id),
        ),
      });
    });

    tamperIt("detects an edited ledger entry", async () => {
      const world = await sealWorld(storage());
      const { batch, entry } = await world.sealedBatch();
      await tamperer().updateLedgerEntry(world.tenant, entry.sequence, {
        contentHash: "00".repeat(32),
      });
      const expected = [
        problem(1, "entry_hash_mismatch", batch.id),
        problem(1, "content_mismatch", batch.id),
      ];
      expect(await world.onecode.seals.verifySeal(world.admin, batch.id)).toEqual({
        valid: false,
        entries: 1,
        problems: expected,
      });
      expect((await world.onecode.seals.verifyChain(world.admin)).problems).toEqual(expected);
    });

    tamperIt("detects an entry re-hashed to hide an edit: the next link breaks", async () => {
      const world = await sealWorld(storage());
      await world.sealedBatch();
      const second = await world.sealedBatch();
      const third = await world.sealedBatch();
      await tamperer().updateBatch(world.tenant, second.batch.id, { remark: "forged" });
      const contentHash = "ff".repeat(32);
      const hash = entryHashOf({ ...second.entry, contentHash });
      await tamperer().updateLedgerEntry(world.tenant, 2, { contentHash, hash });
      expect(await world.onecode.seals.verifyChain(world.admin)).toEqual({
        valid: false,
        entries: 3,
        problems: [
          problem(2, "content_mismatch", second.batch.id),
          problem(3, "broken_link", third.batch.id),
        ],
      });
    });

    tamperIt("detects a removed entry", async () => {
      const world = await sealWorld(storage());
      await world.sealedBatch();
      const removed = await world.sealedBatch();
      const after = await world.sealedBatch();
      await tamperer().deleteLedgerEntry(world.tenant, 2);
      expect(await world.onecode.seals.verifyChain(world.admin)).toEqual({
        valid: false,
        entries: 2,
        problems: [problem(3, "sequence_gap", after.batch.id)],
      });
      expect(await world.onecode.seals.verifySeal(world.admin, removed.batch.id)).toEqual({
        valid: false,
        entries: 0,
        problems: [problem(2, "sequence_gap", removed.batch.id)],
      });
      expect(await world.onecode.seals.verifySeal(world.admin, after.batch.id)).toEqual({
        valid: false,
        entries: 1,
        problems: [problem(3, "sequence_gap", after.batch.id)],
      });
    });

    tamperIt("detects a sealed production task edited or deleted", async () => {
      const world = await sealWorld(storage());
      const { batch } = await world.sealedBatch();
      const edited = await world.sealedTask(batch.id);
      const deleted = await world.sealedTask(batch.id);
      const kept = await world.sealedTask(batch.id);
      await tamperer().updateTask(world.tenant, edited.task.id, { personInCharge: "冒名" });
      await tamperer().deleteTask(world.tenant, deleted.task.id);
      expect(await world.onecode.seals.verifyChain(world.admin)).toEqual({
        valid: false,
        entries: 4,
        problems: [
          problem(2, "content_mismatch", edited.task.id, "production_task"),
          problem(3, "subject_missing", deleted.task.id, "production_task"),
        ],
      });
      expect(kept.entry.sequence).toBe(4);
    });
  });
}
