import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { interceptStorage, rejectionOf } from "../../codes/codes-test-kit.js";
import { memoryStorage } from "../../memory/memory-storage.js";
import type { LedgerAnchor } from "../../ports/ledger-anchor.js";
import { traceTestKit } from "../trace-test-kit.js";
import { APPEND_ATTEMPTS } from "./ledger-append.js";
import {
  batchSealContent,
  contentHashOf,
  entryHashOf,
  GENESIS_HASH,
  taskSealContent,
} from "./seal-hashes.js";

/** An anchor that fails its first `failures` calls, then anchors. */
function flakyAnchor(failures: number): LedgerAnchor & { calls: number } {
  const anchor = {
    calls: 0,
    async anchor(entry: { tenantId: string; sequence: number }) {
      anchor.calls += 1;
      if (anchor.calls <= failures) throw new Error("anchor unreachable");
      return {
        anchorId: `tsa:${entry.tenantId}:${entry.sequence}`,
        anchoredAt: "2026-05-02T00:00:00.000Z",
      };
    },
  };
  return anchor;
}

describe("sealing batches", () => {
  it("appends a hash-chained entry, freezes the product snapshot, and the outbox anchors the entry after the commit", async () => {
    const { onecode, admin, boundBatch, product, anchor } = await traceTestKit();
    const batch = await boundBatch();
    const entry = await onecode.seals.sealBatch(admin, batch.id);
    const sealed = await onecode.traceBatches.get(admin, batch.id);
    const snapshot = {
      name: product.name,
      specification: product.specification,
      description: product.description,
      images: product.images,
      gtin: product.gtin,
    };
    expect(sealed).toMatchObject({
      sealedProduct: snapshot,
      seal: { sequence: 1, hash: entry.hash, sealedAt: entry.recordedAt },
      version: batch.version + 1,
    });
    expect(entry).toEqual({
      tenantId: "acme",
      sequence: 1,
      subjectKind: "batch",
      subjectId: batch.id,
      contentHash: contentHashOf(batchSealContent(batch, snapshot)),
      previousHash: GENESIS_HASH,
      hash: entryHashOf(entry),
      recordedAt: "2026-05-01T08:00:00.000Z",
      anchorId: null,
      anchoredAt: null,
    });
    expect(anchor.entries).toEqual([]);
    expect(await onecode.outbox.dispatch()).toMatchObject({ delivered: 1 });
    expect(anchor.entries).toEqual([
      {
        tenantId: "acme",
        sequence: 1,
        hash: entry.hash,
        previousHash: GENESIS_HASH,
        recordedAt: entry.recordedAt,
      },
    ]);
    expect(await onecode.seals.listEntries(admin)).toEqual([
      { ...entry, anchorId: "local:acme:1", anchoredAt: "2026-05-01T08:00:00.000Z" },
    ]);
    const next = await onecode.seals.sealBatch(admin, (await boundBatch()).id);
    expect(next).toMatchObject({ sequence: 2, previousHash: entry.hash });
  });

  it("needs a bound package and seals a batch only once", async () => {
    const { onecode, admin, batch, boundBatch } = await traceTestKit();
    const empty = await batch();
    expect(await rejectionOf(onecode.seals.sealBatch(admin, empty.id))).toMatchObject({
      code: "BATCH_HAS_NO_CODES",
      details: { id: empty.id },
    });
    const bound = await boundBatch();
    await onecode.seals.sealBatch(admin, bound.id);
    expect(await rejectionOf(onecode.seals.sealBatch(admin, bound.id))).toMatchObject({
      code: "SEALED",
      details: { id: bound.id, sequence: 1 },
    });
    expect(await onecode.seals.listEntries(admin)).toHaveLength(1);
  });

  it("freezes trace fields and packages once sealed; the template stays editable", async () => {
    const { onecode, admin, boundBatch, codePackage, product } = await traceTestKit();
    const batch = await boundBatch();
    await onecode.seals.sealBatch(admin, batch.id);
    for (const [patch, field] of [
      [{ remark: "改" }, "remark"],
      [{ productionDate: "2026-04-02" }, "productionDate"],
      [{ shelfLifeDays: 9 }, "shelfLifeDays"],
      [{ batchNumber: "NEW" }, "batchNumber"],
      [
        { customFields: [{ title: "t", type: "text", content: "c", showOnScan: true }] },
        "customFields",
      ],
    ] as const) {
      expect(await rejectionOf(onecode.traceBatches.update(admin, batch.id, patch))).toMatchObject({
        code: "SEALED",
        details: { id: batch.id, field },
      });
    }
    const pkg = await codePackage();
    expect(
      await rejectionOf(onecode.traceBatches.bindPackage(admin, batch.id, pkg.id)),
    ).toMatchObject({ code: "SEALED", details: { field: "packages" } });
    const edited = await onecode.traceBatches.update(admin, batch.id, {
      remark: batch.remark,
      template: { kind: "identity", showScanHistory: false },
    });
    expect(edited.template).toMatchObject({ kind: "identity", showScanHistory: false });
    await onecode.products.update(admin, product.id, { name: "新名字" });
    expect((await onecode.traceBatches.get(admin, batch.id)).sealedProduct?.name).toBe(
      product.name,
    );
    expect(await onecode.seals.verifySeal(admin, batch.id)).toEqual({
      valid: true,
      entries: 1,
      problems: [],
    });
  });

  it("retries when a concurrent seal took the sequence number", async () => {
    let refusals = 3;
    const storage = interceptStorage(memoryStorage(), (repository, method, _args, call) => {
      if (repository === "ledger" && method === "append" && refusals > 0) {
        refusals -= 1;
        return Promise.resolve({ outcome: "sequence_taken" });
      }
      return call();
    });
    const { onecode, admin, boundBatch } = await traceTestKit({ storage });
    const batch = await boundBatch();
    const entry = await onecode.seals.sealBatch(admin, batch.id);
    expect(refusals).toBe(0);
    expect(entry.sequence).toBe(1);
    expect(await onecode.seals.verifyChain(admin)).toMatchObject({ valid: true, entries: 1 });
  });

  it("gives up with BUSY, sealing nothing, when every attempt lost its sequence number", async () => {
    let refusals = 0;
    const storage = interceptStorage(memoryStorage(), (repository, method, _args, call) => {
      if (repository === "ledger" && method === "append") {
        refusals += 1;
        return Promise.resolve({ outcome: "sequence_taken" });
      }
      return call();
    });
    const { onecode, admin, boundBatch } = await traceTestKit({ storage });
    const batch = await boundBatch();
    expect(await rejectionOf(onecode.seals.sealBatch(admin, batch.id))).toMatchObject({
      code: "BUSY",
      details: { resource: "ledger", attempts: APPEND_ATTEMPTS },
    });
    expect(refusals).toBe(APPEND_ATTEMPTS);
    expect((await onecode.traceBatches.get(admin, batch.id)).seal).toBeNull();
  });

  it("seals again from a fresh read when the batch changed in between", async () => {
    let changes = 1;
    const storage = interceptStorage(memoryStorage(), (repository, method, _args, call) => {
      if (repository === "traceBatches" && method === "markSealed" && changes > 0) {
        changes -= 1;
        return Promise.resolve({ outcome: "version_changed", version: 99 });
      }
      return call();
    });
    const { onecode, admin, boundBatch } = await traceTestKit({ storage });
    const batch = await boundBatch();
    const entry = await onecode.seals.sealBatch(admin, batch.id);
    // The first attempt's entry was rolled back with its transaction.
    expect(entry.sequence).toBe(1);
    expect(await onecode.seals.listEntries(admin)).toEqual([entry]);
  });

  it("appends the entry and marks the batch in one transaction", async () => {
    const storage = interceptStorage(memoryStorage(), (repository, method, _args, call) =>
      repository === "traceBatches" && method === "markSealed"
        ? Promise.reject(new Error("storage went away"))
        : call(),
    );
    const { onecode, admin, boundBatch } = await traceTestKit({ storage });
    const batch = await boundBatch();
    await expect(onecode.seals.sealBatch(admin, batch.id)).rejects.toThrow("storage went away");
    expect(await onecode.seals.listEntries(admin)).toEqual([]);
    expect((await onecode.traceBatches.get(admin, batch.id)).seal).toBeNull();
  });

  it("lands 20 parallel seals on a gapless chain", async () => {
    const { onecode, admin, boundBatch } = await traceTestKit();
    const batches = [];
    for (let i = 0; i < 20; i++) batches.push(await boundBatch(1));
    const entries = await Promise.all(batches.map((b) => onecode.seals.sealBatch(admin, b.id)));
    expect(entries.map((e) => e.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await onecode.seals.verifyChain(admin)).toEqual({
      valid: true,
      entries: 20,
      problems: [],
    });
  });
});

describe("anchoring", () => {
  it("keeps a seal whose anchoring failed and anchors it on the outbox's retry", async () => {
    const anchor = flakyAnchor(1);
    const { onecode, admin, boundBatch, clock } = await traceTestKit({ ledgerAnchor: anchor });
    const entry = await onecode.seals.sealBatch(admin, (await boundBatch()).id);
    expect(entry).toMatchObject({ sequence: 1, anchorId: null, anchoredAt: null });
    expect(await onecode.outbox.dispatch()).toEqual({ delivered: 0, retried: 1, parked: 0 });
    expect((await onecode.seals.listEntries(admin))[0]?.anchorId).toBeNull();
    clock.advance(1000);
    expect(await onecode.outbox.dispatch()).toEqual({ delivered: 1, retried: 0, parked: 0 });
    expect(anchor.calls).toBe(2);
    expect((await onecode.seals.listEntries(admin))[0]).toMatchObject({
      anchorId: "tsa:acme:1",
      anchoredAt: "2026-05-02T00:00:00.000Z",
    });
    expect(await onecode.seals.anchorPending({ limit: 10 })).toBe(0);
    expect(issuesOf(await rejectionOf(onecode.seals.anchorPending({ limit: 0 })))).toEqual([
      ["limit", "range"],
    ]);
  });

  it("parks the anchoring of an entry whose anchor keeps failing, for an operator; the seal stands", async () => {
    const anchor = flakyAnchor(100);
    const { onecode, admin, boundBatch, clock } = await traceTestKit({ ledgerAnchor: anchor });
    await onecode.seals.sealBatch(admin, (await boundBatch()).id);
    for (let attempt = 0; attempt < 10; attempt++) {
      await onecode.outbox.dispatch();
      clock.advance(900_000);
    }
    expect((await onecode.outbox.listDead(admin)).items).toMatchObject([
      {
        type: "ledger.entry_sealed",
        attempts: 10,
        lastError: 'handler "seals.anchor-ledger-entry": Error: anchor unreachable',
      },
    ]);
    expect(await onecode.seals.verifyChain(admin)).toMatchObject({ valid: true });
  });

  it("reports how many it anchored while the anchor keeps failing", async () => {
    const anchor = flakyAnchor(100);
    const { onecode, admin, boundBatch } = await traceTestKit({ ledgerAnchor: anchor });
    await onecode.seals.sealBatch(admin, (await boundBatch()).id);
    expect(await onecode.seals.anchorPending()).toBe(0);
    expect(await onecode.seals.verifyChain(admin)).toMatchObject({ valid: true });
  });
});

describe("sealing production tasks", () => {
  it("seals effective tasks only, once", async () => {
    const { onecode, admin, batch } = await traceTestKit();
    const { id: batchId } = await batch();
    const line = await onecode.production.createLine(admin, { name: "L1" });
    const task = await onecode.production.createTask(admin, {
      name: "杀青",
      batchId,
      lineId: line.id,
      executedAt: "2026-04-01T08:00:00Z",
    });
    expect(await rejectionOf(onecode.seals.sealTask(admin, task.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "draft", required: "effective" },
    });
    const effective = await onecode.production.setTaskStatus(admin, task.id, "effective");
    const entry = await onecode.seals.sealTask(admin, task.id);
    expect(entry).toMatchObject({
      sequence: 1,
      subjectKind: "production_task",
      subjectId: task.id,
      contentHash: contentHashOf(taskSealContent(effective)),
    });
    expect((await onecode.production.getTask(admin, task.id)).seal).toEqual({
      sequence: 1,
      hash: entry.hash,
      sealedAt: entry.recordedAt,
    });
    expect(await rejectionOf(onecode.seals.sealTask(admin, task.id))).toMatchObject({
      code: "SEALED",
    });
    await onecode.production.setTaskStatus(admin, task.id, "ineffective");
    expect(await onecode.seals.verifyChain(admin)).toEqual({
      valid: true,
      entries: 1,
      problems: [],
    });
  });
});

describe("verifying and listing", () => {
  it("lets any staff role verify and list, and only admins seal", async () => {
    const { onecode, staff, boundBatch, admin } = await traceTestKit();
    const batch = await boundBatch();
    const inspector = staff("acme", "inspector");
    expect(await rejectionOf(onecode.seals.sealBatch(inspector, batch.id))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await rejectionOf(onecode.seals.sealTask(inspector, "task_x"))).toMatchObject({
      code: "FORBIDDEN",
    });
    await onecode.seals.sealBatch(admin, batch.id);
    expect((await onecode.seals.verifySeal(inspector, batch.id)).valid).toBe(true);
    expect((await onecode.seals.verifyChain(staff("acme", "stock_operator"))).valid).toBe(true);
    expect(await onecode.seals.listEntries(inspector)).toHaveLength(1);
    const nobody = staff("acme");
    for (const call of [
      onecode.seals.verifySeal(nobody, batch.id),
      onecode.seals.verifyChain(nobody),
      onecode.seals.listEntries(nobody),
    ]) {
      expect(await rejectionOf(call)).toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("answers NOT_FOUND for unsealed and foreign batches and keeps chains per tenant", async () => {
    const { onecode, admin, staff, batch, boundBatch } = await traceTestKit();
    const unsealed = await batch();
    expect(await rejectionOf(onecode.seals.verifySeal(admin, unsealed.id))).toMatchObject({
      code: "NOT_FOUND",
    });
    const sealed = await boundBatch();
    await onecode.seals.sealBatch(admin, sealed.id);
    const intruder = staff("intruder", "admin");
    expect(await rejectionOf(onecode.seals.verifySeal(intruder, sealed.id))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await rejectionOf(onecode.seals.sealBatch(intruder, sealed.id))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await onecode.seals.verifyChain(intruder)).toEqual({
      valid: true,
      entries: 0,
      problems: [],
    });
    expect(await onecode.seals.listEntries(intruder)).toEqual([]);
  });

  it("pages entries by sequence and validates the query", async () => {
    const { onecode, admin, boundBatch } = await traceTestKit();
    for (let i = 0; i < 3; i++) await onecode.seals.sealBatch(admin, (await boundBatch()).id);
    const page = await onecode.seals.listEntries(admin, { afterSequence: 1, limit: 1 });
    expect(page.map((entry) => entry.sequence)).toEqual([2]);
    const error = await rejectionOf(
      onecode.seals.listEntries(admin, { afterSequence: -1, limit: 201 }),
    );
    expect(issuesOf(error)).toEqual([
      ["afterSequence", "range"],
      ["limit", "range"],
    ]);
  });
});
