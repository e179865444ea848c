import type { CodeSource } from "../catalog/merchant.js";
import type { CodePackageStatus } from "../codes/code-package.js";
import type { UploadLineError } from "../codes/upload-line-reader.js";
import type { CodeRange, InboundType, OutboundType } from "../trace/distribution/distribution.js";
import type { FlowRule } from "../trace/distribution/stock-flow.js";
import type { ErrorCode } from "./error-codes.js";
import type { BackingService, ValidationIssue } from "./errors.js";
import type { Capability } from "./permissions/capabilities.js";
import type { AccessTarget } from "./permissions/record-scope.js";
import type { Role } from "./tenant.js";

/**
 * The `details` of a {@link OneCodeError} for each code. Narrow to one with
 * `isOneCodeError(error, "CODE")`; core builds every error against this map,
 * so a field listed here is there when the code is. The error catalogue of
 * the guides (`docs/guides/errors.md`) is generated from this map.
 */
export interface ErrorDetailsMap {
  VALIDATION_FAILED: {
    /** Every broken rule of every field of the call, never just the first. */
    readonly issues: readonly ValidationIssue[];
  };
  NOT_FOUND: {
    /** The kind of record, e.g. `merchant`, `code rule`. */
    readonly kind: string;
    /** The id that was looked up. */
    readonly id: string;
    /** The input field that referenced the record, when there was one (e.g. `productId`). */
    readonly field?: string;
  };
  FORBIDDEN: {
    /** Id of the actor that was refused. */
    readonly actor: string;
    /** The capability the operation needs, when one was missing. */
    readonly capability?: Capability;
    /** The record the capability was refused on (its enterprise, store or owner), for scoped grants. */
    readonly target?: AccessTarget;
    /** The roles of which the operation needs one, when a role was missing (`requireRole`). */
    readonly required?: readonly Role[];
    /** The enterprise an enterprise-scoped capability was refused on (`null` when the record names none). */
    readonly enterpriseId?: string | null;
    /** The enterprises the member's staff record assigns to them (for role capabilities scoped to them). */
    readonly assigned?: readonly string[];
  };
  FIELD_IMMUTABLE: {
    /** The field that is fixed at creation, e.g. `codeSource`, `merchantId` or `dimensions.0.values`. */
    readonly field: string;
    /** Its current value, which stays. */
    readonly current: string;
  };
  MERCHANT_HAS_PRODUCTS: {
    /** Id of the record that was to be deleted. */
    readonly id: string;
    /** How many products the merchant owns. */
    readonly productCount: number;
  };
  MERCHANT_HAS_CODES: {
    /** Id of the record that was to be deleted. */
    readonly id: string;
    /** How many code rules the merchant has. */
    readonly codeRuleCount: number;
    /** How many code packages the merchant has. */
    readonly codePackageCount: number;
  };
  PRODUCT_HAS_CODES: {
    /** Id of the record that was to be deleted. */
    readonly id: string;
    /** How many codes are bound to the product. */
    readonly boundCodeCount: number;
    /** How many code packages name the product. */
    readonly codePackageCount: number;
    /** How many trace batches name the product. */
    readonly traceBatchCount: number;
  };
  GTIN_TAKEN: {
    /** The input field that carried the value. */
    readonly field: string;
    /** The GTIN that is taken. */
    readonly gtin?: string;
  };
  SKU_CODE_TAKEN: {
    /** The input field that carried the code, e.g. `code` or `skus.2.code`. */
    readonly field: string;
    /** The SKU code that is taken. */
    readonly code: string;
  };
  CODE_SOURCE_MISMATCH: {
    /** The merchant whose code source does not fit. */
    readonly merchantId: string;
    /** The merchant's code source. */
    readonly codeSource: CodeSource;
    /** The code source the operation needs. */
    readonly required: CodeSource;
  };
  CODE_RULE_DISABLED: {
    /** The disabled rule. */
    readonly id: string;
    /** The input field that named it, e.g. `ruleId`. */
    readonly field: string;
  };
  CODE_RULE_IN_USE: {
    /** Id of the record that was to be deleted. */
    readonly id: string;
    /** How many packages were generated with the rule. */
    readonly packageCount: number;
  };
  SEQUENCE_EXHAUSTED: {
    /** The rule whose sequence ran out (absent for SSCC serial references). */
    readonly ruleId?: string;
    /** For SSCC serial references: the input field, `packagingKeys.<level>.sscc`. */
    readonly field?: string;
    /** For SSCC serial references: the GS1 company prefix. */
    readonly companyPrefix?: string;
    /** For SSCC serial references: the extension digit. */
    readonly extensionDigit?: number;
    /** How many values the job needs. */
    readonly needed: number;
    /** How many values are left. */
    readonly remaining: number;
  };
  CODE_SPACE_EXHAUSTED: {
    /** First serial of the chunk that could not be filled. */
    readonly fromSerial: number;
    /** Last serial of that chunk. */
    readonly toSerial: number;
    /** How many times the rule was asked for unused codes. */
    readonly attempts: number;
  };
  UPLOAD_REJECTED: {
    /** The code package of the upload, when there is one. */
    readonly packageId?: string;
    /** How many errors the file has in all. */
    readonly errorCount: number;
    /** The errors with the lowest line numbers; `file` names the entry of a ZIP upload. */
    readonly errors: readonly (UploadLineError & { readonly file?: string })[];
  };
  PACKAGE_NOT_READY: {
    /** The code package. */
    readonly id: string;
    /** Its status, e.g. `running` or `rejected`. */
    readonly status: CodePackageStatus;
  };
  PRINT_REQUIRES_SERIALS: {
    /** The code package without serial numbers. */
    readonly id: string;
    /** The input field that named it, e.g. `packageIds.0`. */
    readonly field: string;
  };
  INVALID_STATE_TRANSITION: {
    /** The record whose state refused the move. */
    readonly id: string;
    /** Its state. */
    readonly from?: string;
    /** Its state, for records that are not moving themselves (a closed stock document). */
    readonly status?: string;
    /** The state or operation that was asked for. */
    readonly to?: string;
    /** The state the operation needs the record in. */
    readonly required?: string;
  };
  BATCH_NUMBER_TAKEN: {
    /** The input field that carried the value. */
    readonly field: string;
    /** The batch number that is taken. */
    readonly batchNumber?: string;
  };
  BATCH_HAS_PACKAGES: {
    /** Id of the record that was to be deleted. */
    readonly id: string;
    /** How many code packages are bound to the batch. */
    readonly packageCount: number;
  };
  BATCH_HAS_TASKS: {
    /** Id of the record that was to be deleted. */
    readonly id: string;
    /** How many production tasks name the batch. */
    readonly taskCount: number;
  };
  PACKAGE_ALREADY_BOUND: {
    /** The code package. */
    readonly packageId: string;
    /** The trace batch it is bound to. */
    readonly batchId: string;
  };
  BATCH_HAS_NO_CODES: {
    /** The trace batch. */
    readonly id: string;
  };
  SEALED: {
    /** The sealed batch or task. */
    readonly id: string;
    /** The trace field that was to change. */
    readonly field?: string;
    /** The ledger sequence of the seal, when sealing again. */
    readonly sequence?: number;
  };
  PRODUCTION_LINE_IN_USE: {
    /** Id of the record that was to be deleted. */
    readonly id: string;
    /** How many production tasks use the line. */
    readonly taskCount: number;
  };
  ENTERPRISE_NOT_EMPTY: {
    /** Id of the record that was to be deleted. */
    readonly id: string;
    /** How many child enterprises it has. */
    readonly childCount: number;
    /** How many codes it holds. */
    readonly heldCodeCount: number;
    /** How many stock documents name it. */
    readonly documentCount: number;
  };
  INVALID_FLOW: {
    /** The flow rule that broke. */
    readonly rule: FlowRule;
    /** The document's outbound type, if any. */
    readonly outboundType: OutboundType | null;
    /** The document's inbound type, if any. */
    readonly inboundType: InboundType | null;
    /** The issuing enterprise, if any. */
    readonly fromEnterpriseId: string | null;
    /** The receiving enterprise, if any. */
    readonly toEnterpriseId: string | null;
  };
  HOLDER_MISMATCH: {
    /** The scanned or packing code. */
    readonly code: string;
    /** The stock document that was to move it. */
    readonly documentId?: string;
    /** The enterprise that should hold the codes (`null`: nobody, or out of circulation). */
    readonly expectedHolder: string | null;
    /** How many codes are held elsewhere. */
    readonly mismatched: number;
    /** The serial range of the document item. */
    readonly range?: CodeRange;
  };
  CODE_VOIDED: {
    /** The code that is void, recalled or destroyed (or holds one). */
    readonly code: string;
    /** The stock document that was to move it. */
    readonly documentId?: string;
    /** The lifecycle entry that voided, recalled or destroyed it. */
    readonly entryId: string;
    /** `void`, `recall` or `destroyed`, when re-packing. */
    readonly kind?: string;
  };
  LOGIN_NAME_TAKEN: {
    /** The input field that carried the value. */
    readonly field: string;
    /** The login name that is taken. */
    readonly loginName: string;
  };
  RATE_LIMITED: {
    /** How long to wait before the next attempt. */
    readonly retryAfterMs: number;
    /** How many attempts the window allows. */
    readonly limit: number;
    /** The length of the window. */
    readonly windowMs: number;
  };
  IDEMPOTENCY_IN_PROGRESS: Record<string, never>;
  PAYMENT_NOTIFICATION_MISMATCH: {
    /** The id of the payment the notification names. */
    readonly paymentId: string;
    /** The field that differs: `kind`, `amount` or `currency`. */
    readonly field: "kind" | "amount" | "currency";
    /** The stored value. */
    readonly stored: string | number;
    /** The notified value. */
    readonly notified: string | number;
  };
  SERVICE_UNAVAILABLE: {
    /** The backing service that could not be reached. */
    readonly service: BackingService;
  };
  REGION_NOT_DELIVERED: {
    /** The region asked for, e.g. `CN-XZ`. */
    readonly regionCode: string;
    /** The freight template, when it is a stored one. */
    readonly templateId?: string;
  };
  SELF_PICKUP_NOT_OFFERED: {
    /** The freight template, when it is a stored one. */
    readonly templateId?: string;
  };
  STOCK_EXHAUSTED: {
    /** The SKU short of stock. */
    readonly skuId: string;
    /** Units asked for. */
    readonly requested: number;
    /** Units left when it was checked. */
    readonly available: number;
    /** The input field naming the SKU, e.g. `lines.0.skuId`. */
    readonly field?: string;
  };
  SENDER_NOT_CONFIGURED: {
    /** The order setting to save first: `sender`. */
    readonly setting: "sender";
  };
  ALREADY_VERIFIED: {
    /** The order whose code it is. */
    readonly orderId: string;
    /** When it was verified. */
    readonly verifiedAt: string;
    /** Actor id of who verified it. */
    readonly verifiedBy: string | null;
  };
  QUIET_HOURS: {
    /** The tenant's IANA time zone the quiet hours are counted in. */
    readonly timeZone: string;
    /** The local wall-clock time (`HH:MM`) of the refusal. */
    readonly localTime: string;
    /** ISO-8601 instant the quiet hours end, or `null` when they never do (a whole-day window). */
    readonly resumesAt: string | null;
  };
  CUSTOMER_BLACKLISTED: {
    readonly customerId: string;
  };
  POINTS_INSUFFICIENT: {
    readonly customerId: string;
    /** Points the customer holds now. */
    readonly balance: number;
    /** Points the change takes. */
    readonly required: number;
  };
  POINTS_ALREADY_CHECKED_IN: {
    readonly customerId: string;
    /** The local date (`YYYY-MM-DD`, tenant zone) already checked in. */
    readonly date: string;
  };
  MEMBER_LEVEL_PROTECTED: {
    readonly levelId: string;
  };
  MEMBER_TAG_NAME_TAKEN: {
    readonly name: string;
  };
  COUPON_STATE: {
    readonly couponId: string;
    /** The coupon's status (`draft`, `published`, `abandoned`), or its kind for what a kind cannot do. */
    readonly status: string;
    /** What was refused, e.g. `update`, `distribute`, `claim`. */
    readonly action: string;
  };
  COUPON_SHORT: {
    readonly couponId: string;
    /** Codes asked for. */
    readonly requested: number;
    /** Unassigned codes left when it was checked. */
    readonly available: number;
  };
  COUPON_IN_USE: {
    readonly couponId: string;
  };
  COUPON_CODE_TAKEN: {
    /** The code text. */
    readonly code: string;
    /** The input field holding it. */
    readonly field: string;
  };
  COUPON_CLAIM_LIMIT: {
    readonly couponId: string;
    /** Codes one customer may claim. */
    readonly limit: number;
  };
  COUPON_UNUSABLE: {
    /** The input field naming the code: `pricingOptions.couponCode`. */
    readonly field: string;
    /** Why it cannot be used. */
    readonly reason:
      | "unknown"
      | "not_held"
      | "used"
      | "not_started"
      | "expired"
      | "abandoned"
      | "exhausted"
      | "limit_reached";
  };
  BUSY: {
    /** What was contended, e.g. `ledger`. */
    readonly resource: string;
    /** How many attempts were made. */
    readonly attempts: number;
  };
  PRICING_COUPON_NOT_APPLICABLE: {
    /** The input naming the coupon: `pricingOptions.couponCode`. */
    readonly field: string;
    /** The coupon (券) id. */
    readonly couponId: string;
    /** `threshold` (not reached) or `no_eligible_lines` (every line excluded or out of scope). */
    readonly reason: "threshold" | "no_eligible_lines";
    /** The coupon's threshold, minor units. */
    readonly threshold: number;
    /** The scoped amount entering the coupon step, minor units. */
    readonly amount: number;
  };
  PRICING_POINTS_OVER_BALANCE: {
    /** The input naming the points: `pricingOptions.points`. */
    readonly field: string;
    /** Points asked for. */
    readonly requested: number;
    /** Points the customer holds. */
    readonly balance: number;
  };
  PRICING_POINTS_OVER_CAP: {
    /** The input naming the points: `pricingOptions.points`. */
    readonly field: string;
    /** Points asked for. */
    readonly requested: number;
    /** The most points that may pay this order. */
    readonly maxPoints: number;
  };
  ACTIVITY_CONFLICT: {
    /** The activity already covering the product. */
    readonly activityId: string;
    readonly activityName: string;
    /** A product both cover, or `null` when both cover all products. */
    readonly productId: string | null;
  };
  LIMITED_DISCOUNT_SKU_TAKEN: {
    /** The SKU both discounts would contain. */
    readonly skuId: string;
    /** The other discount, whose validity overlaps. */
    readonly discountId: string;
  };
  LIMITED_DISCOUNT_NEVER_RUNS: {
    /** The recurrence field that never matches, e.g. `recurrence.days`. */
    readonly field: string;
  };
  LIMITED_DISCOUNT_LIMIT_EXCEEDED: {
    readonly discountId: string;
    readonly skuId: string;
    /** Units one buyer may order under the discount. */
    readonly limit: number;
    /** Units the buyer ordered under it already. */
    readonly bought: number;
    /** Units asked for now. */
    readonly requested: number;
  };
  LIMITED_DISCOUNT_STOCK_EXHAUSTED: {
    readonly discountId: string;
    readonly skuId: string;
    /** Discounted units left. */
    readonly left: number;
  };
  WITHDRAWAL_INSUFFICIENT_BALANCE: {
    /** Minor units the distributor can withdraw now. */
    readonly available: number;
    /** Minor units asked for. */
    readonly requested: number;
  };
  FLASH_SALE_OVERLAP: {
    /** The flash sale already holding the SKU in an overlapping window. */
    readonly otherId: string;
    /** The SKU both contain. */
    readonly skuId: string;
  };
  FLASH_SALE_LIMIT_EXCEEDED: FlashUnitsRefusal;
  FLASH_SALE_SOLD_OUT: FlashUnitsRefusal;
  PRESALE_OVERLAP: {
    /** The presale whose window overlaps. */
    readonly otherId: string;
  };
  PRESALE_SOLD_OUT: {
    readonly presaleId: string;
    /** The order line, e.g. `l1`. */
    readonly lineId: string;
    readonly skuId: string;
    /** Units asked for. */
    readonly requested: number;
    /** Units of the virtual stock left. */
    readonly remaining: number;
  };
  PRIZE_FUNDS_NOT_FROZEN: {
    readonly prizeId?: string;
    /** The provider's failure code, e.g. `INSUFFICIENT_BALANCE`. */
    readonly failureCode?: string;
  };
  PRIZE_KIND_MISMATCH: {
    readonly prizeId: string;
    /** The prize's kind. */
    readonly kind: string;
    /** The kind the operation needs. */
    readonly required: string;
  };
  PRIZE_STOCK_SHORT: {
    readonly prizeId: string;
    /** Units still free to allocate or hand out. */
    readonly available: number;
    /** Units asked for. */
    readonly requested: number;
  };
  CAMPAIGN_ALLOCATION_BELOW_WON: {
    readonly slot: number;
    /** Units the slot has given out. */
    readonly won: number;
    /** The allocation asked for. */
    readonly requested: number;
  };
  CAMPAIGN_IN_USE: {
    readonly id: string;
  };
  CODE_ALREADY_PLAYED: {
    /** The code's draw, when known. */
    readonly drawId?: string;
  };
  CAMPAIGN_NOT_OPEN: {
    readonly campaignId: string;
    readonly reason: "not_started" | "ended" | "paused" | "closed";
  };
  PRIZE_NOT_CLAIMABLE: {
    readonly drawId: string;
    /** The prize's state, `null` for a draw without a prize. */
    readonly prizeState: string | null;
  };
}

/** Why flash-sale units of an order line were refused. */
export interface FlashUnitsRefusal {
  readonly saleId: string;
  /** The order line, e.g. `l1`. */
  readonly lineId: string;
  readonly skuId: string;
  /** Units asked for. */
  readonly requested: number;
  /** Units the buyer may still buy (limit) or the sale has left (sold out). */
  readonly remaining: number;
}

// Indexing by every ErrorCode makes a code added to ERROR_CODES a compile error here until
// ErrorDetailsMap has its entry.
/** The `details` of the error code `C`. */
export type ErrorDetails<C extends ErrorCode> = ErrorDetailsMap[C];

/**
 * What the {@link OneCodeError} constructor takes after the message: the
 * details of `C` (optional for a code whose details have no required field)
 * and the standard error options.
 */
export type ErrorDetailsArguments<C extends ErrorCode> =
  Record<string, never> extends ErrorDetails<C>
    ? [details?: ErrorDetails<C>, options?: { cause?: unknown }]
    : [details: ErrorDetails<C>, options?: { cause?: unknown }];
