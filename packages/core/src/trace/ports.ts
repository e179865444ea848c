import type { TraceBatchRepository } from "./batches/ports.js";
import type {
  EnterpriseRepository,
  StaffRepository,
  StockRepository,
} from "./distribution/ports.js";
import type { LifecycleRepositories } from "./lifecycle/ports.js";
import type { ProductionRepository } from "./production/ports.js";
import type { ScanRepository } from "./scans/ports.js";
import type { LedgerRepository } from "./seals/ports.js";

// Each room of the trace module declares its repositories in its own
// ports.ts; this file groups them the way the storage port gathers them.

/** Trace batches, production and the sealed ledger: part of the trace module's storage. */
export interface BatchRepositories {
  readonly traceBatches: TraceBatchRepository;
  readonly production: ProductionRepository;
  readonly ledger: LedgerRepository;
}

/** Distribution and scans: the other part of the trace module's storage. */
export interface DistributionRepositories {
  readonly enterprises: EnterpriseRepository;
  readonly staff: StaffRepository;
  readonly stock: StockRepository;
  readonly scans: ScanRepository;
}

/** The repositories of the trace module, gathered into the storage port. */
export interface TraceRepositories
  extends BatchRepositories,
    DistributionRepositories,
    LifecycleRepositories {}
