/**
 * The argument rules of the hot-state port, shared by every adapter so they
 * all refuse the same inputs the same way: a `RangeError` naming the
 * parameter and the rule (never the value), before any state is touched.
 * Core computes these arguments itself, so a violation is a programming error.
 */

const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MAX_KEY_LENGTH = 512;
/** A lone UTF-16 surrogate: text that no UTF-8 store can hold faithfully. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Tenant ids as `tenantContext` accepts them. */
export function checkTenantId(tenantId: string): void {
  if (typeof tenantId !== "string" || !TENANT_PATTERN.test(tenantId)) {
    throw new RangeError(
      "tenantId must be 1-64 letters, digits, '_' or '-', starting with a letter or digit",
    );
  }
}

/** Text stored as a key or value: well-formed Unicode without NUL (PostgreSQL `text` cannot hold it). */
function checkText(name: string, value: string): void {
  if (typeof value !== "string" || LONE_SURROGATE.test(value) || value.includes("\u0000")) {
    throw new RangeError(`${name} must be a well-formed Unicode string without NUL characters`);
  }
}

/** A key: 1-512 characters of well-formed Unicode without NUL. */
export function checkKey(tenantId: string, key: string): void {
  checkTenantId(tenantId);
  checkText("key", key);
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new RangeError(`key must have 1-${MAX_KEY_LENGTH} characters`);
  }
}

/** A stored value (cache entries, idempotency results). */
export function checkValue(value: string): void {
  checkText("value", value);
}

/** A fencing token handed back by the adapter: non-empty text without NUL. */
export function checkToken(token: string): void {
  checkText("token", token);
  if (token.length === 0) throw new RangeError("token must not be empty");
}

/** A positive safe integer, e.g. a counter amount. */
export function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new RangeError(`${name} must be a positive safe integer`);
}

/** A non-negative safe integer, e.g. a counter's limit. */
export function checkNonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative safe integer`);
}

/** A time-to-live: a positive safe integer of milliseconds. */
export function checkTtl(name: string, ttlMs: number): void {
  checkPositiveInteger(name, ttlMs);
}

/**
 * A rate-limit policy: positive integer `limit` and `windowMs` whose product
 * (the bucket capacity in credits) stays below 2^52, so token-bucket
 * arithmetic is exact in every adapter (JavaScript, Lua and SQL).
 */
export function checkRatePolicy(limit: number, windowMs: number): void {
  checkPositiveInteger("limit", limit);
  checkPositiveInteger("windowMs", windowMs);
  if (limit * windowMs > 2 ** 52) throw new RangeError("limit × windowMs must not exceed 2^52");
}

/** Most characters of a gate scope, which Redis uses as the keys' hash tag. */
const MAX_SCOPE_LENGTH = 128;

/** A gate scope: 1-128 characters of well-formed Unicode without NUL. */
export function checkGateScope(tenantId: string, scope: string): void {
  checkTenantId(tenantId);
  checkText("scope", scope);
  if (scope.length === 0 || scope.length > MAX_SCOPE_LENGTH) {
    throw new RangeError(`scope must have 1-${MAX_SCOPE_LENGTH} characters`);
  }
}
