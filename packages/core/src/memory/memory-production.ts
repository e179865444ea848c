import type { ProductionRepository } from "../trace/production/ports.js";
import type { ProductionTask } from "../trace/production/production.js";
import type { MemoryBatchTables } from "./memory-batch-tables.js";
import type { UndoLog } from "./memory-table.js";

/** The memory production repository (lines and tasks). */
export function memoryProductionRepository(
  tables: MemoryBatchTables,
  undo: UndoLog | null,
): ProductionRepository {
  const { batches, lines, tasks } = tables;
  const missingReference = (task: ProductionTask) => {
    if (!batches.get(task.tenantId, task.batchId)) return "batch_not_found" as const;
    if (!lines.get(task.tenantId, task.lineId)) return "line_not_found" as const;
    return null;
  };

  return {
    async insertLine(line) {
      if (lines.get(line.tenantId, line.id)) throw new Error(`duplicate line id ${line.id}`);
      lines.put(line, undo);
    },
    async getLine(tenantId, id) {
      return lines.get(tenantId, id);
    },
    async listLines(tenantId, page) {
      return lines.list(tenantId, () => true, page.beforeId, page.limit);
    },
    async updateLine(tenantId, line) {
      const current = line.tenantId === tenantId ? lines.get(tenantId, line.id) : null;
      if (!current) return null;
      const { name, lineCode, workshop, factory, customFields, updatedAt } = line;
      const next = { ...current, name, lineCode, workshop, factory, customFields, updatedAt };
      lines.put(next, undo);
      return structuredClone(next);
    },
    async deleteLine(tenantId, id) {
      if (!lines.get(tenantId, id)) return { outcome: "not_found" };
      const taskCount = tasks.some(tenantId, (task) => task.lineId === id).length;
      if (taskCount > 0) return { outcome: "has_tasks", taskCount };
      lines.remove(tenantId, id, undo);
      return { outcome: "deleted" };
    },
    async insertTask(task) {
      const missing = missingReference(task);
      if (missing) return { outcome: missing };
      if (tasks.get(task.tenantId, task.id)) throw new Error(`duplicate task id ${task.id}`);
      tasks.put(task, undo);
      return { outcome: "inserted" };
    },
    async getTask(tenantId, id) {
      return tasks.get(tenantId, id);
    },
    async listTasks(tenantId, filter, page) {
      const matches = (task: ProductionTask) =>
        (filter.batchId === undefined || task.batchId === filter.batchId) &&
        (filter.lineId === undefined || task.lineId === filter.lineId) &&
        (filter.status === undefined || task.status === filter.status);
      return tasks.list(tenantId, matches, page.beforeId, page.limit);
    },
    async updateDraft(tenantId, task) {
      const current = task.tenantId === tenantId ? tasks.get(tenantId, task.id) : null;
      if (!current) return { outcome: "not_found" };
      if (current.status !== "draft") return { outcome: "wrong_status", status: current.status };
      const missing = missingReference(task);
      if (missing) return { outcome: missing };
      const { name, batchId, lineId, personInCharge, executedAt, customFields, updatedAt } = task;
      const next = {
        ...current,
        ...{ name, batchId, lineId, personInCharge, executedAt, customFields, updatedAt },
      };
      tasks.put(next, undo);
      return { outcome: "updated", task: structuredClone(next) };
    },
    async setTaskStatus(tenantId, id, from, change) {
      const current = tasks.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      if (current.status !== from) return { outcome: "wrong_status", status: current.status };
      const next = { ...current, ...change };
      tasks.put(next, undo);
      return { outcome: "updated", task: structuredClone(next) };
    },
    async deleteDraft(tenantId, id) {
      const current = tasks.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      if (current.status !== "draft") return { outcome: "wrong_status", status: current.status };
      tasks.remove(tenantId, id, undo);
      return { outcome: "deleted" };
    },
    async markTaskSealed(tenantId, id, seal) {
      const current = tasks.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      if (current.seal !== null) return { outcome: "sealed" };
      if (current.status !== "effective")
        return { outcome: "wrong_status", status: current.status };
      const next = { ...current, seal, updatedAt: seal.sealedAt };
      tasks.put(next, undo);
      return { outcome: "updated", task: structuredClone(next) };
    },
  };
}
