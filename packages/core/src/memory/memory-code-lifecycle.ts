import type { CodeLifecycleEntry } from "../trace/lifecycle/code-lifecycle.js";
import type { CodeLifecycleRepository } from "../trace/lifecycle/ports.js";
import type { MemoryLifecycleTables } from "./memory-lifecycle-tables.js";
import type { UndoLog } from "./memory-table.js";

/** The memory repository of lifecycle entries (void, recall, destroyed). */
export function memoryCodeLifecycleRepository(
  tables: MemoryLifecycleTables,
  undo: UndoLog | null,
): CodeLifecycleRepository {
  const { entries } = tables;
  return {
    async insertVoid(entry) {
      const { packageId, fromSerial, toSerial } = entry.range;
      const same = entries.some(
        entry.tenantId,
        (row) =>
          row.restoredAt === null &&
          row.kind === entry.kind &&
          row.range.packageId === packageId &&
          row.range.fromSerial === fromSerial &&
          row.range.toSerial === toSerial,
      )[0];
      if (same) return { outcome: "exists", entry: structuredClone(same) };
      if (entries.get(entry.tenantId, entry.id)) {
        throw new Error(`duplicate lifecycle entry id ${entry.id}`);
      }
      entries.put(entry, undo);
      tables.statusVersions.increment(entry.tenantId, packageId, undo);
      return { outcome: "inserted", entry: structuredClone(entry) };
    },
    async get(tenantId, id) {
      return entries.get(tenantId, id);
    },
    async list(tenantId, filter, page) {
      const matches = (row: CodeLifecycleEntry) =>
        (filter.kind === undefined || row.kind === filter.kind) &&
        (filter.packageId === undefined || row.range.packageId === filter.packageId) &&
        (filter.serial === undefined ||
          (row.range.fromSerial <= filter.serial && filter.serial <= row.range.toSerial)) &&
        (filter.active === undefined || (row.restoredAt === null) === filter.active);
      return entries.list(tenantId, matches, page.beforeId, page.limit);
    },
    async restore(tenantId, id, by, at) {
      const current = entries.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      if (current.kind === "destroyed" || current.restoredAt !== null) {
        return { outcome: "not_restorable", entry: current };
      }
      const restored: CodeLifecycleEntry = { ...current, restoredBy: by, restoredAt: at };
      entries.put(restored, undo);
      tables.statusVersions.increment(tenantId, current.range.packageId, undo);
      return { outcome: "restored", entry: structuredClone(restored) };
    },
    async statusOf(tenantId, packageId, serial) {
      return tables.statusOf(tenantId, packageId, serial);
    },
    async statusVersions(tenantId, packageIds) {
      const versions: Record<string, number> = {};
      for (const packageId of packageIds) {
        const version = tables.statusVersions.get(tenantId, packageId);
        if (version > 0) versions[packageId] = version;
      }
      return versions;
    },
  };
}
