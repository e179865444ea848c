import type { Page, PageRequest } from "../../kernel/pagination.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type {
  AggregationChange,
  AggregationOperation,
  RepackInput,
  UnpackInput,
} from "./aggregation.js";
import type {
  CodeLifecycleEntry,
  LifecycleEntryFilter,
  VoidCodesInput,
  VoidCodesResult,
} from "./code-lifecycle.js";

/**
 * Per-code lifecycle (`onecode.codeLifecycle`): voiding and recalling codes
 * (作废 / 召回), the destruction records stock moves leave, and unpacking
 * and re-packing packaging levels (拆箱 / 换箱) with their history. Reads
 * need `trace.read`; voids, recalls and restores need `codes.void`;
 * unpacking and re-packing need `stock.move` over the enterprise holding
 * the packaging code (admins everywhere, stock operators where assigned).
 */
export interface CodeLifecycleService {
  /**
   * Voids or recalls one code, or a serial range of one package, as one
   * entry however many codes it covers. Scans of those codes then answer
   * verdict `void` with the reason; stock documents other than returns and
   * destructions refuse them (`CODE_VOIDED`). Idempotent: when an active
   * entry of the same kind covers exactly the same range, that entry comes
   * back with `created: false` and nothing changes.
   *
   * @example
   * ```ts
   * await onecode.codeLifecycle.voidCodes(ctx, { kind: "void", reason: "misprint", code: "https://t.acme.example/c/AbC123" });
   * await onecode.codeLifecycle.voidCodes(ctx, {
   *   kind: "recall",
   *   reason: "quality",
   *   packageId: pkg.id,
   *   fromSerial: 1,
   *   toSerial: pkg.total,
   *   consumerMessage: "Return it to any store for a refund.",
   * });
   * ```
   */
  voidCodes(ctx: TenantContext, input: VoidCodesInput): Promise<VoidCodesResult>;
  /**
   * Restores an active void or recall entry: its codes verify again unless
   * another active entry covers them. Restoring a restored entry returns it
   * unchanged; a `destroyed` entry is `INVALID_STATE_TRANSITION`.
   */
  restoreEntry(ctx: TenantContext, id: string): Promise<CodeLifecycleEntry>;
  getEntry(ctx: TenantContext, id: string): Promise<CodeLifecycleEntry>;
  /** Entries newest first, filtered by kind, package, a code they cover, and active or restored. */
  listEntries(
    ctx: TenantContext,
    filter?: LifecycleEntryFilter,
    page?: PageRequest,
  ): Promise<Page<CodeLifecycleEntry>>;
  /**
   * Unpacks (拆箱) a packaging code of an associated package: its current
   * children, or only the listed ones, are detached. They then move alone,
   * and a stock scan of the emptied code moves only what is left in it.
   * Unpacking what is already out changes nothing (no history entries).
   */
  unpack(ctx: TenantContext, input: UnpackInput): Promise<AggregationOperation>;
  /**
   * Re-packs (换箱) codes into a packaging code of the same package: each
   * child must be of the level directly beneath the parent's, not void,
   * recalled or destroyed, and held where the parent is; the parent holds
   * at most as many children as its layout gives it (`VALIDATION_FAILED`,
   * rule `capacity`). Children leave their previous parent (recorded as an
   * unpack of it) and join the new one (a pack), in one atomic step.
   */
  repack(ctx: TenantContext, input: RepackInput): Promise<AggregationOperation>;
  /** The aggregation history of a code, as parent or child, oldest first. */
  aggregationHistory(ctx: TenantContext, code: string): Promise<AggregationChange[]>;
}
