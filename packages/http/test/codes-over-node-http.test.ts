import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOneCode, type OneCode } from "@onecode/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHandler, toNodeListener } from "../src/index.js";
import { createMerchant, createQuickRule, singlePackage } from "./support/codes-fixtures.js";
import { authenticate, createTestApp } from "./support/test-app.js";

const servers: Server[] = [];
const auth = { authorization: "Bearer acme-admin" };

async function serve(onecode: OneCode): Promise<string> {
  const server = createServer(toNodeListener(createHandler(onecode, { authenticate })));
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

/** `onecode` with its code listing and progress watching counted. */
function instrumented(base: OneCode) {
  const counts = { listCodes: 0, watching: 0 };
  const onecode: OneCode = {
    ...base,
    codePackages: {
      ...base.codePackages,
      listCodes(ctx, id, query) {
        counts.listCodes++;
        return base.codePackages.listCodes(ctx, id, query);
      },
      async *watch(ctx, id, options) {
        counts.watching++;
        try {
          yield* base.codePackages.watch(ctx, id, options);
        } finally {
          counts.watching--;
        }
      },
    },
  };
  return { onecode, counts };
}

describe("codes routes over node:http", () => {
  it("stops watching a job when the SSE client disconnects", async () => {
    const { onecode, counts } = instrumented(createOneCode({ codes: { autoRun: false } }));
    const app = createTestApp({ onecode });
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const job = await app.call("POST", "/v1/code-packages", {
      body: { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 5 },
    });
    const origin = await serve(onecode);
    const client = new AbortController();
    const response = await fetch(`${origin}/v1/code-packages/${job.json.id}/events`, {
      headers: auth,
      signal: client.signal,
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: progress");
    expect(counts.watching).toBe(1);
    client.abort();
    await vi.waitFor(() => expect(counts.watching).toBe(0));
  });

  it("keeps serving while images.zip renders, and stops rendering when the client goes away", async () => {
    const { onecode, counts } = instrumented(createOneCode({ codes: { autoRun: true } }));
    const app = createTestApp({ onecode });
    const { pkg } = await singlePackage(app, 3000);
    const origin = await serve(onecode);
    const client = new AbortController();
    const response = await fetch(`${origin}/v1/code-packages/${pkg.id}/images.zip`, {
      headers: auth,
      signal: client.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    // Rendering yields to the event loop: the server answers other requests meanwhile.
    const started = performance.now();
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(250);
    client.abort();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const listedAfterAbort = counts.listCodes;
    // 3,000 codes are 15 pages of 200; only the first few were ever listed.
    expect(listedAfterAbort).toBeLessThan(8);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(counts.listCodes).toBe(listedAfterAbort);
  });

  it("sends the CSV chunked, without a length known up front", async () => {
    const onecode = createOneCode({ codes: { autoRun: true } });
    const app = createTestApp({ onecode });
    const { pkg } = await singlePackage(app, 20_000);
    const origin = await serve(onecode);
    const response = await fetch(`${origin}/v1/code-packages/${pkg.id}/codes.csv`, {
      headers: auth,
    });
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(response.headers.get("content-length")).toBeNull();
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    let text = "";
    const decoder = new TextDecoder();
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks++;
      text += decoder.decode(next.value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text.trimEnd().split("\r\n")).toHaveLength(20_001);
  });
});
