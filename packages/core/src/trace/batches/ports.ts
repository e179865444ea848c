import type { PageQuery } from "../../kernel/pagination.js";
import type { CodeStatus } from "../lifecycle/code-lifecycle.js";
import type {
  SealedProductInfo,
  SealReference,
  TraceBatch,
  TraceBatchStatus,
} from "./trace-batch.js";

/** Result of {@link TraceBatchRepository.insert}. */
export type TraceBatchInsertion =
  | { readonly outcome: "inserted" }
  | { readonly outcome: "product_not_found" }
  | { readonly outcome: "batch_number_taken" };

/** Fields a batch update may change, plus `updatedAt`. Every update increments `version`. */
export type TraceBatchChanges = Partial<
  Pick<
    TraceBatch,
    | "batchNumber"
    | "productionDate"
    | "shelfLifeDays"
    | "expiryDate"
    | "remark"
    | "customFields"
    | "template"
    | "countAlert"
  >
> & { readonly updatedAt: string };

/** Result of {@link TraceBatchRepository.update}. */
export type TraceBatchUpdate =
  | { readonly outcome: "updated"; readonly batch: TraceBatch }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "batch_number_taken" }
  /** A sealed batch refuses changes to its trace fields (anything but `template`). */
  | { readonly outcome: "sealed" };

/** Result of {@link TraceBatchRepository.setStatus} and other conditional batch changes. */
export type TraceBatchTransition =
  | { readonly outcome: "updated"; readonly batch: TraceBatch }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "wrong_status"; readonly status: TraceBatchStatus };

/** Result of {@link TraceBatchRepository.delete}. */
export type TraceBatchDeletion =
  | { readonly outcome: "deleted" }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "has_packages"; readonly packageCount: number }
  /** Production tasks name the batch (checked after packages). */
  | { readonly outcome: "has_tasks"; readonly taskCount: number };

/** Result of {@link TraceBatchRepository.bindPackage}. */
export type PackageBinding =
  | { readonly outcome: "bound"; readonly batch: TraceBatch }
  | { readonly outcome: "batch_not_found" }
  | { readonly outcome: "package_not_found" }
  /** The package is not `succeeded`. */
  | { readonly outcome: "package_not_ready" }
  /** Codes belong to at most one batch: the package is bound already. */
  | { readonly outcome: "already_bound"; readonly batchId: string }
  | { readonly outcome: "wrong_status"; readonly status: TraceBatchStatus }
  | { readonly outcome: "sealed" };

/** Result of {@link TraceBatchRepository.unbindPackage}. */
export type PackageUnbinding =
  | { readonly outcome: "unbound"; readonly batch: TraceBatch }
  | { readonly outcome: "not_bound" }
  | { readonly outcome: "wrong_status"; readonly status: TraceBatchStatus }
  | { readonly outcome: "sealed" };

/** Where a known code sits: its package, serial and the batch its package is bound to. */
export interface CodeLocation {
  readonly packageId: string;
  readonly serial: number;
  readonly batchId: string | null;
  /** Whether the code is void, recalled or destroyed (`null`: none of these). */
  readonly status: CodeStatus | null;
  /** The package's status version `status` was read at (0: never changed). */
  readonly statusVersion: number;
}

/** Storage of trace batches and their package bindings, scoped by tenant. */
export interface TraceBatchRepository {
  /** Stores a new batch (version 1); refuses when the product is missing or the batch number is taken. */
  insert(batch: TraceBatch): Promise<TraceBatchInsertion>;
  get(tenantId: string, id: string): Promise<TraceBatch | null>;
  /** Batches newest first, filtered. */
  list(
    tenantId: string,
    filter: {
      readonly merchantId?: string;
      readonly productId?: string;
      readonly status?: TraceBatchStatus;
      readonly batchNumber?: string;
    },
    page: PageQuery,
  ): Promise<TraceBatch[]>;
  /** Applies the changes atomically and increments `version`; refuses trace-field changes of a sealed batch. */
  update(tenantId: string, id: string, changes: TraceBatchChanges): Promise<TraceBatchUpdate>;
  /**
   * Moves the status if it is one of `from`, incrementing `version`; a move
   * to `active` sets `activatedAt` to `updatedAt` unless it is set already
   * (the first activation is kept).
   */
  setStatus(
    tenantId: string,
    id: string,
    from: readonly TraceBatchStatus[],
    to: TraceBatchStatus,
    updatedAt: string,
  ): Promise<TraceBatchTransition>;
  /** Deletes a batch no package is bound to and no production task names; check and delete are one atomic step. */
  delete(tenantId: string, id: string): Promise<TraceBatchDeletion>;
  /**
   * Binds a succeeded package to an inactive, unsealed batch: atomically, the
   * package can be bound to one batch only (concurrent binds of one package
   * to two batches: exactly one wins), `codeCount` grows by the package's
   * total and `version` increments. The binding keeps `at` as its time
   * (statistics count bound codes by it).
   */
  bindPackage(
    tenantId: string,
    batchId: string,
    packageId: string,
    at: string,
  ): Promise<PackageBinding>;
  /** Unbinds a package of an inactive, unsealed batch, atomically reversing the bind. */
  unbindPackage(
    tenantId: string,
    batchId: string,
    packageId: string,
    at: string,
  ): Promise<PackageUnbinding>;
  /** Ids of the packages bound to the batch, in binding order. */
  listPackages(tenantId: string, batchId: string): Promise<string[]>;
  /** The batch a package is bound to, or `null`. */
  batchOfPackage(tenantId: string, packageId: string): Promise<string | null>;
  /**
   * Where a code sits: its package and serial, the batch its package is
   * bound to (`null`: none), and its lifecycle status with the package's
   * status version, read together (see `CodeLifecycleRepository.statusOf`);
   * `null` when the tenant has no such code. One look-up for what a consumer
   * scan first needs of a code it has not seen.
   */
  locateCode(tenantId: string, code: string): Promise<CodeLocation | null>;
  /**
   * Marks the batch sealed with the product snapshot, only if it is not
   * sealed yet and its `version` still equals `expectedVersion` (the version
   * whose fields were hashed: a concurrent edit or unbind in between is
   * refused with `version_changed`); `version` increments and `updatedAt`
   * becomes `seal.sealedAt`. Used inside the transaction that appends the
   * ledger entry.
   */
  markSealed(
    tenantId: string,
    id: string,
    seal: SealReference,
    product: SealedProductInfo,
    expectedVersion: number,
  ): Promise<
    | TraceBatchTransition
    | { readonly outcome: "sealed" }
    | { readonly outcome: "version_changed"; readonly version: number }
  >;
}
