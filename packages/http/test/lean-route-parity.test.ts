import { once } from "node:events";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOneCode, type OneCode } from "@onecode/core";
import { afterEach, describe, expect, it } from "vitest";
import { defineRoute } from "../src/define-route.js";
import {
  createHandler,
  type HandlerOptions,
  nodeClientAddress,
  toNodeListener,
} from "../src/index.js";
import { leanDispatcherOf } from "../src/lean-dispatch.js";
import { authenticate } from "./support/test-app.js";
import { GEO_TABLE } from "./support/trace-fixtures.js";

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(onecode: OneCode, options: Partial<HandlerOptions> = {}): Promise<number> {
  const handler = createHandler(onecode, { authenticate, ...options });
  const server = createServer(toNodeListener(handler));
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  options: {
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunked?: boolean;
  },
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers };
    if (!options.chunked && options.body !== undefined) {
      headers["content-length"] = String(Buffer.byteLength(options.body));
    }
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: options.path ?? "/v1/public/scans",
        headers,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => {
          // Connection management differs on purpose: the generic path closes a connection
          // whose body it refused unread (415), the lean path read the body first and keeps it.
          const { date: _d, connection: _c, "keep-alive": _k, ...rest } = res.headers;
          resolve({ status: res.statusCode ?? 0, headers: rest, body });
        });
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const json = { "content-type": "application/json" };
const CASES: {
  name: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  chunked?: boolean;
}[] = [
  { name: "unknown code", headers: json, body: '{"tenantId":"acme","code":"NoSuchCode123"}' },
  {
    name: "code URL",
    headers: json,
    body: '{"tenantId":"acme","code":"https://x.example/c/Ab12"}',
  },
  { name: "invalid fields", headers: json, body: '{"tenantId":"-x","visitorId":5,"more":1}' },
  { name: "malformed code", headers: json, body: '{"tenantId":"acme","code":"no such code"}' },
  { name: "malformed JSON", headers: json, body: '{"tenantId":' },
  { name: "empty body", headers: json, body: "" },
  { name: "invalid UTF-8", headers: json, body: Buffer.from([0x7b, 0xff, 0x7d]) },
  { name: "JSON array", headers: json, body: "[]" },
  { name: "form body", headers: { "content-type": "text/plain" }, body: "tenantId=acme" },
  { name: "no content type", body: '{"tenantId":"acme","code":"NoSuchCode123"}' },
  {
    name: "charset",
    headers: { "content-type": "application/json; charset=UTF-8" },
    body: '{"tenantId":"acme","code":"NoSuchCode123"}',
  },
  { name: "too large", headers: json, body: `{"code":"${"x".repeat(2048)}"}` },
  {
    name: "chunked",
    headers: json,
    body: '{"tenantId":"acme","code":"NoSuchCode123"}',
    chunked: true,
  },
];

describe("lean routes over node:http", () => {
  it("attach to handlers with the default clientIp only", () => {
    const onecode = createOneCode();
    expect(leanDispatcherOf(createHandler(onecode, { authenticate }))).toBeDefined();
    expect(
      leanDispatcherOf(createHandler(onecode, { authenticate, clientIp: nodeClientAddress })),
    ).toBeUndefined();
  });

  it("answer exactly like the generic path: status, headers and body", async () => {
    const options = { maxBodyBytes: 1024 };
    const config = { trace: { scanRateLimit: { limit: 1000, windowMs: 60_000 } } };
    const lean = await listen(createOneCode(config), options);
    // A custom clientIp (here the same address) turns the lean path off.
    const generic = await listen(createOneCode(config), {
      ...options,
      clientIp: nodeClientAddress,
    });
    for (const sample of CASES) {
      const [viaLean, viaGeneric] = await Promise.all([send(lean, sample), send(generic, sample)]);
      expect(viaLean.status, sample.name).toBe(viaGeneric.status);
      expect(viaLean.headers, sample.name).toEqual(viaGeneric.headers);
      expect(JSON.parse(viaLean.body), sample.name).toEqual(JSON.parse(viaGeneric.body));
    }
  });

  it("serve lean routes below the base path only", async () => {
    const port = await listen(createOneCode(), { basePath: "/api" });
    const body = '{"tenantId":"acme","code":"NoSuchCode123"}';
    const inside = await send(port, { path: "/api/v1/public/scans", headers: json, body });
    expect([inside.status, JSON.parse(inside.body).verdict]).toEqual([200, "unknown_code"]);
    const outside = await send(port, { headers: json, body });
    expect([outside.status, JSON.parse(outside.body).code]).toEqual([404, "ROUTE_NOT_FOUND"]);
  });

  it("records the scan with the socket's region, and reports 500s with the Request", async () => {
    const { staticGeo } = await import("@onecode/core");
    const onecode = createOneCode({ geo: staticGeo(GEO_TABLE) });
    const port = await listen(onecode);
    const reply = await send(port, {
      headers: json,
      body: '{"tenantId":"acme","code":"NoSuchCode123","visitorId":"v-9"}',
    });
    expect(reply.status).toBe(200);
    expect(reply.headers["cache-control"]).toBe("no-store");

    const failures: { error: unknown; url: string; body: string; address: string | null }[] = [];
    const broken = {
      ...onecode,
      scans: {
        async scan() {
          throw new Error("storage is down");
        },
      },
    } as unknown as OneCode;
    const failing = await listen(broken, {
      onError(error, request) {
        void request
          .text()
          .then((body) =>
            failures.push({ error, url: request.url, body, address: nodeClientAddress(request) }),
          );
      },
    });
    const failed = await send(failing, {
      path: "/v1/public/scans?x=1",
      headers: json,
      body: '{"tenantId":"acme","code":"Ab12"}',
    });
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.body)).toMatchObject({
      code: "INTERNAL",
      instance: "/v1/public/scans",
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failures).toEqual([
      {
        error: expect.objectContaining({ message: "storage is down" }),
        url: `http://127.0.0.1:${failing}/v1/public/scans?x=1`,
        body: '{"tenantId":"acme","code":"Ab12"}',
        address: "127.0.0.1",
      },
    ]);
  });

  it("refuses to mark staff or parameterised routes lean", () => {
    const base = {
      method: "GET" as const,
      operationId: "x",
      summary: "x",
      tags: [],
      lean: true,
      responses: { 204: { description: "none" } },
      handler: async () => ({ status: 204 as const }),
    };
    expect(() => defineRoute({ ...base, path: "/x", auth: "staff" })).toThrow(/lean routes/);
    expect(() => defineRoute({ ...base, path: "/x", auth: "public" })).not.toThrow();
  });
});
