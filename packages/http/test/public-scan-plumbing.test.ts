import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOneCode, type OneCode, OneCodeError } from "@onecode/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createHandler,
  type FetchHandler,
  type NodeListenerOptions,
  toNodeListener,
} from "../src/index.js";
import { scanResultSchema } from "../src/schemas/scan-schemas.js";
import { authenticate, readReply } from "./support/test-app.js";

/** What core answers for an unknown code. */
const UNKNOWN_RESULT = {
  verdict: "unknown_code",
  batchState: null,
  product: null,
  batch: null,
  productionTasks: [],
  distribution: [],
  scans: null,
  countAlert: null,
  campaign: null,
  codeStatus: null,
} as const;

interface ScanCall {
  readonly tenantId: string;
  readonly code: string;
  readonly ip: string;
  readonly visitorId?: string | null;
  readonly userId?: string | null;
}

/** A OneCode whose `scans.scan` records its input and answers `answer(input)`. */
function stubbedScans(answer: (input: ScanCall) => unknown = () => UNKNOWN_RESULT) {
  const calls: ScanCall[] = [];
  const base = createOneCode();
  const onecode = {
    ...base,
    scans: {
      async scan(input: ScanCall) {
        calls.push(input);
        return answer(input);
      },
    },
  } as unknown as OneCode;
  return { onecode, calls };
}

const servers: Server[] = [];

async function listen(handler: FetchHandler, options?: NodeListenerOptions): Promise<string> {
  const server = createServer(toNodeListener(handler, options));
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function scanRequest(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

describe("public scan route plumbing", () => {
  it("passes the socket address to core; X-Forwarded-For only counts behind trustProxy", async () => {
    const { onecode, calls } = stubbedScans();
    const handler = createHandler(onecode, { authenticate });
    const direct = await listen(handler);
    const spoofed = { "x-forwarded-for": "203.0.113.9" };
    const body = { tenantId: "acme", code: "AbC123" };

    const plain = await fetch(`${direct}/v1/public/scans`, scanRequest(body, spoofed));
    expect(plain.status).toBe(200);
    expect(calls.at(-1)?.ip).toBe("127.0.0.1");

    const proxied = await listen(handler, { trustProxy: 1 });
    await fetch(`${proxied}/v1/public/scans`, scanRequest(body, spoofed));
    expect(calls.at(-1)?.ip).toBe("203.0.113.9");
    // A client prepending its own choice does not move the rightmost-untrusted element.
    await fetch(
      `${proxied}/v1/public/scans`,
      scanRequest(body, { "x-forwarded-for": "1.1.1.1, 203.0.113.10" }),
    );
    expect(calls.at(-1)?.ip).toBe("203.0.113.10");
    // Without the header the proxy itself is the client.
    await fetch(`${proxied}/v1/public/scans`, scanRequest(body));
    expect(calls.at(-1)?.ip).toBe("127.0.0.1");
  });

  it("refuses a negative or fractional trustProxy", () => {
    const handler: FetchHandler = async () => new Response(null);
    expect(() => toNodeListener(handler, { trustProxy: -1 })).toThrow(TypeError);
    expect(() => toNodeListener(handler, { trustProxy: 1.5 })).toThrow(TypeError);
  });

  it("uses the host's clientIp, and a shared placeholder when no address is known", async () => {
    const { onecode, calls } = stubbedScans();
    const body = { tenantId: "acme", code: "AbC123", visitorId: "v-1" };
    const custom = createHandler(onecode, {
      authenticate,
      clientIp: (request) => request.headers.get("fly-client-ip"),
    });
    await custom(
      new Request(
        "http://test.local/v1/public/scans",
        scanRequest(body, { "fly-client-ip": "192.0.2.4" }),
      ),
    );
    expect(calls.at(-1)).toEqual({
      tenantId: "acme",
      code: "AbC123",
      ip: "192.0.2.4",
      visitorId: "v-1",
      userId: null,
    });
    const fallback = createHandler(onecode, { authenticate });
    await fallback(new Request("http://test.local/v1/public/scans", scanRequest(body)));
    expect(calls.at(-1)?.ip).toBe("unknown");
  });

  it("never calls authenticate and answers uncacheable JSON", async () => {
    const { onecode } = stubbedScans();
    const spy = vi.fn(authenticate);
    const handler = createHandler(onecode, { authenticate: spy });
    const response = await handler(
      new Request(
        "http://test.local/v1/public/scans",
        scanRequest({ tenantId: "acme", code: "https://t.acme.example/c/AbC123" }),
      ),
    );
    const reply = await readReply(response);
    expect(reply.status).toBe(200);
    expect(spy).not.toHaveBeenCalled();
    expect(reply.headers.get("content-type")).toBe("application/json");
    expect(reply.headers.get("cache-control")).toBe("no-store");
    expect(reply.headers.get("content-length")).toBe(
      String(new TextEncoder().encode(reply.text).byteLength),
    );
    expect(scanResultSchema.parse(reply.json)).toEqual(UNKNOWN_RESULT);
  });

  it("names every invalid field before core is called", async () => {
    const { onecode, calls } = stubbedScans();
    const handler = createHandler(onecode, { authenticate });
    const send = async (body: unknown, contentType = "application/json") =>
      readReply(
        await handler(
          new Request("http://test.local/v1/public/scans", {
            method: "POST",
            headers: { "content-type": contentType },
            body: typeof body === "string" ? body : JSON.stringify(body),
          }),
        ),
      );
    const missing = await send({ visitorId: 7, extra: true });
    expect(missing.status).toBe(400);
    expect(missing.json.code).toBe("VALIDATION_FAILED");
    expect(missing.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "code",
      "extra",
      "tenantId",
      "visitorId",
    ]);
    const badTenant = await send({ tenantId: "-acme", code: "x".repeat(2001) });
    expect(
      badTenant.json.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]),
    ).toEqual([
      ["tenantId", "tenant_id_format"],
      ["code", "max_length"],
      ["code", "code_format"],
    ]);
    expect((await send("{", "application/json")).json.code).toBe("MALFORMED_JSON");
    expect((await send("tenantId=acme", "application/x-www-form-urlencoded")).status).toBe(415);
    expect(calls).toHaveLength(0);
  });

  it("maps core's RATE_LIMITED to 429 with Retry-After in whole seconds", async () => {
    const { onecode } = stubbedScans(() => {
      throw new OneCodeError("RATE_LIMITED", "Too many scans from this client; retry in 1.2 s", {
        retryAfterMs: 1200,
        limit: 10,
        windowMs: 60_000,
      });
    });
    const handler = createHandler(onecode, { authenticate });
    const reply = await readReply(
      await handler(
        new Request(
          "http://test.local/v1/public/scans",
          scanRequest({ tenantId: "acme", code: "AbC123" }),
        ),
      ),
    );
    expect(reply.status).toBe(429);
    expect(reply.headers.get("retry-after")).toBe("2");
    expect(reply.headers.get("content-type")).toBe("application/problem+json");
    expect(reply.json).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterMs: 1200 } });
  });
});
