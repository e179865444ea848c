import type { ErrorCode } from "@onecode/core";
import type { HttpErrorCode } from "./http-error.js";

/** Every code a problem response can carry: core's and the HTTP layer's. */
export type ProblemCode = ErrorCode | HttpErrorCode;

/**
 * The HTTP status of each core error code. The only place codes meet
 * statuses: a code added to core is a compile error here until it is mapped.
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  FIELD_IMMUTABLE: 409,
  MERCHANT_HAS_PRODUCTS: 409,
  MERCHANT_HAS_CODES: 409,
  PRODUCT_HAS_CODES: 409,
  GTIN_TAKEN: 409,
  SKU_CODE_TAKEN: 409,
  CODE_SOURCE_MISMATCH: 409,
  CODE_RULE_DISABLED: 409,
  CODE_RULE_IN_USE: 409,
  SEQUENCE_EXHAUSTED: 409,
  CODE_SPACE_EXHAUSTED: 409,
  UPLOAD_REJECTED: 422,
  PACKAGE_NOT_READY: 409,
  PRINT_REQUIRES_SERIALS: 409,
  INVALID_STATE_TRANSITION: 409,
  BATCH_NUMBER_TAKEN: 409,
  BATCH_HAS_PACKAGES: 409,
  BATCH_HAS_TASKS: 409,
  PACKAGE_ALREADY_BOUND: 409,
  BATCH_HAS_NO_CODES: 409,
  SEALED: 409,
  PRODUCTION_LINE_IN_USE: 409,
  ENTERPRISE_NOT_EMPTY: 409,
  INVALID_FLOW: 422,
  HOLDER_MISMATCH: 409,
  CODE_VOIDED: 409,
  LOGIN_NAME_TAKEN: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  PAYMENT_NOTIFICATION_MISMATCH: 409,
  REGION_NOT_DELIVERED: 422,
  SELF_PICKUP_NOT_OFFERED: 422,
  STOCK_EXHAUSTED: 409,
  SENDER_NOT_CONFIGURED: 409,
  ALREADY_VERIFIED: 409,
  QUIET_HOURS: 409,
  CUSTOMER_BLACKLISTED: 403,
  POINTS_INSUFFICIENT: 409,
  POINTS_ALREADY_CHECKED_IN: 409,
  MEMBER_LEVEL_PROTECTED: 409,
  MEMBER_TAG_NAME_TAKEN: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  BUSY: 503,
  PRICING_COUPON_NOT_APPLICABLE: 422,
  PRICING_POINTS_OVER_BALANCE: 422,
  PRICING_POINTS_OVER_CAP: 422,
  ACTIVITY_CONFLICT: 409,
  FLASH_SALE_OVERLAP: 409,
  FLASH_SALE_LIMIT_EXCEEDED: 409,
  FLASH_SALE_SOLD_OUT: 409,
  PRESALE_OVERLAP: 409,
  PRESALE_SOLD_OUT: 409,
});

/** The HTTP status of each code of the HTTP layer. */
export const HTTP_ERROR_STATUS: Readonly<Record<HttpErrorCode, number>> = Object.freeze({
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INTERNAL: 500,
});

/** The problem `title` of each code: a short summary that never varies between occurrences. */
export const PROBLEM_TITLES: Readonly<Record<ProblemCode, string>> = Object.freeze({
  VALIDATION_FAILED: "The input is invalid",
  NOT_FOUND: "The record was not found",
  FORBIDDEN:
    "The actor lacks a capability the operation needs, or is the wrong kind of actor for the route",
  FIELD_IMMUTABLE: "The field cannot change",
  MERCHANT_HAS_PRODUCTS: "The merchant still owns products",
  MERCHANT_HAS_CODES: "The merchant has code rules or code packages",
  PRODUCT_HAS_CODES: "The product has codes bound to it",
  GTIN_TAKEN: "The GTIN is already in use",
  SKU_CODE_TAKEN: "The SKU code is already in use",
  CODE_SOURCE_MISMATCH: "The merchant's code source does not allow this",
  CODE_RULE_DISABLED: "The code rule is disabled",
  CODE_RULE_IN_USE: "The code rule has generated packages",
  SEQUENCE_EXHAUSTED: "The sequence range is exhausted",
  CODE_SPACE_EXHAUSTED: "The rule's code space is used up",
  UPLOAD_REJECTED: "The uploaded file was rejected",
  PACKAGE_NOT_READY: "The code package is not ready",
  PRINT_REQUIRES_SERIALS: "Only packages with serial numbers can be printed",
  INVALID_STATE_TRANSITION: "The state change is not allowed",
  BATCH_NUMBER_TAKEN: "The batch number is already in use",
  BATCH_HAS_PACKAGES: "Code packages are bound to the batch",
  BATCH_HAS_TASKS: "Production tasks name the batch",
  PACKAGE_ALREADY_BOUND: "The package is bound to a batch already",
  BATCH_HAS_NO_CODES: "The batch has no codes bound",
  SEALED: "The content is sealed and cannot change",
  PRODUCTION_LINE_IN_USE: "Production tasks use the line",
  ENTERPRISE_NOT_EMPTY: "The enterprise is not empty",
  INVALID_FLOW: "Goods cannot flow that way",
  HOLDER_MISMATCH: "The code is not held where the operation expects it",
  CODE_VOIDED: "The code is void, recalled or destroyed",
  LOGIN_NAME_TAKEN: "The login name is already in use",
  IDEMPOTENCY_IN_PROGRESS: "The same request is still running",
  PAYMENT_NOTIFICATION_MISMATCH: "The payment notification contradicts the stored payment",
  REGION_NOT_DELIVERED: "The freight template does not deliver to the region",
  SELF_PICKUP_NOT_OFFERED: "The freight template does not offer self pickup",
  STOCK_EXHAUSTED: "Not enough stock left",
  SENDER_NOT_CONFIGURED: "The sender address for e-waybills is not configured",
  ALREADY_VERIFIED: "The verification code was redeemed already",
  QUIET_HOURS: "SMS is not sent during quiet hours",
  CUSTOMER_BLACKLISTED: "The customer is blacklisted",
  POINTS_INSUFFICIENT: "Not enough points",
  POINTS_ALREADY_CHECKED_IN: "Already checked in today",
  MEMBER_LEVEL_PROTECTED: "The default member level cannot be deleted",
  MEMBER_TAG_NAME_TAKEN: "The tag name is taken",
  RATE_LIMITED: "Too many requests",
  SERVICE_UNAVAILABLE: "A backing service is unavailable",
  BUSY: "Too many concurrent writes; retry shortly",
  PRICING_COUPON_NOT_APPLICABLE: "The coupon does not apply to this cart",
  PRICING_POINTS_OVER_BALANCE: "More points than the customer holds",
  PRICING_POINTS_OVER_CAP: "More points than may pay this order",
  ACTIVITY_CONFLICT: "A product is in another activity at the same time",
  FLASH_SALE_OVERLAP: "Another flash sale holds the SKU in an overlapping window",
  FLASH_SALE_LIMIT_EXCEEDED: "More flash-sale units than the buyer may still buy",
  FLASH_SALE_SOLD_OUT: "The flash sale has not enough units left",
  PRESALE_OVERLAP: "Another presale runs in an overlapping window",
  PRESALE_SOLD_OUT: "The presale has not enough units left",
  MALFORMED_JSON: "The body is not valid JSON",
  PAYLOAD_TOO_LARGE: "The body is too large",
  UNSUPPORTED_MEDIA_TYPE: "The body's media type is not accepted",
  UNAUTHENTICATED: "Authentication is required",
  ROUTE_NOT_FOUND: "No route matches the path",
  METHOD_NOT_ALLOWED: "The method is not allowed on this path",
  INTERNAL: "Internal server error",
});

const hasOwn = (record: object, key: string) => Object.hasOwn(record, key);

/** The status of a code, or `undefined` for a string that is no known code. */
export function statusOfCode(code: string): number | undefined {
  if (hasOwn(ERROR_STATUS, code)) return ERROR_STATUS[code as ErrorCode];
  if (hasOwn(HTTP_ERROR_STATUS, code)) return HTTP_ERROR_STATUS[code as HttpErrorCode];
  return undefined;
}
