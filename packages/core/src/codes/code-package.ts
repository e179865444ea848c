import type { ErrorCode } from "../kernel/error-codes.js";

/**
 * The packaging structure of a generation job: `single` (普通码), `two-level`
 * (二级包装码: outer and inner) or `three-level` (三级包装码: outer, middle,
 * inner).
 */
export type CodeType = "single" | "two-level" | "three-level";

/** The level of one code within its package. `single` packages only hold `item` codes. */
export type CodeLevel = "item" | "outer" | "middle" | "inner";

/**
 * Packaging ratio per outer unit, e.g. outer:inner = 1:10 is
 * `{ innerPerOuter: 10 }` and outer:middle:inner = 1:2:20 is
 * `{ middlePerOuter: 2, innerPerOuter: 20 }` (10 inner per middle).
 */
export interface PackagingRatio {
  /** Three-level only: middle units per outer unit. */
  readonly middlePerOuter?: number;
  /** Inner units per outer unit; a multiple of `middlePerOuter` for three-level. */
  readonly innerPerOuter: number;
}

/** Where a package's codes came from. */
export type CodePackageSource = "generated" | "uploaded";

/**
 * Lifecycle of a package. Generated: `queued → running → succeeded | failed`.
 * Uploaded: `validating → succeeded | rejected`.
 */
export type CodePackageStatus =
  | "queued"
  | "running"
  | "succeeded"
  | "failed"
  | "validating"
  | "rejected";

/** The rules a generated package uses, per level (the item/inner rule is required). */
export interface PackageRules {
  /** Rule of `item` codes (single) or `inner` codes (packaging types). */
  readonly item: string;
  /** Rule of `middle` codes; defaults to the item rule. */
  readonly middle?: string;
  /** Rule of `outer` codes; defaults to the item rule. */
  readonly outer?: string;
}

/** What an SSCC is built from: extension digit and GS1 company prefix; the serial reference varies. */
export interface SsccBase {
  /** 0-9, chosen by the company to extend the serial reference range. */
  readonly extensionDigit: number;
  /** The GS1 company prefix, 6-12 digits. */
  readonly companyPrefix: string;
}

/**
 * The GS1 key of a packaging level's codes, so a case is not named with its
 * item's GTIN: its own GTIN (an indicator-digit variant of the product's,
 * as 14 digits), or SSCCs of the brand's company prefix, one per code, with
 * serial references from `firstReference` on in the level's code order.
 */
export type PackagingKey =
  | { readonly kind: "gtin"; readonly gtin: string }
  | {
      readonly kind: "sscc";
      readonly extensionDigit: number;
      readonly companyPrefix: string;
      readonly firstReference: number;
    };

/** The GS1 keys of a package's packaging levels; an absent level has no GS1 key of its own. */
export type PackagingKeys = Readonly<Partial<Record<"outer" | "middle", PackagingKey>>>;

/** How a generation job asks for a packaging level's GS1 key (SSCC references are allocated). */
export type PackagingKeyInput = { readonly gtin: string } | { readonly sscc: SsccBase };

/** Sequence values reserved for a job at creation, per rule id: `[first, last]` inclusive. */
export type ReservedSequences = Readonly<Record<string, readonly [number, number]>>;

/**
 * A code package (码包): the codes of one generation job (生码任务) or one
 * upload, with the job's progress. Serial numbers run 1..total within the
 * package, outer unit by outer unit: an outer code, then for each middle its
 * code followed by its inner codes, so everything beneath a packaging code
 * is the contiguous serial range after it.
 */
export interface CodePackage {
  readonly id: string;
  readonly tenantId: string;
  readonly merchantId: string;
  readonly productId: string | null;
  readonly source: CodePackageSource;
  readonly codeType: CodeType;
  /** `null` for `single`. */
  readonly ratio: PackagingRatio | null;
  /** Whether parent/child links were recorded (有关联); always false for `single` and uploads. */
  readonly associated: boolean;
  /** Generated packages: the rules per level; `null` for uploads. */
  readonly rules: PackageRules | null;
  /** Outer units (packaging types) or codes (single, uploads). */
  readonly quantity: number;
  /** Codes in the package, all levels together (≤ 1,000,000). */
  readonly total: number;
  /** Codes written so far; equals `total` once succeeded. */
  readonly done: number;
  readonly status: CodePackageStatus;
  /**
   * Why the job failed or the upload was rejected, in words naming the cause
   * (e.g. `code rule rul_x no longer exists`); `null` otherwise. Outages of
   * storage or hot state never end up here: jobs wait them out.
   */
  readonly failureReason: string | null;
  /**
   * The error code of the failure, to switch on: `SEQUENCE_EXHAUSTED`,
   * `CODE_SPACE_EXHAUSTED`, `NOT_FOUND` (a rule was deleted),
   * `UPLOAD_REJECTED`; `null` while not failed, and for an unexpected
   * internal error (the host's `onJobError` received it).
   */
  readonly failureCode: ErrorCode | null;
  /** Whether serial numbers are exported and printed (all rules have serials; uploads: false). */
  readonly hasSerials: boolean;
  /** Sequence values reserved for this job at creation. */
  readonly reservedSequences: ReservedSequences;
  /** Uploads: the original file name. */
  readonly fileName: string | null;
  /** GS1 keys of the packaging levels (generated packaging packages only); absent: none. */
  readonly packagingKeys?: PackagingKeys;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

/** One stored code. */
export interface CodeRecord {
  readonly tenantId: string;
  /** Unique within the tenant, forever. */
  readonly code: string;
  readonly packageId: string;
  /** Position in the package, 1..total. */
  readonly serial: number;
  readonly level: CodeLevel;
  /** Serial of the parent packaging code in associated packages, else `null`. */
  readonly parentSerial: number | null;
  /** Uploaded codes keep the URL they were uploaded with; generated codes use the merchant's first prefix. */
  readonly url: string | null;
}

/** Input of `codePackages.generate`. */
export interface NewGenerationInput {
  readonly merchantId: string;
  readonly productId?: string | null;
  readonly codeType: CodeType;
  readonly rules: PackageRules;
  /** Required for packaging types. */
  readonly ratio?: PackagingRatio;
  /** Packaging types: record parent/child links (default `true`). */
  readonly associated?: boolean;
  /** Outer units for packaging types, codes for `single`. */
  readonly quantity: number;
  /**
   * Packaging types: a GS1 key per packaging level (`outer`, three-level
   * also `middle`), so cases and cartons are not identified with the
   * item's GTIN. Without one, a level's codes have no GS1 key.
   */
  readonly packagingKeys?: Readonly<Partial<Record<"outer" | "middle", PackagingKeyInput>>>;
}

/** Progress of a job as observed through `codePackages.watch`. */
export interface CodePackageProgress {
  readonly packageId: string;
  readonly status: CodePackageStatus;
  readonly done: number;
  readonly total: number;
  readonly failureReason: string | null;
  readonly failureCode: ErrorCode | null;
}
