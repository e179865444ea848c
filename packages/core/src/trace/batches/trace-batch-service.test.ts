import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { merchantService } from "../../catalog/merchant-service.js";
import { productService } from "../../catalog/product-service.js";
import { rejectionOf } from "../../codes/codes-test-kit.js";
import { resolvePorts } from "../../core-ports.js";
import { ManualClock } from "../../kernel/clock.js";
import { tenantContext } from "../../kernel/tenant.js";
import { memoryHotState } from "../../memory/memory-hot-state.js";
import { batchCacheKey, type TraceEvents, traceRuntime } from "../trace-runtime.js";
import { traceTestKit } from "../trace-test-kit.js";
import { traceBatchService } from "./trace-batch-service.js";

describe("trace batch use cases", () => {
  it("creates an inactive batch of the product's merchant with template defaults", async () => {
    const { onecode, admin, merchant, product } = await traceTestKit();
    const batch = await onecode.traceBatches.create(admin, {
      batchNumber: " 2026-0401 ",
      productId: product.id,
      productionDate: "2026-04-01",
      shelfLifeDays: 30,
    });
    expect(batch).toEqual({
      id: expect.stringMatching(/^batch_/),
      tenantId: "acme",
      batchNumber: "2026-0401",
      merchantId: merchant.id,
      productId: product.id,
      productionDate: "2026-04-01",
      shelfLifeDays: 30,
      expiryDate: "2026-05-01",
      remark: "",
      customFields: [],
      template: {
        kind: "basic",
        headerImage: null,
        brandVideo: null,
        showScanHistory: true,
        showAuthenticityCheck: true,
      },
      countAlert: null,
      status: "inactive",
      activatedAt: null,
      codeCount: 0,
      seal: null,
      sealedProduct: null,
      version: 1,
      createdAt: "2026-05-01T08:00:00.000Z",
      updatedAt: "2026-05-01T08:00:00.000Z",
    });
    expect(await onecode.traceBatches.get(admin, batch.id)).toEqual(batch);
  });

  it("refuses a missing product and a batch number already used in the tenant", async () => {
    const { onecode, admin, batch, staff } = await traceTestKit();
    const missing = await rejectionOf(batch({ productId: "prd_00000000000000000000000000" }));
    expect(missing).toMatchObject({ code: "NOT_FOUND", details: { field: "productId" } });
    await batch({ batchNumber: "B-1" });
    expect(await rejectionOf(batch({ batchNumber: "B-1" }))).toMatchObject({
      code: "BATCH_NUMBER_TAKEN",
      details: { field: "batchNumber", batchNumber: "B-1" },
    });
    const other = await rejectionOf(batch({ batchNumber: "B-1" }, staff("other", "admin")));
    expect(other).toMatchObject({ code: "NOT_FOUND", details: { field: "productId" } });
    expect((await onecode.traceBatches.list(admin, { batchNumber: "B-1" })).items).toHaveLength(1);
  });

  it("lists batches newest first, filtered and paged", async () => {
    const { onecode, admin, batch, product } = await traceTestKit();
    const first = await batch();
    const second = await batch();
    await onecode.traceBatches.setStatus(admin, second.id, "active");
    const page = await onecode.traceBatches.list(admin, { productId: product.id }, { limit: 1 });
    expect(page.items.map((b) => b.id)).toEqual([second.id]);
    const rest = await onecode.traceBatches.list(admin, {}, { cursor: page.nextCursor });
    expect(rest.items.map((b) => b.id)).toEqual([first.id]);
    const active = await onecode.traceBatches.list(admin, { status: "active" });
    expect(active.items.map((b) => b.id)).toEqual([second.id]);
    const bad = await rejectionOf(onecode.traceBatches.list(admin, { status: "gone" as "active" }));
    expect(issuesOf(bad)).toEqual([["status", "one_of"]]);
  });

  it("updates fields, recomputes the expiry date and bumps the version", async () => {
    const { onecode, admin, batch, clock } = await traceTestKit();
    const created = await batch({ shelfLifeDays: 10 });
    clock.advance(1000);
    const updated = await onecode.traceBatches.update(admin, created.id, {
      productionDate: "2024-02-28",
      remark: "备注",
      customFields: [{ title: "产地", type: "text", content: "杭州", showOnScan: true }],
    });
    expect(updated).toMatchObject({
      productionDate: "2024-02-28",
      shelfLifeDays: 10,
      expiryDate: "2024-03-09",
      remark: "备注",
      version: 2,
      updatedAt: "2026-05-01T08:00:01.000Z",
    });
    const noShelfLife = await onecode.traceBatches.update(admin, created.id, {
      shelfLifeDays: null,
    });
    expect(noShelfLife).toMatchObject({ shelfLifeDays: null, expiryDate: null, version: 3 });
    // Resending current values is no change at all.
    expect(
      await onecode.traceBatches.update(admin, created.id, {
        remark: "备注",
        productionDate: "2024-02-28",
      }),
    ).toEqual(noShelfLife);
    await batch({ batchNumber: "TAKEN" });
    expect(
      await rejectionOf(onecode.traceBatches.update(admin, created.id, { batchNumber: "TAKEN" })),
    ).toMatchObject({ code: "BATCH_NUMBER_TAKEN" });
  });

  it("moves inactive → active ⇄ frozen and refuses every other move", async () => {
    const { onecode, admin, batch } = await traceTestKit();
    const { id } = await batch();
    const refused = async (status: "inactive" | "active" | "frozen", from: string) =>
      expect(await rejectionOf(onecode.traceBatches.setStatus(admin, id, status))).toMatchObject({
        code: "INVALID_STATE_TRANSITION",
        details: { id, from, to: status },
      });
    await refused("frozen", "inactive");
    await refused("inactive", "inactive");
    expect((await onecode.traceBatches.setStatus(admin, id, "active")).status).toBe("active");
    await refused("active", "active");
    await refused("inactive", "active");
    expect((await onecode.traceBatches.setStatus(admin, id, "frozen")).status).toBe("frozen");
    await refused("frozen", "frozen");
    await refused("inactive", "frozen");
    const reactivated = await onecode.traceBatches.setStatus(admin, id, "active");
    expect(reactivated).toMatchObject({ status: "active", version: 4 });
    const bad = await rejectionOf(onecode.traceBatches.setStatus(admin, id, "gone" as "active"));
    expect(issuesOf(bad)).toEqual([["status", "one_of"]]);
  });

  it("deletes a batch only while no package is bound and no task names it", async () => {
    const { onecode, admin, batch, boundBatch } = await traceTestKit();
    const bound = await boundBatch();
    expect(await rejectionOf(onecode.traceBatches.delete(admin, bound.id))).toMatchObject({
      code: "BATCH_HAS_PACKAGES",
      details: { id: bound.id, packageCount: 1 },
    });
    const withTask = await batch();
    const line = await onecode.production.createLine(admin, { name: "L1" });
    const task = await onecode.production.createTask(admin, {
      name: "T",
      batchId: withTask.id,
      lineId: line.id,
      executedAt: "2026-04-01T08:00:00Z",
    });
    expect(await rejectionOf(onecode.traceBatches.delete(admin, withTask.id))).toMatchObject({
      code: "BATCH_HAS_TASKS",
      details: { id: withTask.id, taskCount: 1 },
    });
    await onecode.production.deleteTask(admin, task.id);
    await onecode.traceBatches.delete(admin, withTask.id);
    expect(await rejectionOf(onecode.traceBatches.get(admin, withTask.id))).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("needs the admin role for writes; any context may read", async () => {
    const { onecode, staff, batch, product } = await traceTestKit();
    const created = await batch();
    const inspector = staff("acme", "inspector", "stock_operator");
    const writes = [
      onecode.traceBatches.create(inspector, {
        batchNumber: "X",
        productId: product.id,
        productionDate: "2026-04-01",
      }),
      onecode.traceBatches.update(inspector, created.id, { remark: "x" }),
      onecode.traceBatches.setStatus(inspector, created.id, "active"),
      onecode.traceBatches.delete(inspector, created.id),
      onecode.traceBatches.bindPackage(inspector, created.id, "pkg_x"),
      onecode.traceBatches.unbindPackage(inspector, created.id, "pkg_x"),
    ];
    for (const write of writes) {
      expect(await rejectionOf(write)).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await onecode.traceBatches.get(inspector, created.id)).toEqual(created);
    expect(await onecode.traceBatches.listPackages(inspector, created.id)).toEqual([]);
    const roleless = staff("acme");
    for (const read of [
      onecode.traceBatches.get(roleless, created.id),
      onecode.traceBatches.list(roleless),
      onecode.traceBatches.listPackages(roleless, created.id),
    ]) {
      expect(await rejectionOf(read)).toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("keeps batches invisible to other tenants", async () => {
    const { onecode, staff, batch } = await traceTestKit();
    const created = await batch();
    const intruder = staff("intruder", "admin");
    const calls = [
      onecode.traceBatches.get(intruder, created.id),
      onecode.traceBatches.update(intruder, created.id, { remark: "x" }),
      onecode.traceBatches.setStatus(intruder, created.id, "active"),
      onecode.traceBatches.delete(intruder, created.id),
      onecode.traceBatches.listPackages(intruder, created.id),
    ];
    for (const call of calls) expect(await rejectionOf(call)).toMatchObject({ code: "NOT_FOUND" });
    expect((await onecode.traceBatches.list(intruder)).items).toEqual([]);
  });

  it("announces every change and drops the batch's cached scan page", async () => {
    const clock = new ManualClock("2026-05-01T08:00:00Z");
    const ports = resolvePorts({ clock, hotState: memoryHotState({ clock }) });
    const runtime = traceRuntime(ports);
    const events: Array<TraceEvents["batchChanged"]> = [];
    runtime.events.on("batchChanged", (event) => events.push(event));
    const service = traceBatchService(runtime, () => ({
      [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }),
    }));
    const admin = tenantContext("acme", { id: "a", kind: "staff", roles: ["admin"] });
    const merchant = await merchantService(ports).create(admin, {
      name: "M",
      codeSource: "platform",
      urlPrefixes: ["https://t.example/c/"],
    });
    const product = await productService(ports).create(admin, {
      merchantId: merchant.id,
      name: "P",
    });
    const cached = async (id: string) => ports.hotState.cache.get("acme", batchCacheKey(id));
    const batch = await service.create(admin, {
      batchNumber: "E1",
      productId: product.id,
      productionDate: "2026-04-01",
    });
    await ports.hotState.cache.set("acme", batchCacheKey(batch.id), "stale", 60_000);
    await service.update(admin, batch.id, { remark: "new" });
    expect(await cached(batch.id)).toBeNull();
    await ports.hotState.cache.set("acme", batchCacheKey(batch.id), "stale", 60_000);
    await service.setStatus(admin, batch.id, "active");
    expect(await cached(batch.id)).toBeNull();
    expect(events).toEqual([
      { tenantId: "acme", batchId: batch.id, version: 1, reason: "created" },
      { tenantId: "acme", batchId: batch.id, version: 2, reason: "updated" },
      { tenantId: "acme", batchId: batch.id, version: 3, reason: "status" },
    ]);
  });
});
