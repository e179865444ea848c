import type { FreightTemplate, FreightTemplateRepository } from "../orders/freight/ports.js";
import type { MemoryTable, UndoLog } from "./memory-table.js";

/** The memory freight-template repository over `table`, undoable in a transaction. */
export function memoryFreightTemplateRepository(
  table: MemoryTable<FreightTemplate>,
  undo: UndoLog | null,
): FreightTemplateRepository {
  return {
    async insert(template) {
      table.put(template, undo);
    },
    async get(tenantId, id) {
      return table.get(tenantId, id);
    },
    async list(tenantId, page) {
      return table.list(tenantId, () => true, page.beforeId, page.limit);
    },
    async update(template) {
      const before = table.get(template.tenantId, template.id);
      if (!before) return false;
      table.put({ ...template, createdAt: before.createdAt }, undo);
      return true;
    },
    async delete(tenantId, id) {
      if (!table.get(tenantId, id)) return false;
      table.remove(tenantId, id, undo);
      return true;
    },
  };
}
