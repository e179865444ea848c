import { once } from "node:events";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createOneCode,
  ManualClock,
  type OneCode,
  type OneCodeConfig,
  seededRandom,
  staticGeo,
  tenantContext,
} from "@onecode/core";
import { releasedCodes } from "@onecode/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { defineRoute } from "../src/define-route.js";
import {
  createHandler,
  type HandlerOptions,
  nodeClientAddress,
  toNodeListener,
} from "../src/index.js";
import { nodeDirectDispatcherOf } from "../src/node-direct-dispatch.js";
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
          // whose body it refused unread (415), the node-direct path read the body first and keeps it.
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

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });

/**
 * A OneCode with one genuine code: a generated package bound to an active
 * batch. Clock and randomness are fixed, so two instances hold the same
 * codes and answer the same scans byte for byte.
 */
async function withGenuineCode(config: OneCodeConfig = {}) {
  const onecode = createOneCode({
    clock: new ManualClock("2026-05-01T08:00:00Z"),
    random: seededRandom("node-direct-route-parity"),
    geo: staticGeo(GEO_TABLE),
    codes: { autoRun: true },
    ...config,
  });
  const { codes } = await releasedCodes(onecode, admin, { quantity: 2 });
  return { onecode, code: codes[0] as string };
}

const json = { "content-type": "application/json" };
const CASES: {
  name: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  chunked?: boolean;
}[] = [
  { name: "genuine code", headers: json, body: '{"tenantId":"acme","code":"<genuine>"}' },
  {
    name: "genuine code URL, second scan",
    headers: json,
    body: '{"tenantId":"acme","code":"https://t.acme.example/c/<genuine>","visitorId":"v-2"}',
  },
  { name: "unknown code", headers: json, body: '{"tenantId":"acme","code":"NoSuchCode123"}' },
  {
    name: "page on an allowed origin",
    headers: { ...json, origin: "https://h5.brand.example" },
    body: '{"tenantId":"acme","code":"<genuine>"}',
  },
  {
    name: "invalid input from a page on an allowed origin",
    headers: { ...json, origin: "https://h5.brand.example" },
    body: '{"tenantId":"-"}',
  },
  {
    name: "page on another origin",
    headers: { ...json, origin: "https://evil.example" },
    body: '{"tenantId":"acme","code":"<genuine>"}',
  },
  {
    name: "NUL in visitorId",
    headers: json,
    body: '{"tenantId":"acme","code":"<genuine>","visitorId":"v\\u0000"}',
  },
  {
    name: "lone surrogate in userId",
    headers: json,
    body: '{"tenantId":"acme","code":"<genuine>","userId":"\\ud800"}',
  },
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

/** A sample body with its `<genuine>` placeholder replaced by the genuine code. */
function withCode(body: string | Buffer | undefined, code: string): string | Buffer | undefined {
  return typeof body === "string" ? body.replaceAll("<genuine>", code) : body;
}

describe("node-direct routes over node:http", () => {
  it("attach to handlers with the default clientIp only", () => {
    const onecode = createOneCode();
    expect(nodeDirectDispatcherOf(createHandler(onecode, { authenticate }))).toBeDefined();
    expect(
      nodeDirectDispatcherOf(createHandler(onecode, { authenticate, clientIp: nodeClientAddress })),
    ).toBeUndefined();
  });

  it("answer exactly like the generic path: status, headers (CORS too) and body, genuine codes included", async () => {
    const options = { maxBodyBytes: 1024, cors: { origins: ["https://h5.brand.example"] } };
    const config = { trace: { scanRateLimit: { limit: 1000, windowMs: 60_000 } } };
    const nodeDirectApp = await withGenuineCode(config);
    const genericApp = await withGenuineCode(config);
    expect(nodeDirectApp.code).toBe(genericApp.code);
    const nodeDirect = await listen(nodeDirectApp.onecode, options);
    // A custom clientIp (here the same address) turns the node-direct path off.
    const generic = await listen(genericApp.onecode, { ...options, clientIp: nodeClientAddress });
    const statuses: number[] = [];
    for (const template of CASES) {
      const sample = { ...template, body: withCode(template.body, nodeDirectApp.code) };
      const [viaNodeDirect, viaGeneric] = await Promise.all([
        send(nodeDirect, sample),
        send(generic, sample),
      ]);
      expect(viaNodeDirect.status, sample.name).toBe(viaGeneric.status);
      expect(viaNodeDirect.headers, sample.name).toEqual(viaGeneric.headers);
      expect(JSON.parse(viaNodeDirect.body), sample.name).toEqual(JSON.parse(viaGeneric.body));
      statuses.push(viaNodeDirect.status);
    }
    // Genuine scans (code and URL), an unknown code, pages of two origins, text storage cannot keep.
    expect(statuses.slice(0, 8)).toEqual([200, 200, 200, 200, 400, 200, 400, 400]);
    const genuine = await send(nodeDirect, {
      headers: { ...json, origin: "https://h5.brand.example" },
      body: withCode(CASES[0]?.body, nodeDirectApp.code),
    });
    expect(JSON.parse(genuine.body).verdict).toBe("genuine");
    expect(genuine.headers["access-control-allow-origin"]).toBe("https://h5.brand.example");
  });

  it("answer a rate-limited scan exactly like the generic path: 429 with Retry-After", async () => {
    const config = { trace: { scanRateLimit: { limit: 1, windowMs: 60_000 } } };
    const nodeDirectApp = await withGenuineCode(config);
    const genericApp = await withGenuineCode(config);
    const nodeDirect = await listen(nodeDirectApp.onecode);
    const generic = await listen(genericApp.onecode, { clientIp: nodeClientAddress });
    const sample = { headers: json, body: `{"tenantId":"acme","code":"${nodeDirectApp.code}"}` };
    const answers: Raw[][] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      answers.push(await Promise.all([send(nodeDirect, sample), send(generic, sample)]));
    }
    const [[firstNodeDirect, firstGeneric], [limitedNodeDirect, limitedGeneric]] = answers as [
      Raw[],
      Raw[],
    ];
    expect([firstNodeDirect?.status, firstGeneric?.status]).toEqual([200, 200]);
    expect([limitedNodeDirect?.status, limitedGeneric?.status]).toEqual([429, 429]);
    expect(limitedNodeDirect?.headers["retry-after"]).toBe("60");
    expect(limitedNodeDirect?.headers).toEqual(limitedGeneric?.headers);
    expect(JSON.parse(limitedNodeDirect?.body ?? "")).toEqual(
      JSON.parse(limitedGeneric?.body ?? ""),
    );
    expect(JSON.parse(limitedNodeDirect?.body ?? "").code).toBe("RATE_LIMITED");
  });

  it("serve node-direct routes below the base path only", async () => {
    const port = await listen(createOneCode(), { basePath: "/api" });
    const body = '{"tenantId":"acme","code":"NoSuchCode123"}';
    const inside = await send(port, { path: "/api/v1/public/scans", headers: json, body });
    expect([inside.status, JSON.parse(inside.body).verdict]).toEqual([200, "unknown_code"]);
    const outside = await send(port, { headers: json, body });
    expect([outside.status, JSON.parse(outside.body).code]).toEqual([404, "ROUTE_NOT_FOUND"]);
  });

  it("records the scan with the region of the socket's address, counted for the address, keeping the declared visitor id", async () => {
    const { onecode, code } = await withGenuineCode();
    const port = await listen(onecode);
    const reply = await send(port, {
      headers: json,
      body: `{"tenantId":"acme","code":"${code}","visitorId":"v-9"}`,
    });
    expect(reply.status).toBe(200);
    expect(reply.headers["cache-control"]).toBe("no-store");
    const { items } = await onecode.scans.listScans(admin, code);
    // 127.0.0.1 is in CN-GD in the test geo table.
    expect(
      items.map(({ region, visitorId, declaredVisitorId, verdict }) => ({
        region,
        visitor: visitorId?.slice(0, 3),
        declaredVisitorId,
        verdict,
      })),
    ).toEqual([{ region: "CN-GD", visitor: "ip:", declaredVisitorId: "v-9", verdict: "genuine" }]);
  });

  it("reports a 500 to onError with the Request: its URL, body and client address", async () => {
    const onecode = createOneCode();
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

  it("refuses to mark staff or parameterised routes nodeDirect", () => {
    const base = {
      method: "GET" as const,
      operationId: "x",
      summary: "x",
      tags: [],
      nodeDirect: true,
      responses: { 204: { description: "none" } },
      handler: async () => ({ status: 204 as const }),
    };
    expect(() => defineRoute({ ...base, path: "/x", auth: "staff" })).toThrow(/node-direct routes/);
    expect(() => defineRoute({ ...base, path: "/x", auth: "public" })).not.toThrow();
  });
});
