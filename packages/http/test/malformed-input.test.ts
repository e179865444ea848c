import { describe, expect, it } from "vitest";
import { createTestApp, merchantInput } from "./support/test-app.js";

const json = { "content-type": "application/json" };

describe("malformed input", () => {
  it("answers 400 MALFORMED_JSON for invalid JSON, without quoting it", async () => {
    const app = createTestApp();
    const reply = await app.call("POST", "/v1/merchants", {
      rawBody: '{"name": "SECRET-TOKEN",',
      headers: json,
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get("content-type")).toBe("application/problem+json");
    expect(reply.json).toMatchObject({
      code: "MALFORMED_JSON",
      errors: [{ field: "body", rule: "json", message: "body must be valid JSON" }],
    });
    expect(reply.text).not.toContain("SECRET");
  });

  it("answers 400 MALFORMED_JSON for an empty body and for invalid UTF-8", async () => {
    const app = createTestApp();
    const empty = await app.call("POST", "/v1/merchants", { rawBody: "", headers: json });
    expect(empty.status).toBe(400);
    expect(empty.json).toMatchObject({ code: "MALFORMED_JSON", errors: [{ field: "body" }] });

    const latin1 = new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]);
    const invalid = await app.call("POST", "/v1/merchants", { rawBody: latin1, headers: json });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ code: "MALFORMED_JSON", errors: [{ rule: "utf8" }] });
  });

  it("names each unknown field with rule unknown_field", async () => {
    const app = createTestApp();
    const reply = await app.call("POST", "/v1/merchants", {
      body: merchantInput({ colour: "green", __proto__x: 1 }),
    });
    expect(reply.status).toBe(400);
    expect(reply.json.code).toBe("VALIDATION_FAILED");
    expect(reply.json.errors).toEqual([
      { field: "colour", rule: "unknown_field", message: "colour is not a known field" },
      { field: "__proto__x", rule: "unknown_field", message: "__proto__x is not a known field" },
    ]);

    const patch = await app.call("PATCH", "/v1/merchants/mch_x", { body: { tenantId: "evil" } });
    expect(patch.status).toBe(400);
    expect(patch.json.errors).toEqual([expect.objectContaining({ field: "tenantId" })]);
  });

  it("rejects a __proto__ key as an unknown field", async () => {
    const app = createTestApp();
    const reply = await app.call("POST", "/v1/merchants", {
      rawBody:
        '{"name":"A","codeSource":"platform","urlPrefixes":["https://a.example/"],"__proto__":{"x":1}}',
      headers: json,
    });
    expect(reply.status).toBe(400);
    expect(reply.json.errors).toEqual([
      expect.objectContaining({ field: "__proto__", rule: "unknown_field" }),
    ]);
  });

  it("names wrong types down to the list index", async () => {
    const app = createTestApp();
    const reply = await app.call("POST", "/v1/merchants", {
      body: { name: 42, codeSource: "SECRET-SOURCE", urlPrefixes: ["https://a.example/", 7] },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.errors).toEqual([
      { field: "name", rule: "type", message: "name must be a string" },
      {
        field: "codeSource",
        rule: "one_of",
        message: "codeSource must be one of: platform, external",
      },
      { field: "urlPrefixes.1", rule: "type", message: "urlPrefixes.1 must be a string" },
    ]);
    expect(reply.text).not.toContain("SECRET");
  });

  it("reports missing required fields as rule required", async () => {
    const app = createTestApp();
    const reply = await app.call("POST", "/v1/merchants", { body: { remark: "only a remark" } });
    expect(reply.status).toBe(400);
    expect(reply.json.errors).toEqual([
      { field: "name", rule: "required", message: "name is required" },
      { field: "codeSource", rule: "required", message: "codeSource is required" },
      { field: "urlPrefixes", rule: "required", message: "urlPrefixes is required" },
    ]);
  });

  it("names the body itself when it is not an object", async () => {
    const app = createTestApp();
    for (const body of [[1, 2], "text", null, 7]) {
      const reply = await app.call("POST", "/v1/merchants", { body });
      expect(reply.status).toBe(400);
      expect(reply.json.errors).toEqual([
        { field: "body", rule: "type", message: "body must be an object" },
      ]);
    }
  });

  it("checks lengths in Unicode code points, like core", async () => {
    const app = createTestApp();
    const clef = "𝄞"; // one code point, two UTF-16 units
    const fits = await app.call("POST", "/v1/merchants", {
      body: merchantInput({ name: clef.repeat(100) }),
    });
    expect(fits.status).toBe(201);
    const tooLong = await app.call("POST", "/v1/merchants", {
      body: merchantInput({
        name: clef.repeat(101),
        urlPrefixes: [`https://a.example/${"x".repeat(190)}/`],
      }),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.errors).toEqual([
      { field: "name", rule: "max_length", message: "name must be at most 100 characters" },
      {
        field: "urlPrefixes.0",
        rule: "max_length",
        message: "urlPrefixes.0 must be at most 200 characters",
      },
    ]);
  });

  it("rejects bad limit values with 400 naming limit", async () => {
    const app = createTestApp();
    const cases: [string, string][] = [
      ["limit=abc", "type"],
      ["limit=1.5", "type"],
      ["limit=0", "minimum"],
      ["limit=", "minimum"],
      ["limit=201", "maximum"],
      ["limit=1&limit=2", "type"],
    ];
    for (const [query, rule] of cases) {
      const reply = await app.call("GET", `/v1/merchants?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.json.errors, query).toEqual([expect.objectContaining({ field: "limit", rule })]);
    }
  });

  it("rejects bad cursors and unknown query parameters with 400 naming them", async () => {
    const app = createTestApp();
    const forged = await app.call("GET", "/v1/merchants?cursor=not-a-cursor");
    expect(forged.status).toBe(400);
    expect(forged.json.errors).toEqual([
      expect.objectContaining({ field: "cursor", rule: "cursor_format" }),
    ]);

    const empty = await app.call("GET", "/v1/products?cursor=");
    expect(empty.status).toBe(400);
    expect(empty.json.errors).toEqual([
      expect.objectContaining({ field: "cursor", rule: "required" }),
    ]);

    const proto = await app.call("GET", "/v1/merchants?__proto__=a&__proto__=b");
    expect(proto.status).toBe(400);
    expect(proto.json.errors).toEqual([
      expect.objectContaining({ field: "__proto__", rule: "unknown_field" }),
    ]);

    const typo = await app.call("GET", "/v1/merchants?limt=5");
    expect(typo.status).toBe(400);
    expect(typo.json.errors).toEqual([
      { field: "limt", rule: "unknown_field", message: "limt is not a known field" },
    ]);
  });

  it("rejects path parameters that are too long or not valid percent-encoding", async () => {
    const app = createTestApp();
    const long = await app.call("GET", `/v1/merchants/${"m".repeat(65)}`);
    expect(long.status).toBe(400);
    expect(long.json.errors).toEqual([
      expect.objectContaining({ field: "merchantId", rule: "max_length" }),
    ]);

    const broken = await app.call("GET", "/v1/merchants/%E0%A4%A");
    expect(broken.status).toBe(400);
    expect(broken.json.errors).toEqual([
      expect.objectContaining({ field: "merchantId", rule: "encoding" }),
    ]);
  });

  it("answers 413 early when Content-Length exceeds the limit", async () => {
    const app = createTestApp({ maxBodyBytes: 1024 });
    let pulled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true;
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const reply = await app.call("POST", "/v1/merchants", {
      rawBody: body,
      headers: { ...json, "content-length": "5000" },
    });
    expect(reply.status).toBe(413);
    expect(reply.json).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      details: { limit: 1024 },
      errors: [{ field: "body", rule: "max_bytes" }],
    });
    expect(pulled).toBe(false);
  });

  it("answers 413 for an oversize body with an honest Content-Length", async () => {
    const app = createTestApp({ maxBodyBytes: 64 });
    const text = JSON.stringify(merchantInput({ remark: "x".repeat(100) }));
    const reply = await app.call("POST", "/v1/merchants", {
      rawBody: text,
      headers: { ...json, "content-length": String(text.length) },
    });
    expect(reply.status).toBe(413);
  });

  it("answers 413 while streaming a chunked body without Content-Length, and stops reading", async () => {
    const app = createTestApp({ maxBodyBytes: 10_000 });
    let sent = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = new TextEncoder().encode(" ".repeat(1000));
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const reply = await app.call("POST", "/v1/merchants", { rawBody: endless, headers: json });
    expect(reply.status).toBe(413);
    expect(reply.json.code).toBe("PAYLOAD_TOO_LARGE");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThan(20_000);
  });

  it("accepts a body exactly at the limit", async () => {
    const text = JSON.stringify(merchantInput());
    const app = createTestApp({ maxBodyBytes: text.length });
    const reply = await app.call("POST", "/v1/merchants", { rawBody: text, headers: json });
    expect(reply.status).toBe(201);
  });

  it("requires application/json for bodies with 415", async () => {
    const app = createTestApp();
    const text = JSON.stringify(merchantInput());
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/json; charset=utf-16",
      null,
    ]) {
      const reply = await app.call("POST", "/v1/merchants", {
        rawBody: text,
        headers: contentType ? { "content-type": contentType } : {},
      });
      expect(reply.status, String(contentType)).toBe(415);
      expect(reply.json).toMatchObject({
        code: "UNSUPPORTED_MEDIA_TYPE",
        errors: [{ field: "content-type", rule: "media_type" }],
      });
    }
    for (const contentType of ["application/json; charset=UTF-8", "application/merge-patch+json"]) {
      const reply = await app.call("POST", "/v1/merchants", {
        rawBody: text,
        headers: { "content-type": contentType },
      });
      expect(reply.status, contentType).toBe(201);
    }
  });

  it("lists the issues of path, query and body together", async () => {
    const app = createTestApp();
    const reply = await app.call("PATCH", `/v1/merchants/${"m".repeat(65)}`, {
      body: { name: "", urlPrefixes: [] },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.errors.map((issue: { field: string }) => issue.field)).toEqual([
      "merchantId",
      "name",
      "urlPrefixes",
    ]);
    expect(reply.json.errors[1]).toEqual({
      field: "name",
      rule: "required",
      message: "name must not be empty",
    });
    expect(reply.json.errors[2]).toMatchObject({ rule: "min_items" });
  });
});
