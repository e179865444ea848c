import type { PageQuery } from "../../kernel/pagination.js";
import type { SerialSegment } from "../lifecycle/aggregation.js";
import type { Enterprise, StaffMember, StockDocument, StockDocumentItem } from "./distribution.js";

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
