import type { Page, PageRequest } from "../kernel/pagination.js";
import type { TenantContext } from "../kernel/tenant.js";
import type {
  NewTraceBatchInput,
  TraceBatch,
  TraceBatchPatchInput,
  TraceBatchStatus,
} from "./batches/trace-batch.js";
import type {
  Enterprise,
  EnterprisePatchInput,
  InspectionReport,
  LocatedCode,
  NewEnterpriseInput,
  NewStockDocumentInput,
  StaffInput,
  StaffMember,
  StockDocument,
  StockDocumentItem,
  StockScanResult,
} from "./distribution/distribution.js";
import type {
  ProductionLine,
  ProductionLineInput,
  ProductionTask,
  ProductionTaskInput,
  ProductionTaskStatus,
} from "./production/production.js";
import type {
  ConsumerScanInput,
  DiversionAlert,
  ScanRecord,
  ScanResult,
  SuspicionThreshold,
} from "./scans/scan.js";
import type {
  ScanCountAlert,
  ScanCountAlertKind,
  ScanCountAlertSettings,
  ScanCountAlertSettingsInput,
} from "./scans/scan-count-alert.js";
import type { LedgerEntry, SealVerification } from "./seals/ledger.js";

/** Options of the trace module, under `createOneCode({ trace })`. */
export interface TraceOptions {
  /** When scans turn `suspicious` (default: more than 5 visitors or 3 regions). */
  readonly suspicion?: SuspicionThreshold;
  /** Public scans allowed per client IP, counted across tenants (default 60 per 60,000 ms). */
  readonly scanRateLimit?: { readonly limit: number; readonly windowMs: number };
  /**
   * How long scan resolutions stay in the hot-state cache, ms (default
   * 300,000). Codes without a batch are cached at most 30,000 ms, since a
   * later bind cannot reach their entries.
   */
  readonly scanCacheTtlMs?: number;
  /**
   * Every consumer-scan answer takes at least this long, ms (default 0): with
   * a small floor, known and unknown codes fall into the same timing class
   * even when caches make known codes fast.
   */
  readonly scanMinDurationMs?: number;
  /**
   * How many resolved codes each process keeps in memory, least recently
   * used forgotten first (default 100,000, about 15 MB; 0 turns it off). It
   * spares the storage look-up of a code's location on repeat scans. A
   * cached location (package, serial, batch) is used only while its
   * batch's page data, read from hot state on every scan, still lists the
   * code's package, so it is never stale in effect; "no such code" is
   * cached for at most 30 s (`UNBOUND_CODE_TTL_MS`), so codes generated
   * later are found.
   */
  readonly scanLocalCacheEntries?: number;
}

/** Trace batch use cases (`onecode.traceBatches`). Reads need `trace.read`, writes `trace.manage`. */
export interface TraceBatchService {
  /**
   * Creates an inactive batch of an existing product (the merchant is the
   * product's); `BATCH_NUMBER_TAKEN` when the tenant uses the number already.
   *
   * @example
   * ```ts
   * const batch = await onecode.traceBatches.create(ctx, {
   *   batchNumber: "20260401-A",
   *   productId: product.id,
   *   productionDate: "2026-04-01",
   *   shelfLifeDays: 365,
   *   customFields: [{ title: "产地", type: "text", content: "杭州", showOnScan: true }],
   * });
   * await onecode.traceBatches.bindPackage(ctx, batch.id, pkg.id);
   * await onecode.traceBatches.setStatus(ctx, batch.id, "active");
   * ```
   */
  create(ctx: TenantContext, input: NewTraceBatchInput): Promise<TraceBatch>;
  get(ctx: TenantContext, id: string): Promise<TraceBatch>;
  list(
    ctx: TenantContext,
    filter?: {
      productId?: string;
      merchantId?: string;
      status?: TraceBatchStatus;
      batchNumber?: string;
    },
    page?: PageRequest,
  ): Promise<Page<TraceBatch>>;
  /** Edits fields; `SEALED` for trace fields of a sealed batch. */
  update(ctx: TenantContext, id: string, patch: TraceBatchPatchInput): Promise<TraceBatch>;
  /** `inactive → active`, `active ⇄ frozen`; `INVALID_STATE_TRANSITION` otherwise. */
  setStatus(ctx: TenantContext, id: string, status: TraceBatchStatus): Promise<TraceBatch>;
  /** Deletes a batch with no packages bound (`BATCH_HAS_PACKAGES`) and no production tasks (`BATCH_HAS_TASKS`). */
  delete(ctx: TenantContext, id: string): Promise<void>;
  /**
   * Binds a succeeded code package (generated or uploaded) of the batch's
   * merchant to an inactive, unsealed batch. The package must name the
   * batch's product or no product (`VALIDATION_FAILED` on `packageId` with
   * `merchant_mismatch` / `product_mismatch`); a product-less package's codes
   * are added to the product's bound-code count in the same transaction.
   * `PACKAGE_ALREADY_BOUND` names the batch holding the package.
   */
  bindPackage(ctx: TenantContext, id: string, packageId: string): Promise<TraceBatch>;
  /** Unbinds a package while the batch is inactive and unsealed, reversing the bind's counts. */
  unbindPackage(ctx: TenantContext, id: string, packageId: string): Promise<TraceBatch>;
  listPackages(ctx: TenantContext, id: string): Promise<string[]>;
  /** The batch's events as a GS1 EPCIS 2.0 JSON-LD document, streamed as text chunks. */
  exportEpcis(ctx: TenantContext, id: string): AsyncIterable<string>;
}

/** Production use cases (`onecode.production`). Reads need `trace.read`, writes `trace.manage`. */
export interface ProductionService {
  createLine(ctx: TenantContext, input: ProductionLineInput): Promise<ProductionLine>;
  getLine(ctx: TenantContext, id: string): Promise<ProductionLine>;
  listLines(ctx: TenantContext, page?: PageRequest): Promise<Page<ProductionLine>>;
  updateLine(
    ctx: TenantContext,
    id: string,
    input: Partial<ProductionLineInput>,
  ): Promise<ProductionLine>;
  deleteLine(ctx: TenantContext, id: string): Promise<void>;
  createTask(ctx: TenantContext, input: ProductionTaskInput): Promise<ProductionTask>;
  getTask(ctx: TenantContext, id: string): Promise<ProductionTask>;
  listTasks(
    ctx: TenantContext,
    filter?: { batchId?: string; lineId?: string; status?: ProductionTaskStatus },
    page?: PageRequest,
  ): Promise<Page<ProductionTask>>;
  /** Edits a draft; effective and ineffective tasks never change. */
  updateTask(
    ctx: TenantContext,
    id: string,
    input: Partial<ProductionTaskInput>,
  ): Promise<ProductionTask>;
  /** `draft → effective` (snapshots the line) or `effective → ineffective`. */
  setTaskStatus(
    ctx: TenantContext,
    id: string,
    status: "effective" | "ineffective",
  ): Promise<ProductionTask>;
  /** Deletes a draft. */
  deleteTask(ctx: TenantContext, id: string): Promise<void>;
}

/** Sealing use cases (`onecode.seals`). Sealing needs `trace.seal`; verifying `trace.read`. */
export interface SealService {
  /**
   * Seals the batch's trace and product information: appends a ledger entry
   * (content hashed canonically, chained to the previous entry), freezes the
   * sealed fields, and records a `ledger.entry_sealed` outbox event in the
   * same transaction. The entry comes back unanchored (`anchorId` null): the
   * outbox dispatcher (`onecode.outbox.dispatch`) hands it to the
   * ledger-anchor port after the commit, retrying a failing anchor with
   * backoff and parking it as a dead event when it keeps failing.
   * `BATCH_HAS_NO_CODES` without a bound package, `SEALED` when sealed
   * already.
   *
   * @example
   * ```ts
   * const entry = await onecode.seals.sealBatch(ctx, batch.id);
   * const check = await onecode.seals.verifySeal(ctx, batch.id); // { valid: true, entries: 1, problems: [] }
   * ```
   */
  sealBatch(ctx: TenantContext, batchId: string): Promise<LedgerEntry>;
  /** Seals an effective production task (`INVALID_STATE_TRANSITION` otherwise, `SEALED` when sealed already). */
  sealTask(ctx: TenantContext, taskId: string): Promise<LedgerEntry>;
  /**
   * Recomputes the batch's sealed content from stored rows and checks its
   * entry and its link. `NOT_FOUND` when the batch was never sealed.
   */
  verifySeal(ctx: TenantContext, batchId: string): Promise<SealVerification>;
  /** Walks the tenant's whole chain: links, entry hashes, and every sealed subject's content. */
  verifyChain(ctx: TenantContext): Promise<SealVerification>;
  listEntries(
    ctx: TenantContext,
    query?: { afterSequence?: number; limit?: number },
  ): Promise<LedgerEntry[]>;
  /**
   * For schedulers: anchors unanchored entries of every tenant (those sealed
   * before the outbox anchored them, or whose event an operator discarded);
   * returns how many it anchored.
   */
  anchorPending(options?: { limit?: number }): Promise<number>;
}

/**
 * Distribution use cases (`onecode.distribution`). Reads need
 * `distribution.read`; enterprise writes `distribution.manage`, staff
 * writes `staff.manage`, stock documents `stock.move`.
 */
export interface DistributionService {
  /**
   * A root enterprise, or a child of `input.parentId` ("add child"). Admin only.
   *
   * @example
   * ```ts
   * const factory = await onecode.distribution.createEnterprise(ctx, {
   *   name: "杭州工厂",
   *   salesRegion: "CN-ZJ",
   *   socialCreditCode: "91350100M000100Y43",
   * });
   * const dealer = await onecode.distribution.createEnterprise(ctx, {
   *   parentId: factory.id,
   *   name: "广东经销商",
   *   salesRegion: "CN-GD",
   * });
   * const sale = await onecode.distribution.createDocument(ctx, {
   *   outboundType: "sale",
   *   fromEnterpriseId: factory.id,
   *   toEnterpriseId: dealer.id,
   *   consumerVisible: true,
   * });
   * await onecode.distribution.scanIntoDocument(ctx, sale.id, caseCode); // moves the whole case
   * ```
   */
  createEnterprise(ctx: TenantContext, input: NewEnterpriseInput): Promise<Enterprise>;
  /** "Add sibling": a new enterprise under the same parent as `siblingId`. Admin only. */
  createSibling(
    ctx: TenantContext,
    siblingId: string,
    input: Omit<NewEnterpriseInput, "parentId">,
  ): Promise<Enterprise>;
  getEnterprise(ctx: TenantContext, id: string): Promise<Enterprise>;
  listChildren(
    ctx: TenantContext,
    parentId: string | null,
    page?: PageRequest,
  ): Promise<Page<Enterprise>>;
  updateEnterprise(
    ctx: TenantContext,
    id: string,
    patch: EnterprisePatchInput,
  ): Promise<Enterprise>;
  /**
   * Moves the enterprise with its subtree under `newParentId` (`null`: a
   * root); `VALIDATION_FAILED` (`newParentId`, `no_cycle`) under itself or a
   * descendant.
   */
  moveEnterprise(ctx: TenantContext, id: string, newParentId: string | null): Promise<Enterprise>;
  /** Deletes an enterprise with no children, held codes or documents; `ENTERPRISE_NOT_EMPTY` with the counts otherwise. */
  deleteEnterprise(ctx: TenantContext, id: string): Promise<void>;

  /** A staff app user (admin only); `LOGIN_NAME_TAKEN` when the login is used in the tenant, ignoring case. */
  createStaff(ctx: TenantContext, input: StaffInput): Promise<StaffMember>;
  getStaff(ctx: TenantContext, id: string): Promise<StaffMember>;
  listStaff(ctx: TenantContext, page?: PageRequest): Promise<Page<StaffMember>>;
  updateStaff(ctx: TenantContext, id: string, input: Partial<StaffInput>): Promise<StaffMember>;
  deleteStaff(ctx: TenantContext, id: string): Promise<void>;

  /**
   * Creates a stock document after checking the flow (down the tree, or up
   * for returns). Admins, or stock operators assigned to the issuing (or,
   * inbound only, receiving) enterprise.
   */
  createDocument(ctx: TenantContext, input: NewStockDocumentInput): Promise<StockDocument>;
  getDocument(ctx: TenantContext, id: string): Promise<StockDocument>;
  listDocuments(
    ctx: TenantContext,
    filter?: { enterpriseId?: string; status?: "open" | "closed" },
    page?: PageRequest,
  ): Promise<Page<StockDocument>>;
  /** Closes a document (no more scans; closing a closed one changes nothing). Same roles as creating. */
  closeDocument(ctx: TenantContext, id: string): Promise<StockDocument>;
  /**
   * Scans a code into an open document: a packaging code of an associated
   * package moves everything beneath it. The move is all or nothing and
   * keeps exactly one current holder per code even when two operators scan
   * the same case at once (`HOLDER_MISMATCH` for the loser). `code` may be
   * a code URL or a Digital Link. Same roles as creating the document.
   */
  scanIntoDocument(ctx: TenantContext, documentId: string, code: string): Promise<StockScanResult>;
  listDocumentItems(
    ctx: TenantContext,
    documentId: string,
    page?: { offset?: number; limit?: number },
  ): Promise<StockDocumentItem[]>;
  /**
   * Where a code is: what a stock scan of it would move now, its current
   * parent, its lifecycle status, its current holder and its distribution
   * history. Staff of any role.
   */
  locateCode(ctx: TenantContext, code: string): Promise<LocatedCode>;
  /** An inspector's report about a code (needs `inspections.file`). */
  fileInspection(
    ctx: TenantContext,
    input: { code: string; region?: string | null; note: string; photos?: readonly string[] },
  ): Promise<InspectionReport>;
  /** Reports newest first: every report for admins, their own for inspectors. */
  listInspections(
    ctx: TenantContext,
    filter?: { code?: string; inspectorId?: string },
    page?: PageRequest,
  ): Promise<Page<InspectionReport>>;
}

/** Consumer scan use cases (`onecode.scans`). */
export interface ScanService {
  /**
   * The public consumer scan: resolves the code (cached in hot state),
   * records the scan, updates its statistics, raises a diversion alert when
   * the scan region differs from the current holder's sales region, and
   * answers with the verdict and the page data. Rate-limited per client IP
   * (`RATE_LIMITED`). Unknown codes get the same shape and the same work.
   * Text holding no well-formed code is refused with `VALIDATION_FAILED`.
   *
   * @example
   * ```ts
   * const result = await onecode.scans.scan({
   *   tenantId: "acme",
   *   code: "https://t.acme.example/c/Xy7Kp2mQ9rT4vW8z",
   *   ip: request.ip,
   *   visitorId: cookies.visitor,
   * });
   * if (result.verdict === "suspicious") showWarning();
   * ```
   */
  scan(input: ConsumerScanInput): Promise<ScanResult>;
  /** A code's recorded scans, newest first (staff). */
  listScans(ctx: TenantContext, code: string, page?: PageRequest): Promise<Page<ScanRecord>>;
  /** Diversion alerts, newest first, filtered (staff); `from` inclusive, `to` exclusive, ISO date-times. */
  listAlerts(
    ctx: TenantContext,
    filter?: {
      code?: string;
      enterpriseId?: string;
      scanRegion?: string;
      from?: string;
      to?: string;
    },
    page?: PageRequest,
  ): Promise<Page<DiversionAlert>>;
  /**
   * The tenant's count-alert (查询次数超限) settings (staff); both thresholds
   * `null` (off) and `updatedAt` `null` until an admin sets them.
   */
  getAlertSettings(ctx: TenantContext): Promise<ScanCountAlertSettings>;
  /**
   * Changes the given thresholds of the tenant's count-alert settings
   * (admin): each `null` (off) or an integer from 1 to `SCAN_THRESHOLD_MAX`;
   * a batch's own `countAlert` takes their place for its codes. Scans in
   * this process apply them at once, in other processes within 30 s.
   *
   * @example
   * ```ts
   * // Warn when one visitor queried a code more than 3 times, or more than 10 visitors did.
   * await onecode.scans.updateAlertSettings(ctx, { visitorScans: 3, visitors: 10 });
   * ```
   */
  updateAlertSettings(
    ctx: TenantContext,
    input: ScanCountAlertSettingsInput,
  ): Promise<ScanCountAlertSettings>;
  /**
   * Count alerts newest first, filtered (staff): at most one per code and
   * kind; `from` inclusive, `to` exclusive, ISO date-times.
   */
  listCountAlerts(
    ctx: TenantContext,
    filter?: {
      code?: string;
      kind?: ScanCountAlertKind;
      batchId?: string;
      from?: string;
      to?: string;
    },
    page?: PageRequest,
  ): Promise<Page<ScanCountAlert>>;
}
