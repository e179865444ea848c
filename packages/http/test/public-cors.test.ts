import { createOneCode } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { createHandler, type HandlerOptions } from "../src/index.js";
import { authenticate, readReply } from "./support/test-app.js";

const PAGE = "https://h5.brand.example";
const SCANS = "http://api.test/v1/public/scans";

function handlerWith(options: Partial<HandlerOptions> = {}) {
  const onecode = createOneCode({ trace: { scanRateLimit: { limit: 2, windowMs: 60_000 } } });
  return createHandler(onecode, {
    authenticate,
    clientIp: () => "203.0.113.7",
    cors: { origins: [PAGE, "http://localhost:5173"] },
    ...options,
  });
}

function preflight(path: string, headers: Record<string, string>) {
  return new Request(`http://api.test${path}`, { method: "OPTIONS", headers });
}

function scan(body: unknown, origin?: string) {
  return new Request(SCANS, {
    method: "POST",
    headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
    body: JSON.stringify(body),
  });
}

const corsHeaders = (response: Response) =>
  Object.fromEntries(
    [...response.headers].filter(([name]) => name.startsWith("access-control-") || name === "vary"),
  );

describe("CORS for public routes", () => {
  it("answers a preflight from a listed origin with the grant, the route's methods and max-age", async () => {
    const response = await handlerWith()(
      preflight("/v1/public/scans", {
        origin: PAGE,
        "access-control-request-method": "POST",
        "access-control-request-headers": "Content-Type",
      }),
    );
    expect(response.status).toBe(204);
    expect(corsHeaders(response)).toEqual({
      "access-control-allow-origin": PAGE,
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": "content-type",
      "access-control-max-age": "600",
      vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    });
  });

  it("grants nothing to an unlisted origin, another method or a header it does not allow", async () => {
    const handler = handlerWith({ cors: { origins: [PAGE], maxAgeSeconds: 60 } });
    const asks: Record<string, string>[] = [
      { origin: "https://evil.example", "access-control-request-method": "POST" },
      { origin: PAGE, "access-control-request-method": "DELETE" },
      {
        origin: PAGE,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, authorization",
      },
    ];
    for (const headers of asks) {
      const response = await handler(preflight("/v1/public/scans", headers));
      expect(response.status, JSON.stringify(headers)).toBe(204);
      expect(
        response.headers.get("access-control-allow-origin"),
        JSON.stringify(headers),
      ).toBeNull();
      expect(response.headers.get("vary")).toContain("Origin");
    }
  });

  it("puts the allowed origin on every public answer, errors included, and exposes Retry-After", async () => {
    const handler = handlerWith();
    const ok = await handler(scan({ tenantId: "acme", code: "NoSuchCode123" }, PAGE));
    expect(ok.status).toBe(200);
    expect(corsHeaders(ok)).toEqual({
      "access-control-allow-origin": PAGE,
      "access-control-expose-headers": "Retry-After",
      vary: "Origin",
    });
    const invalid = await handler(scan({ tenantId: "-" }, PAGE));
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("access-control-allow-origin")).toBe(PAGE);
    await handler(scan({ tenantId: "acme", code: "NoSuchCode123" }, PAGE));
    const limited = await handler(scan({ tenantId: "acme", code: "NoSuchCode123" }, PAGE));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("access-control-allow-origin")).toBe(PAGE);
    expect(limited.headers.get("retry-after")).not.toBeNull();
  });

  it("gives an unlisted origin's page no grant, only Vary: Origin", async () => {
    const response = await handlerWith()(
      scan({ tenantId: "acme", code: "NoSuchCode123" }, "https://evil.example"),
    );
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual({ vary: "Origin" });
  });

  it("answers any page with * when the origins are [*]", async () => {
    const handler = handlerWith({ cors: { origins: ["*"] } });
    const response = await handler(scan({ tenantId: "acme", code: "NoSuchCode123" }, PAGE));
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const asked = await handler(
      preflight("/v1/public/scans", {
        origin: "https://any.example",
        "access-control-request-method": "POST",
      }),
    );
    expect(asked.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("leaves staff routes closed to other origins: no preflight, no grant", async () => {
    const handler = handlerWith();
    const asked = await readReply(
      await handler(
        preflight("/v1/merchants", { origin: PAGE, "access-control-request-method": "GET" }),
      ),
    );
    expect(asked.status).toBe(405);
    expect(asked.headers.get("access-control-allow-origin")).toBeNull();
    const listed = await handler(
      new Request("http://api.test/v1/merchants", {
        headers: { origin: PAGE, authorization: "Bearer acme-admin" },
      }),
    );
    expect(listed.status).toBe(200);
    expect(corsHeaders(listed)).toEqual({});
  });

  it("is off without the option: public answers carry no CORS headers and OPTIONS is 405", async () => {
    const handler = handlerWith({ cors: undefined });
    const response = await handler(scan({ tenantId: "acme", code: "NoSuchCode123" }, PAGE));
    expect(corsHeaders(response)).toEqual({});
    const asked = await handler(
      preflight("/v1/public/scans", { origin: PAGE, "access-control-request-method": "POST" }),
    );
    expect(asked.status).toBe(405);
  });

  it("refuses origins that are not scheme, host and port, and a negative max-age", () => {
    for (const origins of [
      ["h5.brand.example"],
      ["https://h5.brand.example/"],
      ["ftp://x.example"],
    ]) {
      expect(() => handlerWith({ cors: { origins } }), origins[0]).toThrow(TypeError);
    }
    expect(() => handlerWith({ cors: { origins: [PAGE], maxAgeSeconds: -1 } })).toThrow(TypeError);
  });
});
