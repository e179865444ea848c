/**
 * Every error code core can throw. Hosts switch on these; `@onecode/http`
 * maps each one to an HTTP status, so adding a code here is a compile error
 * there until it is mapped.
 */
export const ERROR_CODES = [
  /**
   * Input broke a rule; `details.issues` names each field and rule, every broken rule at once;
   * nothing was written.
   */
  "VALIDATION_FAILED",
  /** No such record in this tenant (another tenant's record looks the same). */
  "NOT_FOUND",
  /** The actor lacks a capability the operation needs (`details.capability`), or a role (`details.required`). */
  "FORBIDDEN",
  /**
   * A field fixed at creation was asked to change (a merchant's `codeSource`, a product's
   * `merchantId`, the spec dimensions and values of a product's existing SKUs).
   */
  "FIELD_IMMUTABLE",
  /** The merchant still owns products (`details.productCount`). */
  "MERCHANT_HAS_PRODUCTS",
  /** The merchant has code rules or code packages. */
  "MERCHANT_HAS_CODES",
  /**
   * Codes are bound to the product or code packages name it (`details.boundCodeCount`,
   * `details.codePackageCount`).
   */
  "PRODUCT_HAS_CODES",
  /** Another product of the tenant has this GTIN. */
  "GTIN_TAKEN",
  /** Another SKU of the tenant has this SKU code (`details.field`, `details.code`). */
  "SKU_CODE_TAKEN",
  /** Rules and generation need a `platform` merchant, uploads an `external` one. */
  "CODE_SOURCE_MISMATCH",
  /** The rule is disabled and cannot generate. */
  "CODE_RULE_DISABLED",
  /** Packages were generated with the rule, so it cannot be deleted. */
  "CODE_RULE_IN_USE",
  /**
   * The rule's sequence, or an SSCC company prefix and extension digit (`details.field`
   * `packagingKeys.<level>.sscc`), has fewer values left than the job needs (also a failed job's
   * `failureCode`).
   */
  "SEQUENCE_EXHAUSTED",
  /** A failed job's `failureCode`: the rule kept producing codes that already exist. */
  "CODE_SPACE_EXHAUSTED",
  /**
   * The uploaded file was rejected as a whole; `errors` lists `{ line, rule, message }` (in a ZIP
   * also `file`; a damaged entry is `line: 0`, rule `zip_crc`); nothing was imported.
   */
  "UPLOAD_REJECTED",
  /**
   * The package has not finished (or was rejected), so it cannot be exported, printed, bound to a
   * trace batch or scanned into a stock document.
   */
  "PACKAGE_NOT_READY",
  /** Only packages with serial numbers can be printed. */
  "PRINT_REQUIRES_SERIALS",
  /**
   * A state machine refused the move (`details` names both states): e.g. retrying a generation job
   * that has not failed, a trace batch back to `inactive`, binding to a batch that is not
   * `inactive`, editing a production task that is not a draft, scanning into a closed stock
   * document, restoring a destruction record.
   */
  "INVALID_STATE_TRANSITION",
  /** Another trace batch of the tenant has this batch number (`details.batchNumber`). */
  "BATCH_NUMBER_TAKEN",
  /**
   * Code packages are bound to the trace batch, so it cannot be deleted (`details.packageCount`).
   */
  "BATCH_HAS_PACKAGES",
  /** Production tasks name the trace batch, so it cannot be deleted (`details.taskCount`). */
  "BATCH_HAS_TASKS",
  /**
   * The package is bound to a trace batch already; a code belongs to at most one batch
   * (`details.batchId`).
   */
  "PACKAGE_ALREADY_BOUND",
  /** Sealing needs at least one code package bound to the batch. */
  "BATCH_HAS_NO_CODES",
  /**
   * The content is sealed (上链) and can never change: a sealed batch's trace fields
   * (`details.field`) or packages, or sealing a batch or task again (`details.sequence`).
   */
  "SEALED",
  /** Production tasks use the line, so it cannot be deleted (`details.taskCount`). */
  "PRODUCTION_LINE_IN_USE",
  /**
   * The enterprise has children, holds codes or appears on stock documents (`details.childCount`,
   * `heldCodeCount`, `documentCount`).
   */
  "ENTERPRISE_NOT_EMPTY",
  /**
   * The stock document's flow breaks a rule: goods go to a direct child, or back to the parent for
   * returns (`details.rule` names the rule).
   */
  "INVALID_FLOW",
  /**
   * A code is not held where the operation expects it: not where the stock document moves it from
   * (held elsewhere, or moved by a concurrent scan; `details.expectedHolder`, `mismatched`,
   * `range`), or, unpacking and re-packing, not where the packaging code is (`details.code`,
   * `expectedHolder`, `mismatched`); nothing changed.
   */
  "HOLDER_MISMATCH",
  /**
   * The code, or a code in the scanned case, is void or recalled and the stock document is not a
   * return or a destruction (`details.entryId`); or re-packing a void, recalled or destroyed code
   * (`details.kind`); nothing changed.
   */
  "CODE_VOIDED",
  /** Another staff member of the tenant has this login name, ignoring case. */
  "LOGIN_NAME_TAKEN",
  /**
   * Too many requests for this key (e.g. public scans per client address); `details.retryAfterMs`,
   * `Retry-After` header.
   */
  "RATE_LIMITED",
  /** An operation with the same idempotency key is still running. */
  "IDEMPOTENCY_IN_PROGRESS",
  /**
   * A payment notification contradicts the stored payment: another kind, amount or currency
   * (`details.field`, `details.stored`, `details.notified`); nothing changed.
   */
  "PAYMENT_NOTIFICATION_MISMATCH",
  /**
   * The freight template does not deliver to the region (`details.regionCode`,
   * `details.templateId`); another address or another template may.
   */
  "REGION_NOT_DELIVERED",
  /** The freight template does not offer self pickup (`details.templateId`). */
  "SELF_PICKUP_NOT_OFFERED",
  /**
   * A SKU has fewer units left than asked for (`details.skuId`, `details.requested`,
   * `details.available`, `details.field`); nothing was taken.
   */
  "STOCK_EXHAUSTED",
  /**
   * E-waybills need the tenant's sender address (order settings `sender`, configured once);
   * `details.setting` names it. Nothing was requested from the courier.
   */
  "SENDER_NOT_CONFIGURED",
  /**
   * The pickup or in-store order's verification code was redeemed already (`details.orderId`,
   * `details.verifiedAt`, `details.verifiedBy`); nothing changed.
   */
  "ALREADY_VERIFIED",
  /**
   * SMS is not sent inside the tenant's quiet hours (default 23:00–08:00 local;
   * `details.timeZone`, `localTime`, `resumesAt`); nothing was sent and nothing is queued.
   */
  "QUIET_HOURS",
  /** The customer is blacklisted (`details.customerId`): cannot log in or order; nothing changed. */
  "CUSTOMER_BLACKLISTED",
  /**
   * The customer's points balance (`details.balance`) is below what the change takes
   * (`details.required`); nothing changed.
   */
  "POINTS_INSUFFICIENT",
  /** The customer checked in on this local day already (`details.date`); nothing changed. */
  "POINTS_ALREADY_CHECKED_IN",
  /** The tenant's default member level cannot be deleted (`details.levelId`). */
  "MEMBER_LEVEL_PROTECTED",
  /** Another tag of the tenant has this name (`details.name`); nothing changed. */
  "MEMBER_TAG_NAME_TAKEN",
  /**
   * The coupon's lifecycle state does not allow this (`details.couponId`, `status`, `action`):
   * a published coupon cannot be edited, a draft or abandoned one cannot be handed out, a
   * reusable one has no distribution or claim link; nothing changed.
   */
  "COUPON_STATE",
  /**
   * The coupon has fewer unassigned codes than asked for (`details.couponId`, `requested`,
   * `available`); nothing was issued.
   */
  "COUPON_SHORT",
  /** The coupon has codes issued, claimed or used, so it cannot be deleted (`details.couponId`). */
  "COUPON_IN_USE",
  /** Another coupon code of the tenant is already this text (`details.code`, `field`); nothing was stored. */
  "COUPON_CODE_TAKEN",
  /** The customer claimed the coupon as often as it allows (`details.couponId`, `limit`); nothing was claimed. */
  "COUPON_CLAIM_LIMIT",
  /**
   * The coupon code named for an order cannot be used now (`details.field`, `reason`:
   * `unknown`, `not_held`, `used`, `not_started`, `expired`, `abandoned`, `exhausted`,
   * `limit_reached`); the order was not placed.
   */
  "COUPON_UNUSABLE",
  /**
   * Storage, hot state or the payment provider could not be reached (`details.service`:
   * `storage`, `hot_state` or `payment`);
   * nothing is known to have changed, so the call may be retried; `Retry-After` header.
   */
  "SERVICE_UNAVAILABLE",
  /**
   * Too many concurrent writes competed for one record and the call gave up (`details.resource`,
   * e.g. `ledger` when many seals of a tenant land at once); nothing changed; retry; `Retry-After`
   * header.
   */
  "BUSY",
  // Pricing pipeline (promotions §4.4).
  /**
   * The chosen coupon does not apply to the cart (`details.field` = `pricingOptions.couponCode`,
   * `details.reason`: `threshold` when the scoped amount entering the coupon step is below
   * `details.threshold`, `no_eligible_lines` when no line may take it).
   */
  "PRICING_COUPON_NOT_APPLICABLE",
  /** More points were asked for than the customer holds (`details.requested`, `details.balance`). */
  "PRICING_POINTS_OVER_BALANCE",
  /**
   * More points were asked for than may pay this order (`details.requested`, `details.maxPoints`:
   * the most that may be used, 0 when the tenant does not let points pay).
   */
  "PRICING_POINTS_OVER_CAP",
  /**
   * A product of the activity is in another activity whose period overlaps (a product is in at
   * most one activity at a time, free shipping excepted): `details.activityId`, `activityName`,
   * `productId` (`null` when both cover all products); nothing was written.
   */
  "ACTIVITY_CONFLICT",
  /**
   * A SKU of the time-limited discount is in another one whose validity overlaps
   * (`details.skuId`, `details.discountId` names the other); nothing was stored.
   */
  "LIMITED_DISCOUNT_SKU_TAKEN",
  /**
   * The discount's recurrence (daily window, days of month or week) never falls inside its
   * validity (`details.field`); nothing was stored.
   */
  "LIMITED_DISCOUNT_NEVER_RUNS",
  /**
   * The buyer would exceed the discount's per-person limit of the "cannot order more" mode
   * (`details.discountId`, `skuId`, `limit`, `bought`, `requested`); nothing was ordered.
   */
  "LIMITED_DISCOUNT_LIMIT_EXCEEDED",
  /**
   * The discount's own stock of the SKU ran out while the order was placed
   * (`details.discountId`, `skuId`, `left`); nothing was ordered: price the cart again.
   */
  "LIMITED_DISCOUNT_STOCK_EXHAUSTED",
  /**
   * The withdrawal asks for more than the distributor's available commission
   * (`details.available`, `details.requested`, minor units); nothing was requested.
   */
  "WITHDRAWAL_INSUFFICIENT_BALANCE",
  /**
   * A flash sale's window overlaps another flash sale (not stopped) holding the same SKU
   * (`details.otherId`, `details.skuId`); nothing was stored.
   */
  "FLASH_SALE_OVERLAP",
  /**
   * The order asks more flash-sale units than the buyer may still buy (`details.saleId`,
   * `details.lineId`, `details.skuId`, `details.requested`, `details.remaining`); nothing was taken.
   */
  "FLASH_SALE_LIMIT_EXCEEDED",
  /**
   * The flash sale has fewer units of the SKU left than the order asks (`details.saleId`,
   * `details.lineId`, `details.skuId`, `details.requested`, `details.remaining`); nothing was taken.
   */
  "FLASH_SALE_SOLD_OUT",
  /**
   * A presale's window overlaps another presale of the tenant (not stopped): one runs at a
   * time (`details.otherId`); nothing was stored.
   */
  "PRESALE_OVERLAP",
  /**
   * The presale's virtual stock has fewer units of the SKU left than the order asks
   * (`details.presaleId`, `details.lineId`, `details.skuId`, `details.requested`,
   * `details.remaining`); nothing was taken.
   */
  "PRESALE_SOLD_OUT",
  /**
   * A prize's funds could not be frozen through the payment port (`details.failureCode` when the
   * provider refused); nothing was stored.
   */
  "PRIZE_FUNDS_NOT_FROZEN",
  /** The operation needs another kind of prize (`details.prizeId`, `details.kind`, `details.required`). */
  "PRIZE_KIND_MISMATCH",
  /**
   * The prize has fewer units left than asked (`details.prizeId`, `details.available`,
   * `details.requested`): an allocation above its free stock, or no CDK key left at a claim.
   */
  "PRIZE_STOCK_SHORT",
  /**
   * A slot's allocation would drop below what it has already given out (`details.slot`,
   * `details.won`, `details.requested`); nothing changed.
   */
  "CAMPAIGN_ALLOCATION_BELOW_WON",
  /** Activity batches name the campaign, so it cannot be deleted (`details.id`). */
  "CAMPAIGN_IN_USE",
  /** The code has played already; each code plays once, ever (`details.drawId`). */
  "CODE_ALREADY_PLAYED",
  /**
   * The campaign cannot be played now (`details.campaignId`, `details.reason`: `not_started`,
   * `ended`, `paused` (campaign or activity batch frozen) or `closed` (offline)); nothing was taken.
   */
  "CAMPAIGN_NOT_OPEN",
  /**
   * The draw has no prize to claim: no prize was won, or a cash red packet expired
   * (`details.drawId`, `details.prizeState`); or the prize is not a claimed physical one to ship.
   */
  "PRIZE_NOT_CLAIMABLE",
] as const;

/** String-literal union of every {@link ERROR_CODES} entry. */
export type ErrorCode = (typeof ERROR_CODES)[number];
