import type { PageQuery } from "../kernel/pagination.js";
import type {
  SealedProductInfo,
  SealReference,
  TraceBatch,
  TraceBatchStatus,
} from "./batches/trace-batch.js";
import type {
  CodeRange,
  Enterprise,
  InspectionReport,
  StaffMember,
  StockDocument,
  StockDocumentItem,
} from "./distribution/distribution.js";
import type { SerialSegment } from "./lifecycle/aggregation.js";
import type { CodeStatus } from "./lifecycle/code-lifecycle.js";
import type { LifecycleRepositories } from "./lifecycle/ports.js";
import type {
  ProductionLine,
  ProductionTask,
  ProductionTaskStatus,
} from "./production/production.js";
import type {
  DiversionAlert,
  RecordedScanStats,
  ScanRecord,
  ScanStats,
  SuspicionThreshold,
} from "./scans/scan.js";
import type {
  ScanCountAlert,
  ScanCountAlertKind,
  ScanCountAlertSettings,
  ScanCountThresholds,
} from "./scans/scan-count-alert.js";
import type { LedgerEntry, SealSubjectKind } from "./seals/ledger.js";

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

/** Result of deleting a production line. */
export type ProductionLineDeletion =
  | { readonly outcome: "deleted" }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "has_tasks"; readonly taskCount: number };

/** Result of a conditional task change. */
export type ProductionTaskChange =
  | { readonly outcome: "updated"; readonly task: ProductionTask }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "wrong_status"; readonly status: ProductionTaskStatus }
  | { readonly outcome: "sealed" };

/** Storage of production lines and tasks, scoped by tenant. */
export interface ProductionRepository {
  insertLine(line: ProductionLine): Promise<void>;
  getLine(tenantId: string, id: string): Promise<ProductionLine | null>;
  listLines(tenantId: string, page: PageQuery): Promise<ProductionLine[]>;
  /**
   * Replaces the line's editable fields (`name`, `lineCode`, `workshop`,
   * `factory`, `customFields`, `updatedAt`) atomically; `null` when absent.
   */
  updateLine(tenantId: string, line: ProductionLine): Promise<ProductionLine | null>;
  /** Deletes a line without tasks, atomically. */
  deleteLine(tenantId: string, id: string): Promise<ProductionLineDeletion>;
  /** Stores a draft task; refuses when its batch or line is missing. */
  insertTask(
    task: ProductionTask,
  ): Promise<
    { readonly outcome: "inserted" } | { readonly outcome: "batch_not_found" | "line_not_found" }
  >;
  getTask(tenantId: string, id: string): Promise<ProductionTask | null>;
  listTasks(
    tenantId: string,
    filter: {
      readonly batchId?: string;
      readonly lineId?: string;
      readonly status?: ProductionTaskStatus;
    },
    page: PageQuery,
  ): Promise<ProductionTask[]>;
  /**
   * Replaces a draft's editable fields (`name`, `batchId`, `lineId`,
   * `personInCharge`, `executedAt`, `customFields`, `updatedAt`; the rest is
   * kept) only while it is a draft (atomic check); like `insertTask`, refuses
   * a batch or line that does not exist.
   */
  updateDraft(
    tenantId: string,
    task: ProductionTask,
  ): Promise<ProductionTaskChange | { readonly outcome: "batch_not_found" | "line_not_found" }>;
  /** Moves the status if it is `from`; `line` is stored when the task becomes effective. */
  setTaskStatus(
    tenantId: string,
    id: string,
    from: ProductionTaskStatus,
    change: Pick<ProductionTask, "status" | "line" | "updatedAt">,
  ): Promise<ProductionTaskChange>;
  /** Deletes a draft task only. */
  deleteDraft(
    tenantId: string,
    id: string,
  ): Promise<ProductionTaskChange | { readonly outcome: "deleted" }>;
  /** Marks an effective, unsealed task sealed (inside the ledger transaction); `updatedAt` becomes `seal.sealedAt`. */
  markTaskSealed(tenantId: string, id: string, seal: SealReference): Promise<ProductionTaskChange>;
}

/** Result of {@link LedgerRepository.append}. */
export type LedgerAppend =
  | { readonly outcome: "appended" }
  /** Another entry took this sequence number first: read the new last entry and retry. */
  | { readonly outcome: "sequence_taken" };

/** The tenant's append-only, hash-chained ledger. */
export interface LedgerRepository {
  /** The entry with the highest sequence, or `null` for an empty ledger. */
  last(tenantId: string): Promise<LedgerEntry | null>;
  /**
   * Appends an entry whose sequence is last + 1 (1 for an empty ledger); any
   * other sequence is refused with `sequence_taken`, so the chain has no
   * gaps. Concurrent appends of one sequence: exactly one wins.
   */
  append(entry: LedgerEntry): Promise<LedgerAppend>;
  /** Entries with sequence above `afterSequence`, ascending. */
  list(tenantId: string, afterSequence: number, limit: number): Promise<LedgerEntry[]>;
  /** The latest entry sealing the subject, or `null`. */
  findBySubject(
    tenantId: string,
    kind: SealSubjectKind,
    subjectId: string,
  ): Promise<LedgerEntry | null>;
  /** Records the anchor receipt of an entry (once). */
  setAnchor(
    tenantId: string,
    sequence: number,
    anchorId: string,
    anchoredAt: string,
  ): Promise<void>;
  /** Entries without an anchor receipt, oldest first, across tenants (for a retrying scheduler). */
  listUnanchored(limit: number): Promise<LedgerEntry[]>;
}

/** Result of {@link EnterpriseRepository.insert}. */
export type EnterpriseInsertion =
  | { readonly outcome: "inserted"; readonly enterprise: Enterprise }
  | { readonly outcome: "parent_not_found" };

/** Result of {@link EnterpriseRepository.move}. */
export type EnterpriseMove =
  | { readonly outcome: "moved"; readonly enterprise: Enterprise }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "parent_not_found" }
  /** The new parent is the enterprise itself or one of its descendants. */
  | { readonly outcome: "cycle" };

/** Result of {@link EnterpriseRepository.delete}. */
export type EnterpriseDeletion =
  | { readonly outcome: "deleted" }
  | { readonly outcome: "not_found" }
  | {
      readonly outcome: "not_empty";
      readonly childCount: number;
      readonly heldCodeCount: number;
      readonly documentCount: number;
    };

/** Fields an enterprise update may change, plus `updatedAt`. */
export type EnterpriseChanges = Partial<
  Pick<Enterprise, "name" | "address" | "salesRegion" | "socialCreditCode" | "gln" | "customFields">
> & { readonly updatedAt: string };

/**
 * Storage of the enterprise tree, scoped by tenant. `ancestorIds` is a
 * materialised path the repository keeps: every enterprise lists the ids
 * from its root down to its parent, also after moves.
 */
export interface EnterpriseRepository {
  /**
   * Stores a new enterprise under `enterprise.parentId` (`null`: a root).
   * The repository derives `ancestorIds` from the parent in the same atomic
   * step that checks the parent exists (the given `ancestorIds` is ignored),
   * so a concurrent move of the parent's branch can never leave a stale
   * path; the stored enterprise is returned. Refuses a missing parent.
   */
  insert(enterprise: Enterprise): Promise<EnterpriseInsertion>;
  get(tenantId: string, id: string): Promise<Enterprise | null>;
  /** Children of `parentId` (`null`: the roots), newest first. */
  listChildren(tenantId: string, parentId: string | null, page: PageQuery): Promise<Enterprise[]>;
  /** Applies the present fields atomically; `null` when the enterprise does not exist. */
  update(tenantId: string, id: string, changes: EnterpriseChanges): Promise<Enterprise | null>;
  /**
   * Moves the enterprise and its whole subtree under `newParentId` (`null`:
   * make it a root) in one atomic step: its `parentId`, `ancestorIds` and
   * `updatedAt` (= `at`) change, and every descendant's `ancestorIds`
   * follows (their `updatedAt` does not change). Refuses `cycle` when the
   * new parent is the enterprise or one of its descendants, also when two
   * moves race (moving A under B and B under A at once: exactly one
   * succeeds, the tree stays acyclic).
   */
  move(
    tenantId: string,
    id: string,
    newParentId: string | null,
    at: string,
  ): Promise<EnterpriseMove>;
  /**
   * Deletes an enterprise with no children, no held codes (no code whose
   * current holder it is) and no stock documents naming it as issuer or
   * receiver; otherwise reports the three counts. Check and delete are one
   * atomic step with respect to concurrent inserts, moves and stock moves.
   */
  delete(tenantId: string, id: string): Promise<EnterpriseDeletion>;
}

/**
 * Storage of staff members, scoped by tenant. Login names are unique within
 * the tenant ignoring case (`Alice_01` and `alice_01` are the same login),
 * enforced by the storage so concurrent inserts of one name: exactly one wins.
 */
export interface StaffRepository {
  /** Refuses a login name already used in the tenant. */
  insert(
    member: StaffMember,
  ): Promise<{ readonly outcome: "inserted" } | { readonly outcome: "login_taken" }>;
  get(tenantId: string, id: string): Promise<StaffMember | null>;
  /** Staff newest first. */
  list(tenantId: string, page: PageQuery): Promise<StaffMember[]>;
  /** Replaces every field of the stored member (same id); refuses a login name another member uses. */
  update(
    tenantId: string,
    member: StaffMember,
  ): Promise<{ readonly outcome: "updated" } | { readonly outcome: "not_found" | "login_taken" }>;
  /** Deletes the member; false when absent. */
  delete(tenantId: string, id: string): Promise<boolean>;
}

/** Result of {@link StockRepository.moveCodes}. */
export type CodeMove =
  | { readonly outcome: "moved"; readonly count: number; readonly document: StockDocument }
  /** Some code of the range is not held by `expectedHolder` (held elsewhere, or already moved by a concurrent scan). */
  | { readonly outcome: "holder_mismatch"; readonly mismatched: number }
  /** The document does not exist in the tenant or is closed; nothing moved. */
  | { readonly outcome: "document_not_open" }
  /** The package's aggregation changed since `conditions.aggregationVersion`; nothing moved. */
  | { readonly outcome: "aggregation_changed"; readonly version: number }
  /** `conditions.refuseVoided` and an active void or recall entry covers a code of the move. */
  | { readonly outcome: "voided"; readonly entryId: string };

/** Extra conditions and effects of {@link StockRepository.moveCodes}. */
export interface MoveConditions {
  /**
   * The serials to move instead of `item.range` (of its package), ascending
   * and disjoint: a re-packed unit. Each segment is recorded as an item of
   * its own, `item` with its `range` replaced by the segment.
   */
  readonly segments?: readonly SerialSegment[];
  /** Move only while the package's aggregation version still equals this. */
  readonly aggregationVersion?: number;
  /** Refuse when an active void or recall entry covers any code of the move. */
  readonly refuseVoided?: boolean;
  /**
   * The move destroys its codes (a destruction document): record a
   * `destroyed` lifecycle entry per segment (`documentId` the item's,
   * `createdBy`/`createdAt` its scan) and increment the package's status
   * version, in the same atomic step.
   */
  readonly destroys?: { readonly entryIds: readonly string[] };
}

/** Current holder of one code. */
export interface CodeHolding {
  /** The enterprise holding the code; `null` once it left circulation (destroyed, sampled, ...). */
  readonly enterpriseId: string | null;
  /** The document that moved it there. */
  readonly documentId: string;
  readonly since: string;
}

/** An item with its document. */
export interface StockItemWithDocument {
  readonly item: StockDocumentItem;
  readonly document: StockDocument;
}

/** Storage of stock documents and code holdings, scoped by tenant. */
export interface StockRepository {
  insertDocument(document: StockDocument): Promise<void>;
  getDocument(tenantId: string, id: string): Promise<StockDocument | null>;
  /** Documents newest first; `enterpriseId` matches the issuer or the receiver. */
  listDocuments(
    tenantId: string,
    filter: { readonly enterpriseId?: string; readonly status?: "open" | "closed" },
    page: PageQuery,
  ): Promise<StockDocument[]>;
  /**
   * Closes an open document (no more scans), setting `updatedAt`; a closed
   * document is returned unchanged; `null` when it does not exist.
   */
  closeDocument(tenantId: string, id: string, at: string): Promise<StockDocument | null>;
  /**
   * Moves every code of the range from `expectedHolder` to `newHolder`, all or
   * nothing, and records the item on the open document (its `codeCount`
   * grows by the range size, `updatedAt` becomes `item.scannedAt`), in one
   * atomic step. `expectedHolder` `undefined` means "not held by anyone yet"
   * (codes entering circulation; a code that left circulation is held by
   * `null` and never re-enters); `newHolder` `null` means the codes leave
   * circulation. Two operators scanning the same case at once: exactly one
   * move succeeds, the other gets `holder_mismatch`. Ranges name codes of
   * the package (callers derive them from its layout); an adapter may count
   * a serial without a code as a mismatch. Every move of a package's codes
   * is serialised with changes of the package's aggregation
   * (`AggregationRepository.apply`): it runs entirely before or after one.
   * `conditions` adds segments, checks and the destruction record (see
   * {@link MoveConditions}); a refused move changes nothing.
   */
  moveCodes(
    tenantId: string,
    item: StockDocumentItem,
    expectedHolder: string | null | undefined,
    newHolder: string | null,
    conditions?: MoveConditions,
  ): Promise<CodeMove>;
  /** The current holder of a code, or `null` when it never entered circulation. */
  holderOf(tenantId: string, packageId: string, serial: number): Promise<CodeHolding | null>;
  /** Items whose range covers the code, oldest first, with their documents. */
  itemsForCode(
    tenantId: string,
    packageId: string,
    serial: number,
  ): Promise<StockItemWithDocument[]>;
  /** Items of a package (any range within it), in scan order, with their documents (EPCIS export). */
  itemsForPackage(
    tenantId: string,
    packageId: string,
    page: { readonly offset: number; readonly limit: number },
  ): Promise<StockItemWithDocument[]>;
  /** Items of a document in scan order. */
  listItems(
    tenantId: string,
    documentId: string,
    page: { readonly offset: number; readonly limit: number },
  ): Promise<StockDocumentItem[]>;
}

/** Filters of {@link ScanRepository.listAlerts}. */
export interface AlertFilter {
  readonly code?: string;
  readonly enterpriseId?: string;
  readonly scanRegion?: string;
  /** `detectedAt` at or after this ISO time. */
  readonly from?: string;
  /** `detectedAt` before this ISO time. */
  readonly to?: string;
}

/** Filters of {@link ScanRepository.listCountAlerts}. */
export interface CountAlertFilter {
  readonly code?: string;
  readonly kind?: ScanCountAlertKind;
  readonly batchId?: string;
  /** `detectedAt` at or after this ISO time. */
  readonly from?: string;
  /** `detectedAt` before this ISO time. */
  readonly to?: string;
}

/** Changes of {@link ScanRepository.updateAlertSettings}: the thresholds given, and when. */
export type AlertSettingsChanges = Partial<ScanCountThresholds> & { readonly updatedAt: string };

/**
 * Storage of consumer scans, statistics, diversion and count alerts,
 * count-alert settings and inspection reports, scoped by tenant.
 */
export interface ScanRepository {
  /**
   * Appends the scan and updates the code's statistics in one atomic step,
   * returning the statistics right after this scan: N concurrent scans of
   * one code raise its count by exactly N, and their calls see the counts
   * 1 to N above the count before, each once. The first recorded scan of a
   * code sets `firstScannedAt` and `firstRegion`. Distinct non-null
   * visitors are counted exactly, and so are each visitor's scans of the
   * code (`visitorScans`: the k-th scan of one visitor sees k, also under
   * concurrency); distinct regions are tallied up to `suspicion.regions` + 1
   * (a value seen before never counts twice). A scan passed as `genuine`
   * that, with its own visitor and region counted, makes more than
   * `suspicion.visitors` distinct visitors or `suspicion.regions` regions is
   * stored as `suspicious`, so the record shows the verdict the consumer
   * got; other verdicts are stored as given. Each threshold is an integer
   * from 1 to `SCAN_THRESHOLD_MAX`; every adapter records scans under any
   * of them (and may refuse others with a `RangeError`). Adapters may group
   * concurrent scans into one write, but resolve each call only once its
   * scan is durable.
   *
   * Idempotent by scan id: a scan whose id the code has stored already (a
   * repeated call, or a write retried after its connection failed) is not
   * stored or counted again, and the call answers the code's statistics as
   * they are now (`visitorScans`: the scan's visitor's scans now). So a
   * scan is counted exactly once whatever fails; when
   * storage stays unreachable the call fails with `SERVICE_UNAVAILABLE`
   * (the scan may then be stored, and is counted once).
   */
  record(scan: ScanRecord, suspicion: SuspicionThreshold): Promise<RecordedScanStats>;
  /** The code's statistics without recording anything, or `null` when never scanned. */
  stats(tenantId: string, code: string): Promise<ScanStats | null>;
  /** A code's scans, newest first. */
  listForCode(tenantId: string, code: string, page: PageQuery): Promise<ScanRecord[]>;
  /** How many scans the tenant has recorded (all codes, known or not). */
  count(tenantId: string): Promise<number>;
  /**
   * Stores the alert unless the tenant already has one for the same `code`
   * and `scanRegion` (a unique constraint, so concurrent inserts of one pair:
   * exactly one is stored). True when stored, false for such a duplicate.
   */
  insertAlert(alert: DiversionAlert): Promise<boolean>;
  /** Alerts newest first, filtered. */
  listAlerts(tenantId: string, filter: AlertFilter, page: PageQuery): Promise<DiversionAlert[]>;
  /**
   * Stores the count alert unless the tenant already has one for the same
   * `code` and `kind` (a unique constraint, so concurrent inserts of one
   * pair: exactly one is stored). True when stored, false for such a
   * duplicate.
   */
  insertCountAlert(alert: ScanCountAlert): Promise<boolean>;
  /** Count alerts newest first, filtered. */
  listCountAlerts(
    tenantId: string,
    filter: CountAlertFilter,
    page: PageQuery,
  ): Promise<ScanCountAlert[]>;
  /** The tenant's count-alert settings, or `null` when it never set any. */
  alertSettings(tenantId: string): Promise<ScanCountAlertSettings | null>;
  /**
   * Changes the thresholds present in `changes` (others keep their value,
   * `null` when never set) and `updatedAt`, creating the settings when
   * absent, in one atomic step; returns the stored settings. Concurrent
   * updates of different thresholds both take effect.
   */
  updateAlertSettings(
    tenantId: string,
    changes: AlertSettingsChanges,
  ): Promise<ScanCountAlertSettings>;
  insertReport(report: InspectionReport): Promise<void>;
  /** Reports newest first, filtered. */
  listReports(
    tenantId: string,
    filter: { readonly code?: string; readonly inspectorId?: string },
    page: PageQuery,
  ): Promise<InspectionReport[]>;
}

/** The alert half of {@link ScanRepository}: diversion and count alerts and count-alert settings. */
export type ScanAlertMethods = Pick<
  ScanRepository,
  | "insertAlert"
  | "listAlerts"
  | "insertCountAlert"
  | "listCountAlerts"
  | "alertSettings"
  | "updateAlertSettings"
>;

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

export type { CodeRange };
