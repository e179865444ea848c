import type { CustomField, CustomFieldInput } from "../custom-field.js";
import type { ScanCountThresholds } from "../scans/scan-count-alert.js";

/** Scan-page templates (小程序模板). */
export type ScanTemplateKind = "basic" | "identity" | "brand";

/**
 * How the scan page looks: `basic` highlights the verification result,
 * `identity` shows the product (video cards), `brand` opens with a brand video.
 */
export interface ScanTemplate {
  readonly kind: ScanTemplateKind;
  /** Header image URL, or `null` for the default. */
  readonly headerImage: string | null;
  /** `brand` only: the header video URL. */
  readonly brandVideo: string | null;
  readonly showScanHistory: boolean;
  readonly showAuthenticityCheck: boolean;
}

/** Batch states: `inactive → active ⇄ frozen`. Only an active batch answers scans with its trace information. */
export type TraceBatchStatus = "inactive" | "active" | "frozen";

/** Product information frozen into a batch when it is sealed (later product edits do not change it). */
export interface SealedProductInfo {
  readonly name: string;
  readonly specification: string;
  readonly description: string;
  readonly images: readonly string[];
  readonly gtin: string | null;
}

/** Where a subject's seal sits in the tenant's ledger. */
export interface SealReference {
  readonly sequence: number;
  readonly hash: string;
  readonly sealedAt: string;
}

/**
 * A trace batch (溯源批次): every item of the batch shares its trace
 * information. Codes are bound to it package by package; a code belongs to
 * at most one batch.
 */
export interface TraceBatch {
  readonly id: string;
  readonly tenantId: string;
  /** 1-50 characters, unique within the tenant. */
  readonly batchNumber: string;
  readonly merchantId: string;
  readonly productId: string;
  /** `YYYY-MM-DD`. */
  readonly productionDate: string;
  /** Shelf life in days, or `null`. */
  readonly shelfLifeDays: number | null;
  /** `YYYY-MM-DD`: production date + shelf life, or `null` without a shelf life. */
  readonly expiryDate: string | null;
  readonly remark: string;
  /** Up to 30, in display order. */
  readonly customFields: readonly CustomField[];
  readonly template: ScanTemplate;
  /**
   * The count-alert (查询次数超限) thresholds of this batch's codes, in place
   * of the tenant's settings; `null`: the tenant's apply. Like the template
   * it is presentation, editable after sealing.
   */
  readonly countAlert: ScanCountThresholds | null;
  readonly status: TraceBatchStatus;
  /**
   * When the batch first became `active` (its codes activated); freezing and
   * re-activating keep it. `null` while it was never active.
   */
  readonly activatedAt: string | null;
  /** Codes in the packages bound to the batch. */
  readonly codeCount: number;
  /** Set once sealed: the sealed trace and product information can never change again. */
  readonly seal: SealReference | null;
  /** The product information as sealed; `null` until sealed. */
  readonly sealedProduct: SealedProductInfo | null;
  /** Increases with every change; scan caches are keyed by it. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `traceBatches.create`. */
export interface NewTraceBatchInput {
  readonly batchNumber: string;
  readonly productId: string;
  readonly productionDate: string;
  readonly shelfLifeDays?: number | null;
  readonly remark?: string;
  readonly customFields?: readonly CustomFieldInput[];
  /** Defaults to `basic` with scan history and authenticity check shown. */
  readonly template?: Partial<ScanTemplate>;
  /** Count-alert thresholds in place of the tenant's (both keys required); default `null`. */
  readonly countAlert?: ScanCountThresholds | null;
}

/** Input of `traceBatches.update`: only the listed fields change; trace fields are frozen once sealed. */
export interface TraceBatchPatchInput {
  readonly batchNumber?: string;
  readonly productionDate?: string;
  readonly shelfLifeDays?: number | null;
  readonly remark?: string;
  readonly customFields?: readonly CustomFieldInput[];
  /** The template stays editable after sealing (it is presentation, not trace information). */
  readonly template?: Partial<ScanTemplate>;
  /** Editable after sealing too; `null` goes back to the tenant's settings. */
  readonly countAlert?: ScanCountThresholds | null;
}
