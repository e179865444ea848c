import type { TraceBatch } from "../../src/trace/batches/trace-batch.js";
import type { ProductionTask } from "../../src/trace/production/production.js";
import type { LedgerEntry } from "../../src/trace/seals/ledger.js";

/**
 * Changes stored rows behind the repositories' back, as someone with direct
 * database access would (a raw SQL `UPDATE` or `DELETE` in a database
 * adapter). The seal tests use it to prove that verification re-reads what
 * is stored and catches every such change. Each method writes the given
 * fields exactly, with no checks and no version bump.
 */
export interface StorageTamperer {
  updateBatch(
    tenantId: string,
    id: string,
    changes: Partial<
      Pick<
        TraceBatch,
        "remark" | "productionDate" | "expiryDate" | "customFields" | "sealedProduct" | "seal"
      >
    >,
  ): Promise<void>;
  updateTask(
    tenantId: string,
    id: string,
    changes: Partial<Pick<ProductionTask, "personInCharge" | "executedAt" | "line">>,
  ): Promise<void>;
  deleteTask(tenantId: string, id: string): Promise<void>;
  updateLedgerEntry(
    tenantId: string,
    sequence: number,
    changes: Partial<Pick<LedgerEntry, "contentHash" | "previousHash" | "hash" | "recordedAt">>,
  ): Promise<void>;
  deleteLedgerEntry(tenantId: string, sequence: number): Promise<void>;
}
