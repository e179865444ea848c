/**
 * Every error code core can throw. Hosts switch on these; `@onecode/http`
 * maps each one to an HTTP status, so adding a code here is a compile error
 * there until it is mapped.
 */
export const ERROR_CODES = [
  /** Input broke a rule; `details.issues` lists each field and rule. */
  "VALIDATION_FAILED",
  /** The record does not exist for this tenant (other tenants' records look the same). */
  "NOT_FOUND",
  /** The actor lacks a role the operation needs. */
  "FORBIDDEN",
  /** A field that is fixed at creation was asked to change. */
  "FIELD_IMMUTABLE",
  /** A merchant still owns products, so it cannot be deleted. */
  "MERCHANT_HAS_PRODUCTS",
  /** A merchant has code rules or code packages, so it cannot be deleted. */
  "MERCHANT_HAS_CODES",
  /** A product has codes bound to it, so it cannot be deleted. */
  "PRODUCT_HAS_CODES",
  /** Another product of the tenant already uses this GTIN. */
  "GTIN_TAKEN",
  /** The merchant's code source does not allow this: rules and generation need `platform`, uploads `external`. */
  "CODE_SOURCE_MISMATCH",
  /** The code rule is disabled (失效) and cannot generate. */
  "CODE_RULE_DISABLED",
  /** Packages were generated with the rule, so it cannot be deleted. */
  "CODE_RULE_IN_USE",
  /** The rule's sequence segment has fewer values left than the job needs. */
  "SEQUENCE_EXHAUSTED",
  /**
   * The rule kept producing codes that already exist, so it cannot fill the
   * job: its code space is nearly used up (a failed job's `failureCode`).
   */
  "CODE_SPACE_EXHAUSTED",
  /** The uploaded file was rejected as a whole; `details.errors` lists lines and rules; nothing was imported. */
  "UPLOAD_REJECTED",
  /** The package has not finished generating (or was rejected), so it cannot be exported or printed. */
  "PACKAGE_NOT_READY",
  /** Only packages with serial numbers can be printed online. */
  "PRINT_REQUIRES_SERIALS",
  /** A state machine refused the move, e.g. shipping a print order that is not printing; `details` has both states. */
  "INVALID_STATE_TRANSITION",
  /** Another trace batch of the tenant already has this batch number. */
  "BATCH_NUMBER_TAKEN",
  /** Code packages are bound to the trace batch, so it cannot be deleted. */
  "BATCH_HAS_PACKAGES",
  /** Production tasks name the trace batch, so it cannot be deleted; `details.taskCount`. */
  "BATCH_HAS_TASKS",
  /** The package is bound to a trace batch already (a code belongs to at most one batch). */
  "PACKAGE_ALREADY_BOUND",
  /** Sealing needs at least one code package bound to the batch. */
  "BATCH_HAS_NO_CODES",
  /** The content is sealed (上链) and can never change; `details.field` when a field was touched. */
  "SEALED",
  /** Production tasks use the line, so it cannot be deleted. */
  "PRODUCTION_LINE_IN_USE",
  /** The enterprise has children, holds codes or has stock documents; `details` has the counts. */
  "ENTERPRISE_NOT_EMPTY",
  /** Goods may only flow to a direct child, or back to the parent for returns; `details.rule` says which rule broke. */
  "INVALID_FLOW",
  /**
   * A code is not held where the operation expects it: not where the
   * document moves it from (held elsewhere, or moved by a concurrent scan),
   * or, re-packing, not where the new case is.
   */
  "HOLDER_MISMATCH",
  /**
   * The code is void or recalled (`details.kind`, `details.entryId`), so it
   * cannot be scanned into this document or re-packed; or it was destroyed.
   */
  "CODE_VOIDED",
  /** Another staff member of the tenant has this login name. */
  "LOGIN_NAME_TAKEN",
  /** Too many requests for this key; `details.retryAfterMs` says when to try again. */
  "RATE_LIMITED",
  /** An operation with the same idempotency key is still running. */
  "IDEMPOTENCY_IN_PROGRESS",
  /**
   * Storage or hot state could not be reached (connection refused or lost,
   * server restarting); nothing is known to have changed, and the same call
   * may succeed later. `details.service` is `storage` or `hot_state`.
   */
  "SERVICE_UNAVAILABLE",
  /**
   * Too many concurrent writers competed for one record (a tenant's seal
   * ledger) and this call gave up; nothing changed, and the same call may
   * succeed shortly. `details.resource` names what was contended.
   */
  "BUSY",
] as const;

/** String-literal union of every {@link ERROR_CODES} entry. */
export type ErrorCode = (typeof ERROR_CODES)[number];
