import type { Enterprise } from "../trace/distribution/distribution.js";
import type { EnterpriseRepository } from "../trace/distribution/ports.js";
import type { MemoryDistributionTables } from "./memory-distribution.js";
import type { UndoLog } from "./memory-table.js";

/** The memory enterprise repository: a materialised path (`ancestorIds`) per enterprise. */
export function memoryEnterpriseRepository(
  tables: MemoryDistributionTables,
  undo: UndoLog | null,
): EnterpriseRepository {
  const { enterprises } = tables;
  return {
    async insert(enterprise) {
      let ancestorIds: string[] = [];
      if (enterprise.parentId !== null) {
        const parent = enterprises.get(enterprise.tenantId, enterprise.parentId);
        if (!parent) return { outcome: "parent_not_found" };
        ancestorIds = [...parent.ancestorIds, parent.id];
      }
      if (enterprises.get(enterprise.tenantId, enterprise.id)) {
        throw new Error(`duplicate enterprise id ${enterprise.id}`);
      }
      const stored: Enterprise = { ...enterprise, ancestorIds };
      enterprises.put(stored, undo);
      return { outcome: "inserted", enterprise: structuredClone(stored) };
    },
    async get(tenantId, id) {
      return enterprises.get(tenantId, id);
    },
    async listChildren(tenantId, parentId, page) {
      return enterprises.list(
        tenantId,
        (row) => row.parentId === parentId,
        page.beforeId,
        page.limit,
      );
    },
    async update(tenantId, id, changes) {
      const current = enterprises.get(tenantId, id);
      if (!current) return null;
      const next = { ...current, ...changes };
      enterprises.put(next, undo);
      return structuredClone(next);
    },
    async move(tenantId, id, newParentId, at) {
      const current = enterprises.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      let ancestorIds: string[] = [];
      if (newParentId !== null) {
        const parent = enterprises.get(tenantId, newParentId);
        if (!parent) return { outcome: "parent_not_found" };
        if (parent.id === id || parent.ancestorIds.includes(id)) return { outcome: "cycle" };
        ancestorIds = [...parent.ancestorIds, parent.id];
      }
      const moved: Enterprise = { ...current, parentId: newParentId, ancestorIds, updatedAt: at };
      enterprises.put(moved, undo);
      for (const descendant of enterprises.some(tenantId, (row) => row.ancestorIds.includes(id))) {
        const below = descendant.ancestorIds.slice(descendant.ancestorIds.indexOf(id));
        enterprises.put({ ...descendant, ancestorIds: [...ancestorIds, ...below] }, undo);
      }
      return { outcome: "moved", enterprise: structuredClone(moved) };
    },
    async delete(tenantId, id) {
      if (!enterprises.get(tenantId, id)) return { outcome: "not_found" };
      const childCount = enterprises.some(tenantId, (row) => row.parentId === id).length;
      const heldCodeCount = tables.holdings.heldCount(tenantId, id);
      const documentCount = tables.documentCount(tenantId, id);
      if (childCount + heldCodeCount + documentCount > 0) {
        return { outcome: "not_empty", childCount, heldCodeCount, documentCount };
      }
      enterprises.remove(tenantId, id, undo);
      return { outcome: "deleted" };
    },
  };
}
