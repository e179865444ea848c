import {
  createOneCode,
  ERROR_CODES,
  type ErrorDetails,
  type OneCode,
  OneCodeError,
} from "@onecode/core";
import { serviceUnavailable } from "@onecode/core/adapter-kit";
import { describe, expect, it, vi } from "vitest";
import { ERROR_STATUS, HTTP_ERROR_STATUS, HttpError } from "../src/index.js";
import { authenticate, createTestApp } from "./support/test-app.js";

/** A OneCode whose `merchants.list` throws `error`. */
function failingOneCode(error: unknown): OneCode {
  const onecode = createOneCode();
  return {
    ...onecode,
    merchants: {
      ...onecode.merchants,
      list: async () => {
        throw error;
      },
    },
  };
}

describe("routing", () => {
  it("answers 404 ROUTE_NOT_FOUND for unknown paths", async () => {
    const app = createTestApp();
    for (const path of ["/nope", "/v1", "/v1/merchants/a/b", "/v2/merchants", "/"]) {
      const reply = await app.call("GET", path);
      expect(reply.status, path).toBe(404);
      expect(reply.json).toMatchObject({ code: "ROUTE_NOT_FOUND", instance: path.split("?")[0] });
    }
  });

  it("answers 404 outside the base path and routes below it", async () => {
    const app = createTestApp({ basePath: "/api" });
    expect((await app.call("GET", "/v1/merchants")).status).toBe(404);
    expect((await app.call("GET", "/apiv1/merchants")).status).toBe(404);
    expect((await app.call("GET", "/api/v1/merchants")).status).toBe(200);
    const reply = await app.call("GET", "/api/nope");
    expect(reply.json.instance).toBe("/api/nope");
  });

  it("answers 405 METHOD_NOT_ALLOWED with an Allow header, before authentication", async () => {
    const app = createTestApp();
    const collection = await app.call("PUT", "/v1/merchants", { token: null });
    expect(collection.status).toBe(405);
    expect(collection.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(collection.json).toMatchObject({
      code: "METHOD_NOT_ALLOWED",
      details: { allow: ["GET", "HEAD", "POST"] },
    });
    const item = await app.call("POST", "/v1/products/prd_1");
    expect(item.status).toBe(405);
    expect(item.headers.get("allow")).toBe("DELETE, GET, HEAD, PATCH");
  });

  it("answers HEAD like GET without a body", async () => {
    const app = createTestApp();
    const get = await app.call("GET", "/v1/merchants");
    const head = await app.call("HEAD", "/v1/merchants");
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    expect(head.headers.get("content-length")).toBe(get.headers.get("content-length"));
  });

  it("ignores one trailing slash", async () => {
    const app = createTestApp();
    expect((await app.call("GET", "/v1/merchants/")).status).toBe(200);
  });

  it("serves /healthz and /openapi.json without authentication", async () => {
    const app = createTestApp();
    const health = await app.call("GET", "/healthz", { token: null });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: "ok" });
    const document = await app.call("GET", "/openapi.json", { token: null });
    expect(document.status).toBe(200);
    expect(document.json.openapi).toBe("3.1.0");
  });
});

describe("error mapping", () => {
  it("maps every core code to its status", () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort());
    expect(ERROR_STATUS).toEqual({
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
      COUPON_STATE: 409,
      COUPON_SHORT: 409,
      COUPON_IN_USE: 409,
      COUPON_CODE_TAKEN: 409,
      COUPON_CLAIM_LIMIT: 409,
      COUPON_UNUSABLE: 422,
      RATE_LIMITED: 429,
      SERVICE_UNAVAILABLE: 503,
      BUSY: 503,
      PRICING_COUPON_NOT_APPLICABLE: 422,
      PRICING_POINTS_OVER_BALANCE: 422,
      PRICING_POINTS_OVER_CAP: 422,
      ACTIVITY_CONFLICT: 409,
      LIMITED_DISCOUNT_SKU_TAKEN: 409,
      LIMITED_DISCOUNT_NEVER_RUNS: 422,
      LIMITED_DISCOUNT_LIMIT_EXCEEDED: 409,
      LIMITED_DISCOUNT_STOCK_EXHAUSTED: 409,
      WITHDRAWAL_INSUFFICIENT_BALANCE: 409,
      FLASH_SALE_OVERLAP: 409,
      FLASH_SALE_LIMIT_EXCEEDED: 409,
      FLASH_SALE_SOLD_OUT: 409,
      PRESALE_OVERLAP: 409,
      PRESALE_SOLD_OUT: 409,
      PRIZE_FUNDS_NOT_FROZEN: 409,
      PRIZE_KIND_MISMATCH: 409,
      PRIZE_STOCK_SHORT: 409,
      CAMPAIGN_ALLOCATION_BELOW_WON: 409,
      CAMPAIGN_IN_USE: 409,
      CODE_ALREADY_PLAYED: 409,
      CAMPAIGN_NOT_OPEN: 409,
      PRIZE_NOT_CLAIMABLE: 409,
    });
    expect(HTTP_ERROR_STATUS).toEqual({
      MALFORMED_JSON: 400,
      PAYLOAD_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA_TYPE: 415,
      UNAUTHENTICATED: 401,
      ROUTE_NOT_FOUND: 404,
      METHOD_NOT_ALLOWED: 405,
      INTERNAL: 500,
    });
  });

  it("lists line-numbered upload errors as the problem's errors", async () => {
    // Entries beyond the typed shape, as another copy of core could send, are filtered too.
    const errors = [
      { line: 2, rule: "url", message: "line 2: not a URL", secret: "dropped" },
      { line: 0, rule: "empty_file", message: "the file holds no code lines" },
      { line: 4, file: "b.csv", rule: "duplicate_in_file", message: "b.csv line 4: repeated" },
      { rule: "no line" },
    ] as unknown as ErrorDetails<"UPLOAD_REJECTED">["errors"];
    const rejected = new OneCodeError("UPLOAD_REJECTED", "the file a.csv was rejected", {
      packageId: "pkg_1",
      errorCount: 3,
      errors,
    });
    const app = createTestApp({ onecode: failingOneCode(rejected) });
    const reply = await app.call("GET", "/v1/merchants");
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({
      type: "urn:onecode:problem:upload-rejected",
      title: "The uploaded file was rejected",
      status: 422,
      detail: "the file a.csv was rejected",
      code: "UPLOAD_REJECTED",
      instance: "/v1/merchants",
      errors: [
        { line: 2, rule: "url", message: "line 2: not a URL" },
        { line: 0, rule: "empty_file", message: "the file holds no code lines" },
        { line: 4, file: "b.csv", rule: "duplicate_in_file", message: "b.csv line 4: repeated" },
      ],
      details: { packageId: "pkg_1", errorCount: 3 },
    });
  });

  it("answers an unknown error with a generic 500 and hands it to onError", async () => {
    const error = new Error("connect postgres://app:hunter2@db.internal failed");
    const onError = vi.fn();
    const app = createTestApp({ onecode: failingOneCode(error), onError });
    const reply = await app.call("GET", "/v1/merchants");
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({
      type: "urn:onecode:problem:internal",
      title: "Internal server error",
      status: 500,
      detail: "An unexpected error occurred. It has been logged; retry later or contact support.",
      code: "INTERNAL",
      instance: "/v1/merchants",
    });
    expect(reply.text).not.toMatch(/hunter2|postgres|stack|at /);
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]?.[0]).toBe(error);
    expect(onError.mock.calls[0]?.[1]).toBeInstanceOf(Request);
  });

  it("survives a throwing onError and non-Error throws", async () => {
    const app = createTestApp({
      onecode: failingOneCode("a string"),
      onError: () => {
        throw new Error("logger down");
      },
    });
    expect((await app.call("GET", "/v1/merchants")).status).toBe(500);
  });

  it("answers 500 when authenticate throws, and lets it throw HttpError for a reason", async () => {
    const broken = createTestApp({
      authenticate: async () => {
        throw new Error("session store unreachable");
      },
    });
    const reply = await broken.call("GET", "/v1/merchants");
    expect(reply.status).toBe(500);
    expect(reply.text).not.toContain("session store");

    const expired = createTestApp({
      authenticate: async () => {
        throw new HttpError("UNAUTHENTICATED", "The access token has expired");
      },
    });
    const denied = await expired.call("GET", "/v1/merchants");
    expect(denied.status).toBe(401);
    expect(denied.headers.get("www-authenticate")).toBe("Bearer");
    expect(denied.json.detail).toBe("The access token has expired");
  });

  it("never reveals the message of an INTERNAL HttpError", async () => {
    const app = createTestApp({
      onecode: failingOneCode(new HttpError("INTERNAL", "disk /var/secret full")),
    });
    const reply = await app.call("GET", "/v1/merchants");
    expect(reply.status).toBe(500);
    expect(reply.text).not.toContain("secret");
  });

  it("adds Retry-After to RATE_LIMITED and keeps only JSON-safe details", async () => {
    // Details beyond the typed shape, as another copy of core could send.
    const details = {
      retryAfterMs: 1500,
      limit: 10,
      windowMs: 60_000,
      key: "scan",
      when: new Date(0),
      callback: () => 1,
      nested: { ok: true, bad: Number.NaN },
    };
    const limited = new OneCodeError("RATE_LIMITED", "Too many requests for this key", details);
    const app = createTestApp({ onecode: failingOneCode(limited) });
    const reply = await app.call("GET", "/v1/merchants");
    expect(reply.status).toBe(429);
    expect(reply.headers.get("retry-after")).toBe("2");
    expect(reply.json.details).toEqual({
      retryAfterMs: 1500,
      limit: 10,
      windowMs: 60_000,
      key: "scan",
      nested: { ok: true },
    });
  });

  it("maps IDEMPOTENCY_IN_PROGRESS to 409", async () => {
    const app = createTestApp({
      onecode: failingOneCode(new OneCodeError("IDEMPOTENCY_IN_PROGRESS", "still running")),
    });
    const reply = await app.call("GET", "/v1/merchants");
    expect(reply.status).toBe(409);
    expect(reply.json).toMatchObject({ code: "IDEMPOTENCY_IN_PROGRESS", detail: "still running" });
  });

  it("maps SERVICE_UNAVAILABLE to 503 with Retry-After and without the driver's text", async () => {
    const driverError = new Error("terminating connection due to administrator command");
    const app = createTestApp({
      onecode: failingOneCode(serviceUnavailable("storage", driverError)),
    });
    const reply = await app.call("GET", "/v1/merchants");
    expect(reply.status).toBe(503);
    expect(reply.headers.get("retry-after")).toBe("1");
    expect(reply.json).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      details: { service: "storage" },
    });
    expect(reply.text).not.toContain("administrator");
  });

  it("maps BUSY to 503 with Retry-After", async () => {
    const busy = new OneCodeError("BUSY", "the ledger is busy", {
      resource: "ledger",
      attempts: 8,
    });
    const reply = await createTestApp({ onecode: failingOneCode(busy) }).call(
      "GET",
      "/v1/merchants",
    );
    expect(reply.status).toBe(503);
    expect(reply.headers.get("retry-after")).toBe("1");
    expect(reply.json).toMatchObject({ code: "BUSY", details: { resource: "ledger" } });
  });

  it("recognises a OneCodeError from a second copy of core by name and code", async () => {
    const foreign = Object.assign(new Error("merchant m was not found"), {
      name: "OneCodeError",
      code: "NOT_FOUND",
      details: { kind: "merchant", id: "m" },
    });
    const app = createTestApp({ onecode: failingOneCode(foreign) });
    const reply = await app.call("GET", "/v1/merchants");
    expect(reply.status).toBe(404);
    expect(reply.json.details).toEqual({ kind: "merchant", id: "m" });
  });

  it("answers 500 for a OneCodeError whose code this package does not know", async () => {
    const unknown = new OneCodeError("NOT_FOUND", "x", { kind: "x", id: "x" });
    Object.defineProperty(unknown, "code", { value: "SOMETHING_NEW" });
    const onError = vi.fn();
    const app = createTestApp({ onecode: failingOneCode(unknown), onError });
    expect((await app.call("GET", "/v1/merchants")).status).toBe(500);
    expect(onError).toHaveBeenCalledOnce();
  });

  it("rejects a bad basePath and maxBodyBytes at construction", async () => {
    const { createHandler } = await import("../src/index.js");
    const onecode = createOneCode();
    expect(() => createHandler(onecode, { authenticate, basePath: "api" })).toThrow(/basePath/);
    expect(() => createHandler(onecode, { authenticate, maxBodyBytes: -1 })).toThrow(
      /maxBodyBytes/,
    );
  });
});
