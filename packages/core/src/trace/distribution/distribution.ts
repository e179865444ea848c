import type { Role } from "../../kernel/tenant.js";
import type { CustomField, CustomFieldInput } from "../custom-field.js";
import type { SerialSegment } from "../lifecycle/aggregation.js";
import type { CodeStatus } from "../lifecycle/code-lifecycle.js";
import type { CodeHolding } from "./ports.js";

/**
 * An enterprise of the distribution tree (上下游企业): the brand's factories,
 * distributors and retailers. Goods flow from an enterprise to one of its
 * direct children, or back up to its parent for returns.
 */
export interface Enterprise {
  readonly id: string;
  readonly tenantId: string;
  /** `null` for a root. */
  readonly parentId: string | null;
  /** Ids from the root down to the parent (empty for a root). */
  readonly ancestorIds: readonly string[];
  /** 1-50 characters. */
  readonly name: string;
  readonly address: string;
  /** Sales region (销售大区) code, e.g. `CN-GD`; compared with scan regions for diversion alerts. */
  readonly salesRegion: string;
  /** Unified social credit code (统一社会信用代码): 18 characters with a valid GB 32100 check character, or `null`. */
  readonly socialCreditCode: string | null;
  /**
   * GS1 Global Location Number (13 digits, valid check digit), or `null`.
   * EPCIS exports name the enterprise by it: `https://id.gs1.org/414/<gln>`
   * as read point and business location, `https://id.gs1.org/417/<gln>` as
   * owning party.
   */
  readonly gln: string | null;
  readonly customFields: readonly CustomField[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `distribution.createEnterprise`: a root, or a child of `parentId`. */
export interface NewEnterpriseInput {
  readonly parentId?: string | null;
  readonly name: string;
  readonly address?: string;
  readonly salesRegion: string;
  readonly socialCreditCode?: string | null;
  readonly gln?: string | null;
  readonly customFields?: readonly CustomFieldInput[];
}

/** Input of `distribution.updateEnterprise` (moving is separate). */
export interface EnterprisePatchInput {
  readonly name?: string;
  readonly address?: string;
  readonly salesRegion?: string;
  readonly socialCreditCode?: string | null;
  readonly gln?: string | null;
  readonly customFields?: readonly CustomFieldInput[];
}

/**
 * A member of the brand's staff app. Their id is the actor id of their
 * `TenantContext`; a `stock_operator` may only move stock of the enterprises
 * assigned to them.
 */
export interface StaffMember {
  readonly id: string;
  readonly tenantId: string;
  /** 6-30 letters, digits, `_` or CJK characters; unique within the tenant. */
  readonly loginName: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly enterpriseIds: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `distribution.createStaff` / `updateStaff`. */
export interface StaffInput {
  readonly loginName: string;
  readonly displayName?: string;
  readonly roles: readonly Role[];
  readonly enterpriseIds?: readonly string[];
}

/** Outbound types of a stock document (出库类型). */
export type OutboundType = "sale" | "sampling" | "return" | "destruction" | "transfer" | "other";
/** Inbound types of a stock document (入库类型). */
export type InboundType = "production" | "purchase" | "return" | "transfer" | "other";

/**
 * A stock document (出入库单). Codes scanned into it move from the issuing
 * enterprise to the receiving one:
 * - outbound with a receiver: the receiver is a direct child of the issuer,
 *   or its parent when the outbound type is `return`;
 * - inbound only (`production`, `purchase`, ...): codes enter circulation at
 *   the receiver (they must not be held yet);
 * - outbound without a receiver (`destruction`, `sampling`, ...): codes leave
 *   circulation.
 */
export interface StockDocument {
  readonly id: string;
  readonly tenantId: string;
  /** Human number, e.g. `SD20260501-0001`. */
  readonly number: string;
  readonly outboundType: OutboundType | null;
  readonly inboundType: InboundType | null;
  readonly fromEnterpriseId: string | null;
  readonly toEnterpriseId: string | null;
  /** Whether consumers see this step on the scan page. */
  readonly consumerVisible: boolean;
  readonly customFields: readonly CustomField[];
  readonly status: "open" | "closed";
  /** Codes moved by this document so far. */
  readonly codeCount: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `distribution.createDocument`. */
export interface NewStockDocumentInput {
  readonly outboundType?: OutboundType | null;
  readonly inboundType?: InboundType | null;
  readonly fromEnterpriseId?: string | null;
  readonly toEnterpriseId?: string | null;
  readonly consumerVisible?: boolean;
  readonly customFields?: readonly CustomFieldInput[];
}

/** A contiguous serial range of one package: a code and, for packaging codes, everything beneath it. */
export interface CodeRange {
  readonly packageId: string;
  readonly fromSerial: number;
  readonly toSerial: number;
}

/** One scan of an operator into a document. */
export interface StockDocumentItem {
  readonly tenantId: string;
  readonly documentId: string;
  readonly range: CodeRange;
  /** The code the operator scanned: the top of the range, or of the re-packed unit the range belongs to. */
  readonly code: string;
  readonly scannedBy: string;
  readonly scannedAt: string;
}

/** Result of scanning a code into a document. */
export interface StockScanResult {
  readonly document: StockDocument;
  /** The scan as recorded (its first segment, when it moved several). */
  readonly item: StockDocumentItem;
  /**
   * Every item the scan recorded: one, or for a re-packed unit one per
   * contiguous serial segment it moved.
   */
  readonly items: readonly StockDocumentItem[];
  /** Codes moved (1 for an item code, the whole case for a packaging code). */
  readonly moved: number;
}

/** Where a code is, as `distribution.locateCode` answers. */
export interface LocatedCode {
  /**
   * The serials a stock scan of the code would move now, first to last: the
   * code's layout range (itself, and for a packaging code everything
   * beneath it) unless its unit was re-packed or unpacked.
   */
  readonly range: CodeRange;
  /** Exactly those serials, as contiguous segments of the package (one unless re-packed). */
  readonly segments: readonly SerialSegment[];
  /** The packaging code it sits in now; `null` for a top-level, loose or unaggregated code. */
  readonly parent: { readonly serial: number; readonly code: string } | null;
  /** Void, recalled or destroyed; `null` for none of these. */
  readonly status: CodeStatus | null;
  /** Its current holder; `null` before it entered circulation. */
  readonly holding: CodeHolding | null;
  /** The stock scans that moved it, oldest first. */
  readonly steps: StockDocumentItem[];
}

/** An inspection report (稽查报告) filed by a field inspector about a code. */
export interface InspectionReport {
  readonly id: string;
  readonly tenantId: string;
  readonly code: string;
  readonly inspectorId: string;
  /** Region where the inspector found the item. */
  readonly region: string | null;
  readonly note: string;
  readonly photos: readonly string[];
  readonly createdAt: string;
}
