import { memoryBatchTablesOf } from "../../src/memory/memory-batch-tables.js";
import type { Storage } from "../../src/ports/storage.js";
import type { StorageTamperer } from "./storage-tamperer.js";

/**
 * The tamperer of `memoryStorage()`: it rewrites the rows in the storage's
 * own tables, the memory counterpart of a raw SQL `UPDATE`.
 */
export function memoryStorageTamperer(storage: Storage): StorageTamperer {
  const tables = memoryBatchTablesOf(storage);
  const row = <T>(found: T | null, what: string): T => {
    if (found === null) throw new Error(`tamperer: no stored ${what}`);
    return found;
  };
  return {
    async updateBatch(tenantId, id, changes) {
      const batch = row(tables.batches.get(tenantId, id), `batch ${id}`);
      tables.batches.put({ ...batch, ...changes }, null);
    },
    async updateTask(tenantId, id, changes) {
      const task = row(tables.tasks.get(tenantId, id), `task ${id}`);
      tables.tasks.put({ ...task, ...changes }, null);
    },
    async deleteTask(tenantId, id) {
      tables.tasks.remove(tenantId, id, null);
    },
    async updateLedgerEntry(tenantId, sequence, changes) {
      const entry = row(tables.ledger.get(tenantId, sequence), `ledger entry ${sequence}`);
      tables.ledger.put({ ...entry, ...changes }, null);
    },
    async deleteLedgerEntry(tenantId, sequence) {
      tables.ledger.remove(tenantId, sequence, null);
    },
  };
}
