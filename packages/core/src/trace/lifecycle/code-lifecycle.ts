import type { CodeRange } from "../distribution/distribution.js";

/** Why codes are voided (作废): the label is not to be trusted any more. */
export type VoidReason = "misprint" | "damaged" | "lost" | "other";

/** Why codes are recalled (召回): the goods are. */
export type RecallReason = "quality" | "safety" | "regulatory" | "other";

/** Reasons of `void` entries, for validation and schemas. */
export const VOID_REASONS: readonly VoidReason[] = ["misprint", "damaged", "lost", "other"];

/** Reasons of `recall` entries, for validation and schemas. */
export const RECALL_REASONS: readonly RecallReason[] = ["quality", "safety", "regulatory", "other"];

/**
 * What a lifecycle entry says of its codes:
 * - `void`: the brand withdrew the codes (misprint, damaged label, lost
 *   labels); scans answer verdict `void`;
 * - `recall`: the goods are recalled; scans answer verdict `void` too, with
 *   the recall named;
 * - `destroyed`: a stock document with outbound `destruction` moved the
 *   codes; scans answer verdict `destroyed`. Written by the move itself,
 *   never by hand, and never restored.
 */
export type CodeLifecycleKind = "void" | "recall" | "destroyed";

/**
 * One lifecycle entry: a serial range of one package that is void, recalled
 * or destroyed. A recall of a million codes is one entry, not a million
 * rows. Void and recall entries can be restored (the codes verify again
 * unless another active entry covers them); destroyed ones cannot.
 */
export interface CodeLifecycleEntry {
  /** `lcy_…`. */
  readonly id: string;
  readonly tenantId: string;
  readonly kind: CodeLifecycleKind;
  /** A {@link VoidReason} or {@link RecallReason}; `null` for `destroyed`. */
  readonly reason: VoidReason | RecallReason | null;
  /** Staff-only note, up to 500 characters (never shown to consumers). */
  readonly note: string;
  /** What scans tell consumers instead of the default text of the reason; `null`: the default. */
  readonly consumerMessage: string | null;
  readonly range: CodeRange;
  /** The code the request named, when it named one code; `null` for a serial range. */
  readonly code: string | null;
  /** `destroyed`: the destruction document that moved the codes; else `null`. */
  readonly documentId: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  /** Who restored the entry, or `null` while it is active. */
  readonly restoredBy: string | null;
  readonly restoredAt: string | null;
}

/** Input of `codeLifecycle.voidCodes`: one code, or a serial range of one package. */
export interface VoidCodesInput {
  readonly kind: "void" | "recall";
  readonly reason: VoidReason | RecallReason;
  /** A bare code, a code URL or a Digital Link; or give `packageId` with `fromSerial` and `toSerial`. */
  readonly code?: string;
  readonly packageId?: string;
  readonly fromSerial?: number;
  readonly toSerial?: number;
  readonly note?: string;
  /** Up to 200 characters shown on scans, e.g. where to return recalled goods. */
  readonly consumerMessage?: string | null;
}

/** Result of `codeLifecycle.voidCodes`. */
export interface VoidCodesResult {
  readonly entry: CodeLifecycleEntry;
  /** `false` when an active entry of the same kind and range existed: nothing changed. */
  readonly created: boolean;
}

/** Filters of `codeLifecycle.listEntries`. */
export interface LifecycleEntryFilter {
  readonly kind?: CodeLifecycleKind;
  readonly packageId?: string;
  /** Entries covering this code (bare, URL or Digital Link). */
  readonly code?: string;
  /** `true`: only active entries; `false`: only restored ones; absent: both. */
  readonly active?: boolean;
}

/**
 * The lifecycle state of one code, as scans and code location see it: the
 * entry that decides it (destroyed over void and recall, else the newest).
 */
export interface CodeStatus {
  readonly entryId: string;
  readonly kind: CodeLifecycleKind;
  readonly reason: VoidReason | RecallReason | null;
  readonly consumerMessage: string | null;
  /** When the entry was made. */
  readonly since: string;
}
