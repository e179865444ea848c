import { createOneCode, tenantContext } from "@onecode/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { defineRoute, type RouteInput } from "../src/define-route.js";
import { Router } from "../src/router.js";

function input(overrides: Partial<RouteInput> & { path?: string } = {}): RouteInput {
  const url = new URL(`http://test.local${overrides.path ?? "/"}`);
  return {
    onecode: createOneCode(),
    tenant: tenantContext("acme"),
    request: new Request(url),
    url,
    basePath: "",
    rawParams: {},
    readBody: async () => undefined,
    ...overrides,
  };
}

describe("defineRoute", () => {
  const echo = defineRoute({
    method: "POST",
    path: "/v1/echo/{word}",
    operationId: "echo",
    summary: "Echo",
    tags: ["test"],
    auth: "staff",
    params: z.strictObject({ word: z.string().max(5) }),
    query: z.strictObject({ times: z.coerce.number<string>().int().min(1).optional() }),
    body: z.strictObject({ suffix: z.string() }),
    responses: { 200: { description: "Echoed", schema: z.strictObject({ text: z.string() }) } },
    handler: async ({ params, query, body, tenant }) => {
      expectTypeOf(params).toEqualTypeOf<{ word: string }>();
      expectTypeOf(query).toEqualTypeOf<{ times?: number | undefined }>();
      expectTypeOf(body).toEqualTypeOf<{ suffix: string }>();
      expectTypeOf(tenant.tenantId).toBeString();
      const text = `${params.word.repeat(query.times ?? 1)}${body.suffix}`;
      return { status: 200, body: { text } };
    },
  });

  it("decodes, validates and hands typed input to the handler", async () => {
    const response = await echo.run(
      input({
        path: "/v1/echo/h%C3%A9?times=2",
        rawParams: { word: "h%C3%A9" },
        readBody: async () => ({ suffix: "!" }),
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: "héhé!" });
  });

  it("throws one VALIDATION_FAILED listing path, query and body issues", async () => {
    const run = echo.run(
      input({
        path: "/v1/echo/toolong?times=0",
        rawParams: { word: "toolong" },
        readBody: async () => ({ suffix: 1 }),
      }),
    );
    await expect(run).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: {
        issues: [
          expect.objectContaining({ field: "word", rule: "max_length" }),
          expect.objectContaining({ field: "times", rule: "minimum" }),
          expect.objectContaining({ field: "suffix", rule: "type" }),
        ],
      },
    });
  });

  it("passes a raw Response through for streams and downloads", async () => {
    const download = defineRoute({
      method: "GET",
      path: "/v1/export",
      operationId: "export",
      summary: "Export",
      tags: ["test"],
      auth: "public",
      responses: { 200: { description: "CSV", contentType: "text/csv" } },
      async handler({ tenant }) {
        expectTypeOf(tenant).toBeNull();
        return { response: new Response("a,b\n", { headers: { "content-type": "text/csv" } }) };
      },
    });
    const response = await download.run(input({ tenant: null }));
    expect(response.headers.get("content-type")).toBe("text/csv");
    expect(await response.text()).toBe("a,b\n");
  });

  it("checks a raw body's media type and announced size before the handler reads it", async () => {
    const upload = defineRoute({
      method: "POST",
      path: "/v1/upload",
      operationId: "upload",
      summary: "Upload",
      tags: ["test"],
      auth: "staff",
      query: z.strictObject({ name: z.string() }),
      rawBody: { description: "A file", mediaTypes: ["text/csv", "application/zip"] },
      responses: { 200: { description: "Size", schema: z.strictObject({ bytes: z.number() }) } },
      handler: async ({ rawBody }) => {
        expectTypeOf(rawBody.mediaType).toBeString();
        return { status: 200, body: { bytes: (await rawBody.bytes()).byteLength } };
      },
    });
    const send = (body: string, headers: Record<string, string>, path = "/v1/upload?name=a") => {
      const url = new URL(`http://test.local${path}`);
      const request = new Request(url, { method: "POST", body, headers });
      return upload.run(input({ request, url, path, maxRawBodyBytes: 10 }));
    };
    const ok = await send("a,b\n", { "content-type": "text/csv; charset=utf-8" });
    expect(await ok.json()).toEqual({ bytes: 4 });
    await expect(send("x", { "content-type": "text/csv; charset=latin1" })).rejects.toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
      details: { expected: ["text/csv", "application/zip"] },
    });
    await expect(send("x", { "content-type": "application/json" })).rejects.toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
    // Framing problems come first, then input validation, then the size of what is read.
    await expect(
      send("x", { "content-type": "application/json" }, "/v1/upload"),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    await expect(send("x", { "content-type": "text/csv" }, "/v1/upload")).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    await expect(
      send("x".repeat(11), { "content-type": "text/csv", "content-length": "11" }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { limit: 10 } });
    await expect(send("x".repeat(11), { "content-type": "text/csv" })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
  });

  it("refuses a route with both a JSON and a raw body, and raw replies of undeclared statuses", async () => {
    expect(() =>
      defineRoute({
        method: "POST",
        path: "/v1/both",
        operationId: "both",
        summary: "Both",
        tags: [],
        auth: "staff",
        body: z.strictObject({}),
        rawBody: { description: "file", mediaTypes: ["text/csv"] },
        responses: { 204: { description: "none" } },
        async handler() {
          return { status: 204 };
        },
      }),
    ).toThrow(/either body or rawBody/);
    const raw = defineRoute({
      method: "GET",
      path: "/v1/raw",
      operationId: "raw",
      summary: "Raw",
      tags: [],
      auth: "public",
      responses: { 200: { description: "CSV", contentType: "text/csv" } },
      async handler() {
        return { response: new Response("x", { status: 201 }) };
      },
    });
    await expect(raw.run(input({ tenant: null }))).rejects.toThrow(/undeclared status 201/);
    defineRoute({
      method: "GET",
      path: "/v1/raw",
      operationId: "raw",
      summary: "Raw",
      tags: [],
      auth: "public",
      responses: { 200: { description: "CSV", contentType: "text/csv" } },
      // @ts-expect-error a raw response cannot be answered with a status-only reply
      async handler() {
        return { status: 200 };
      },
    });
  });

  it("refuses at definition time a params schema that does not match the path", () => {
    expect(() =>
      defineRoute({
        method: "GET",
        path: "/v1/things/{thingId}",
        operationId: "getThing",
        summary: "Get",
        tags: [],
        auth: "staff",
        params: z.strictObject({ id: z.string() }),
        responses: { 204: { description: "none" } },
        async handler() {
          return { status: 204 };
        },
      }),
    ).toThrow(/thingId/);
  });

  it("types the reply by the declared responses", () => {
    defineRoute({
      method: "GET",
      path: "/v1/typed",
      operationId: "typed",
      summary: "Typed",
      tags: [],
      auth: "staff",
      responses: { 200: { description: "n", schema: z.strictObject({ n: z.number() }) } },
      // @ts-expect-error 201 is not a declared status
      async handler() {
        return { status: 201, body: { n: 1 } };
      },
    });
    defineRoute({
      method: "GET",
      path: "/v1/typed",
      operationId: "typed",
      summary: "Typed",
      tags: [],
      auth: "staff",
      responses: { 200: { description: "n", schema: z.strictObject({ n: z.number() }) } },
      // @ts-expect-error the body does not match the schema
      async handler() {
        return { status: 200, body: { n: "one" } };
      },
    });
  });

  it("fails loudly when a handler replies with an undeclared status at run time", async () => {
    const sloppy = defineRoute({
      method: "GET",
      path: "/v1/sloppy",
      operationId: "sloppy",
      summary: "Sloppy",
      tags: [],
      auth: "public",
      responses: { 204: { description: "none" } },
      async handler() {
        return { status: 418 } as unknown as { status: 204 };
      },
    });
    await expect(sloppy.run(input({ tenant: null }))).rejects.toThrow(/undeclared status 418/);
  });
});

describe("Router", () => {
  const route = (method: "GET" | "POST" | "DELETE", path: string) => ({ method, path });

  it("prefers literal segments over parameters", () => {
    const router = new Router([
      route("GET", "/v1/codes/{codeId}"),
      route("GET", "/v1/codes/export"),
    ]);
    expect(router.match("GET", "/v1/codes/export")).toMatchObject({
      kind: "found",
      route: { path: "/v1/codes/export" },
    });
    expect(router.match("GET", "/v1/codes/c1")).toMatchObject({
      kind: "found",
      params: { codeId: "c1" },
    });
  });

  it("reports the allowed methods of a known path, HEAD with GET", () => {
    const router = new Router([route("GET", "/a"), route("POST", "/a")]);
    expect(router.match("DELETE", "/a")).toEqual({
      kind: "method_not_allowed",
      allow: ["GET", "HEAD", "POST"],
    });
    expect(router.match("HEAD", "/a")).toMatchObject({ kind: "found" });
    expect(router.match("GET", "/b")).toEqual({ kind: "not_found" });
    expect(router.match("GET", "/a//")).toEqual({ kind: "not_found" });
  });

  it("matches a parameter with a literal suffix, and prefers it over a bare parameter", () => {
    const router = new Router([
      route("GET", "/v1/codes/{serial}.png"),
      route("GET", "/v1/codes/{serial}.svg"),
      route("GET", "/v1/codes/{codeId}"),
      route("GET", "/v1/codes/export.png"),
    ]);
    expect(router.match("GET", "/v1/codes/12.png")).toMatchObject({
      kind: "found",
      route: { path: "/v1/codes/{serial}.png" },
      params: { serial: "12" },
    });
    expect(router.match("GET", "/v1/codes/12.svg")).toMatchObject({ params: { serial: "12" } });
    expect(router.match("GET", "/v1/codes/export.png")).toMatchObject({
      route: { path: "/v1/codes/export.png" },
    });
    expect(router.match("GET", "/v1/codes/12.gif")).toMatchObject({ params: { codeId: "12.gif" } });
    // The suffix alone is no value.
    expect(router.match("GET", "/v1/codes/.png")).toMatchObject({ params: { codeId: ".png" } });
    expect(() => new Router([route("GET", "/a/{x}.png"), route("GET", "/a/{y}.png")])).toThrow(
      /duplicate/,
    );
  });

  it("refuses duplicate routes and malformed templates", () => {
    expect(() => new Router([route("GET", "/a/{x}"), route("GET", "/a/{y}")])).toThrow(/duplicate/);
    expect(() => new Router([route("GET", "/a/{x")])).toThrow(/malformed/);
    expect(() => new Router([route("GET", "a")])).toThrow(/start with/);
  });
});
