import type { ErrorCode } from "../kernel/error-codes.js";
import type { PageQuery } from "../kernel/pagination.js";
import type {
  CodeLevel,
  CodePackage,
  CodePackageStatus,
  CodeRecord,
  SsccBase,
} from "./code-package.js";
import type { CodeRule } from "./code-rule.js";
import type { PrintOrder, PrintOrderStatus } from "./print-order.js";

/** Result of {@link CodeRuleRepository.insert}. */
export type CodeRuleInsertion =
  | { readonly outcome: "inserted" }
  | { readonly outcome: "merchant_not_found" };

/** Result of {@link CodeRuleRepository.delete}. */
export type CodeRuleDeletion =
  | { readonly outcome: "deleted" }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "in_use"; readonly packageCount: number };

/** Result of {@link CodeRuleRepository.reserveSequence}. */
export type SequenceReservation =
  | { readonly outcome: "reserved"; readonly first: number; readonly last: number }
  | { readonly outcome: "exhausted"; readonly remaining: number }
  | { readonly outcome: "not_found" };

/** Storage of code rules, scoped by tenant. */
export interface CodeRuleRepository {
  /** Stores a new rule; refuses (writing nothing) when its merchant does not exist in the tenant. */
  insert(rule: CodeRule): Promise<CodeRuleInsertion>;
  get(tenantId: string, id: string): Promise<CodeRule | null>;
  /** Rules newest first, optionally of one merchant. */
  list(
    tenantId: string,
    filter: { readonly merchantId?: string },
    page: PageQuery,
  ): Promise<CodeRule[]>;
  /** Changes name and/or enabled atomically; `null` when absent. Segments never change. */
  update(
    tenantId: string,
    id: string,
    changes: { readonly name?: string; readonly enabled?: boolean; readonly updatedAt: string },
  ): Promise<CodeRule | null>;
  /** Deletes a rule no package references; the check and the delete are atomic. */
  delete(tenantId: string, id: string): Promise<CodeRuleDeletion>;
  /**
   * Atomically reserves `count` consecutive values of the rule's sequence
   * segment (`sequenceNext` advances by `count`), or reserves nothing when
   * fewer than `count` remain before the segment's `end`. Concurrent
   * reservations never overlap. Rules without a sequence segment report
   * `exhausted` with 0 remaining.
   */
  reserveSequence(tenantId: string, id: string, count: number): Promise<SequenceReservation>;
}

/** Result of {@link CodePackageRepository.insert}. */
export type CodePackageInsertion =
  | { readonly outcome: "inserted" }
  | { readonly outcome: "merchant_not_found" }
  | { readonly outcome: "product_not_found" }
  | { readonly outcome: "rule_not_found" };

/** One chunk of a generation job. */
export interface CodeChunk {
  /** Serial of the first row; must equal the package's `done + 1`. */
  readonly fromSerial: number;
  /** Rows with consecutive serials from `fromSerial`, distinct codes, `tenantId`/`packageId` of the package. */
  readonly rows: readonly CodeRecord[];
  readonly updatedAt: string;
}

/** Result of {@link CodePackageRepository.writeChunk}. */
export type ChunkWrite =
  | { readonly outcome: "written"; readonly done: number }
  /** Nothing was written: these codes already exist in the tenant (may be empty after a race; retry). */
  | { readonly outcome: "conflict"; readonly codes: readonly string[] }
  /** Nothing was written: the package's progress is not `fromSerial - 1` (another writer advanced it) or it is not running. */
  | { readonly outcome: "out_of_order"; readonly done: number; readonly status: CodePackageStatus }
  | { readonly outcome: "not_found" };

/** A conditional status change of a package. */
export interface PackageStatusChange {
  /** Applied only when the current status is one of these. */
  readonly from: readonly CodePackageStatus[];
  readonly to: CodePackageStatus;
  readonly failureReason?: string | null;
  readonly failureCode?: ErrorCode | null;
  readonly updatedAt: string;
  /** Set when the package reaches a final status. */
  readonly finishedAt?: string | null;
}

/** Which codes of a package to list, in serial order. */
export interface CodeRange {
  /** Return serials strictly greater than this (0 for the start). */
  readonly afterSerial: number;
  readonly limit: number;
  /** Only codes of this level. */
  readonly level?: CodeLevel;
}

/** Result of {@link CodePackageRepository.reserveSsccReferences}. */
export type SsccReservation =
  | { readonly outcome: "reserved"; readonly first: number; readonly last: number }
  | { readonly outcome: "exhausted"; readonly remaining: number };

/** A package that still needs work, across tenants (for schedulers). */
export interface UnfinishedPackage {
  readonly tenantId: string;
  readonly id: string;
  readonly createdAt: string;
}

/** Storage of code packages and their codes, scoped by tenant. */
export interface CodePackageRepository {
  /**
   * Stores a new package. Refuses, writing nothing, when its merchant, its
   * product (if any) or one of its rules does not exist in the tenant, also
   * when one is deleted concurrently.
   */
  insert(pkg: CodePackage): Promise<CodePackageInsertion>;
  get(tenantId: string, id: string): Promise<CodePackage | null>;
  /** Packages newest first, optionally filtered. */
  list(
    tenantId: string,
    filter: { readonly merchantId?: string; readonly status?: CodePackageStatus },
    page: PageQuery,
  ): Promise<CodePackage[]>;
  /**
   * Writes one chunk of a running generated package, all or nothing, in one
   * atomic step: every row is stored and `done` advances to the last serial,
   * or nothing changes. Codes are unique per tenant (enforced by storage, not
   * by a prior read): when any row's code already exists the chunk is refused
   * with the conflicting codes, so the caller regenerates them. A crash
   * mid-write leaves no partial chunk, which is what makes jobs resumable.
   */
  writeChunk(tenantId: string, id: string, chunk: CodeChunk): Promise<ChunkWrite>;
  /** Changes the status if it is one of `change.from`; returns the package after the call, or `null` when absent. */
  setStatus(tenantId: string, id: string, change: PackageStatusChange): Promise<CodePackage | null>;
  /** Codes of a package in serial order (index-backed range scan). */
  listCodes(tenantId: string, id: string, range: CodeRange): Promise<CodeRecord[]>;
  /** The code record, or `null` when the tenant has no such code. */
  findCode(tenantId: string, code: string): Promise<CodeRecord | null>;
  /**
   * Generated packages still `queued` or `running` across all tenants, in
   * the order of (`createdAt`, `tenantId`, `id`); with `after`, only those
   * after that package in this order, so a scheduler pages through every
   * one of them.
   */
  listUnfinished(limit: number, after?: UnfinishedPackage): Promise<UnfinishedPackage[]>;
  /**
   * Atomically reserves `count` consecutive SSCC serial references of the
   * tenant's company prefix and extension digit, from 0 upward: concurrent
   * reservations never overlap and no reference is ever handed out twice.
   * Reserves nothing when fewer than `count` remain below the prefix's
   * capacity, 10^(16 - prefix length).
   */
  reserveSsccReferences(tenantId: string, base: SsccBase, count: number): Promise<SsccReservation>;
  /**
   * The tenant's packages whose AI 21 serial token (`serialTokenOf(id)`,
   * which storage indexes) is `token`: usually one, oldest first.
   */
  findBySerialToken(tenantId: string, token: string): Promise<CodePackage[]>;
}

/** A line of an uploaded file that passed the per-line checks. */
export interface StagedCode {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly code: string;
  readonly url: string;
}

/** Result of {@link CodeUploadRepository.stage}. */
export interface StagingResult {
  /** Rows whose code was already staged for this package by an earlier line; they are not staged again. */
  readonly duplicates: ReadonlyArray<{
    readonly line: number;
    readonly firstLine: number;
    readonly code: string;
  }>;
}

/** Staged lines whose code already exists in the tenant. */
export interface StagedConflicts {
  /** Up to the asked limit of them, by line number. */
  readonly lines: ReadonlyArray<{ readonly line: number; readonly code: string }>;
  /** How many there are in all. */
  readonly count: number;
}

/** Result of {@link CodeUploadRepository.commit}. */
export type UploadCommit =
  | { readonly outcome: "committed"; readonly total: number }
  | ({ readonly outcome: "conflicts" } & StagedConflicts)
  /** Nothing was imported: the tenant has no `validating` package with this id. */
  | { readonly outcome: "not_found" };

/**
 * Staging of uploaded codes: a whole file is staged, checked and then
 * imported in one atomic step, or discarded, so nothing of a rejected file
 * is ever imported.
 */
export interface CodeUploadRepository {
  /**
   * Stages rows of a `validating` upload package, reporting codes the file
   * repeats (within this call and against rows staged by earlier calls).
   * Throws when the package does not exist in the tenant (a caller bug).
   */
  stage(tenantId: string, packageId: string, rows: readonly StagedCode[]): Promise<StagingResult>;
  /**
   * Atomically imports every staged code (serials 1..n in line order, level
   * `item`, `parentSerial` null, the staged URL) and marks the package
   * `succeeded` with `quantity = total = done = n` and `updatedAt =
   * finishedAt = at`, unless any staged code already exists in the tenant:
   * then nothing is imported and up to `limit` conflicting lines are
   * returned, sorted by line, with the total `count`. Staged rows are removed
   * when committed and kept on conflicts (call `discard`).
   */
  commit(tenantId: string, packageId: string, at: string, limit: number): Promise<UploadCommit>;
  /**
   * The staged lines of the package whose code already exists in the tenant
   * (up to `limit`, by line, and their count), changing nothing. A file that
   * is rejected for other lines reports these in the same answer; `commit`
   * checks again atomically, so a code inserted in between is still caught.
   */
  findConflicts(tenantId: string, packageId: string, limit: number): Promise<StagedConflicts>;
  /** Removes every staged row of the package. */
  discard(tenantId: string, packageId: string): Promise<void>;
}

/** Result of {@link PrintOrderRepository.transition}. */
export type PrintOrderTransitionResult =
  | { readonly outcome: "updated"; readonly order: PrintOrder }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "wrong_status"; readonly status: PrintOrderStatus };

/** Storage of print orders, scoped by tenant. */
export interface PrintOrderRepository {
  insert(order: PrintOrder): Promise<void>;
  get(tenantId: string, id: string): Promise<PrintOrder | null>;
  list(
    tenantId: string,
    filter: { readonly status?: PrintOrderStatus },
    page: PageQuery,
  ): Promise<PrintOrder[]>;
  /** Moves the order from `from` to `change.status` atomically; nothing else of an order ever changes. */
  transition(
    tenantId: string,
    id: string,
    from: PrintOrderStatus,
    change: {
      readonly status: PrintOrderStatus;
      readonly trackingNumber?: string;
      readonly courier?: string | null;
      readonly updatedAt: string;
    },
  ): Promise<PrintOrderTransitionResult>;
}

/** The repositories of the codes module, gathered into the storage port. */
export interface CodesRepositories {
  readonly codeRules: CodeRuleRepository;
  readonly codePackages: CodePackageRepository;
  readonly codeUploads: CodeUploadRepository;
  readonly printOrders: PrintOrderRepository;
}
