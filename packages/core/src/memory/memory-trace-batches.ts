import type { TraceBatchRepository } from "../trace/batches/ports.js";
import type { TraceBatch } from "../trace/batches/trace-batch.js";
import { SEALED_BATCH_FIELDS } from "../trace/batches/trace-batch-check.js";
import type { MemoryBatchTables } from "./memory-batch-tables.js";
import type { UndoLog } from "./memory-table.js";

/** Whether a batch update changes a field a seal freezes. */
function touchesTraceFields(changes: object): boolean {
  return SEALED_BATCH_FIELDS.some((field) => field in changes);
}

/** The memory trace batch repository. */
export function memoryTraceBatchRepository(
  tables: MemoryBatchTables,
  undo: UndoLog | null,
): TraceBatchRepository {
  const { batches, bindings, products, packages, tasks } = tables;
  const numberTaken = (tenantId: string, batchNumber: string, exceptId: string) =>
    batches.some(tenantId, (row) => row.batchNumber === batchNumber && row.id !== exceptId).length >
    0;
  const save = (next: TraceBatch) => {
    batches.put(next, undo);
    return structuredClone(next);
  };

  return {
    async insert(batch) {
      if (!products.get(batch.tenantId, batch.productId)) return { outcome: "product_not_found" };
      if (numberTaken(batch.tenantId, batch.batchNumber, batch.id))
        return { outcome: "batch_number_taken" };
      if (batches.get(batch.tenantId, batch.id)) throw new Error(`duplicate batch id ${batch.id}`);
      batches.put(batch, undo);
      return { outcome: "inserted" };
    },
    async get(tenantId, id) {
      return batches.get(tenantId, id);
    },
    async list(tenantId, filter, page) {
      const matches = (row: TraceBatch) =>
        (filter.merchantId === undefined || row.merchantId === filter.merchantId) &&
        (filter.productId === undefined || row.productId === filter.productId) &&
        (filter.status === undefined || row.status === filter.status) &&
        (filter.batchNumber === undefined || row.batchNumber === filter.batchNumber);
      return batches.list(tenantId, matches, page.beforeId, page.limit);
    },
    async update(tenantId, id, changes) {
      const current = batches.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      if (current.seal !== null && touchesTraceFields(changes)) return { outcome: "sealed" };
      if (changes.batchNumber !== undefined && numberTaken(tenantId, changes.batchNumber, id))
        return { outcome: "batch_number_taken" };
      return {
        outcome: "updated",
        batch: save({ ...current, ...changes, version: current.version + 1 }),
      };
    },
    async setStatus(tenantId, id, from, to, updatedAt) {
      const current = batches.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      if (!from.includes(current.status))
        return { outcome: "wrong_status", status: current.status };
      // The first activation is kept: freezing and re-activating do not move it.
      const activatedAt =
        to === "active" && current.activatedAt === null ? updatedAt : current.activatedAt;
      return {
        outcome: "updated",
        batch: save({
          ...current,
          status: to,
          activatedAt,
          updatedAt,
          version: current.version + 1,
        }),
      };
    },
    async delete(tenantId, id) {
      if (!batches.get(tenantId, id)) return { outcome: "not_found" };
      const packageCount = bindings.some(tenantId, (row) => row.batchId === id).length;
      if (packageCount > 0) return { outcome: "has_packages", packageCount };
      const taskCount = tasks.some(tenantId, (task) => task.batchId === id).length;
      if (taskCount > 0) return { outcome: "has_tasks", taskCount };
      batches.remove(tenantId, id, undo);
      return { outcome: "deleted" };
    },
    async bindPackage(tenantId, batchId, packageId, at) {
      const batch = batches.get(tenantId, batchId);
      if (!batch) return { outcome: "batch_not_found" };
      const pkg = packages.get(tenantId, packageId);
      if (!pkg) return { outcome: "package_not_found" };
      if (batch.seal !== null) return { outcome: "sealed" };
      if (batch.status !== "inactive") return { outcome: "wrong_status", status: batch.status };
      if (pkg.status !== "succeeded") return { outcome: "package_not_ready" };
      const bound = bindings.get(tenantId, packageId);
      if (bound) return { outcome: "already_bound", batchId: bound.batchId };
      const position = tables.nextPosition();
      bindings.put(
        { id: packageId, tenantId, batchId, codeCount: pkg.total, position, boundAt: at },
        undo,
      );
      const next = {
        ...batch,
        codeCount: batch.codeCount + pkg.total,
        version: batch.version + 1,
        updatedAt: at,
      };
      return { outcome: "bound", batch: save(next) };
    },
    async unbindPackage(tenantId, batchId, packageId, at) {
      const bound = bindings.get(tenantId, packageId);
      const batch = batches.get(tenantId, batchId);
      if (!bound || !batch || bound.batchId !== batchId) return { outcome: "not_bound" };
      if (batch.seal !== null) return { outcome: "sealed" };
      if (batch.status !== "inactive") return { outcome: "wrong_status", status: batch.status };
      bindings.remove(tenantId, packageId, undo);
      const next = {
        ...batch,
        codeCount: batch.codeCount - bound.codeCount,
        version: batch.version + 1,
        updatedAt: at,
      };
      return { outcome: "unbound", batch: save(next) };
    },
    async listPackages(tenantId, batchId) {
      return bindings
        .some(tenantId, (row) => row.batchId === batchId)
        .sort((a, b) => a.position - b.position)
        .map((row) => row.id);
    },
    async batchOfPackage(tenantId, packageId) {
      return bindings.get(tenantId, packageId)?.batchId ?? null;
    },
    async locateCode(tenantId, code) {
      const record = tables.codes.find(tenantId, code);
      if (!record) return null;
      const { packageId, serial } = record;
      return {
        packageId,
        serial,
        batchId: bindings.get(tenantId, packageId)?.batchId ?? null,
        status: tables.lifecycle.statusOf(tenantId, packageId, serial),
        statusVersion: tables.lifecycle.statusVersions.get(tenantId, packageId),
      };
    },
    async markSealed(tenantId, id, seal, product, expectedVersion) {
      const current = batches.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      if (current.seal !== null) return { outcome: "sealed" };
      if (current.version !== expectedVersion)
        return { outcome: "version_changed", version: current.version };
      const next = {
        ...current,
        seal,
        sealedProduct: product,
        version: current.version + 1,
        updatedAt: seal.sealedAt,
      };
      return { outcome: "updated", batch: save(next) };
    },
  };
}
