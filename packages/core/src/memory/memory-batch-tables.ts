import type { Product } from "../catalog/product.js";
import type { CodePackage } from "../codes/code-package.js";
import type { Storage } from "../ports/storage.js";
import type { TraceBatch } from "../trace/batches/trace-batch.js";
import type { BatchRepositories } from "../trace/ports.js";
import type { ProductionLine, ProductionTask } from "../trace/production/production.js";
import type { LedgerEntry } from "../trace/seals/ledger.js";
import type { MemoryCodeIndex } from "./memory-code-index.js";
import { memoryLedgerRepository } from "./memory-ledger.js";
import type { MemoryLifecycleTables } from "./memory-lifecycle-tables.js";
import { memoryProductionRepository } from "./memory-production.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";
import { memoryTraceBatchRepository } from "./memory-trace-batches.js";

/** One package bound to a trace batch; the id is the package's. */
export interface MemoryBindingRow {
  readonly id: string;
  readonly tenantId: string;
  readonly batchId: string;
  /** The package's total when bound (what unbinding subtracts). */
  readonly codeCount: number;
  /** Increases with every bind, for `listPackages` in binding order. */
  readonly position: number;
  /** When it was bound. */
  readonly boundAt: string;
}

/** Ledger entries per tenant, keyed by sequence; entries are copied in and out. */
export class MemoryLedgerTable {
  readonly #byTenant = new Map<string, Map<number, LedgerEntry>>();

  #entries(tenantId: string): Map<number, LedgerEntry> {
    let entries = this.#byTenant.get(tenantId);
    if (!entries) {
      entries = new Map();
      this.#byTenant.set(tenantId, entries);
    }
    return entries;
  }

  /** The tenant's entries in ascending sequence, copied. */
  list(tenantId: string): LedgerEntry[] {
    return [...(this.#byTenant.get(tenantId)?.values() ?? [])]
      .sort((a, b) => a.sequence - b.sequence)
      .map((entry) => structuredClone(entry));
  }

  get(tenantId: string, sequence: number): LedgerEntry | null {
    const entry = this.#byTenant.get(tenantId)?.get(sequence);
    return entry ? structuredClone(entry) : null;
  }

  /** Every tenant's entries, copied. */
  everyTenant(): LedgerEntry[] {
    return [...this.#byTenant.values()].flatMap((entries) =>
      [...entries.values()].map((entry) => structuredClone(entry)),
    );
  }

  put(entry: LedgerEntry, undo: UndoLog | null): void {
    const entries = this.#entries(entry.tenantId);
    const previous = entries.get(entry.sequence);
    entries.set(entry.sequence, structuredClone(entry));
    undo?.push(() =>
      previous ? entries.set(entry.sequence, previous) : entries.delete(entry.sequence),
    );
  }

  remove(tenantId: string, sequence: number, undo: UndoLog | null): void {
    const entries = this.#entries(tenantId);
    const previous = entries.get(sequence);
    if (!previous) return;
    entries.delete(sequence);
    undo?.push(() => entries.set(sequence, previous));
  }
}

/**
 * The trace batch, production and ledger tables of the memory storage.
 * Products and packages are the catalog's and codes' tables, shared so
 * inserts and binds can check what they reference.
 */
export class MemoryBatchTables {
  readonly batches = new MemoryTable<TraceBatch>();
  readonly bindings = new MemoryTable<MemoryBindingRow>();
  readonly lines = new MemoryTable<ProductionLine>();
  readonly tasks = new MemoryTable<ProductionTask>();
  readonly ledger = new MemoryLedgerTable();
  #position = 0;

  constructor(
    readonly products: MemoryTable<Product>,
    readonly packages: MemoryTable<CodePackage>,
    readonly codes: MemoryCodeIndex,
    /** Code lifecycle tables, for the status a code look-up reports. */
    readonly lifecycle: MemoryLifecycleTables,
  ) {}

  /** The next binding position (never reused, even after a rollback). */
  nextPosition(): number {
    this.#position += 1;
    return this.#position;
  }

  /** How many trace batches name the product, for the product delete check. */
  productTraceBatches(tenantId: string, productId: string): number {
    return this.batches.some(tenantId, (batch) => batch.productId === productId).length;
  }
}

/** Batch repositories over the memory tables, recording undo steps when `undo` is given. */
export function memoryBatchRepositories(
  tables: MemoryBatchTables,
  undo: UndoLog | null,
): BatchRepositories {
  return {
    traceBatches: memoryTraceBatchRepository(tables, undo),
    production: memoryProductionRepository(tables, undo),
    ledger: memoryLedgerRepository(tables, undo),
  };
}

const tablesOfStorage = new WeakMap<Storage, MemoryBatchTables>();

/** Remembers which tables a memory storage keeps its batches in (see {@link memoryBatchTablesOf}). */
export function exposeBatchTables(tables: MemoryBatchTables, storage: Storage): Storage {
  tablesOfStorage.set(storage, tables);
  return storage;
}

/**
 * The raw batch tables of a storage made by `memoryStorage()`, for tests
 * that must change stored rows behind the repositories' back (tamper
 * detection), as a raw SQL `UPDATE` would in a database. Throws for any
 * other storage.
 */
export function memoryBatchTablesOf(storage: Storage): MemoryBatchTables {
  const tables = tablesOfStorage.get(storage);
  if (!tables) throw new TypeError("memoryBatchTablesOf needs a storage made by memoryStorage()");
  return tables;
}
