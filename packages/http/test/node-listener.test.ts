import { once } from "node:events";
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from "node:http";
import type { AddressInfo } from "node:net";
import { createOneCode } from "@onecode/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHandler, type FetchHandler, toNodeListener } from "../src/index.js";
import { authenticate, merchantInput } from "./support/test-app.js";

const servers: Server[] = [];

async function listen(handler: FetchHandler): Promise<{ origin: string; port: number }> {
  const server = createServer(toNodeListener(handler));
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request through `node:http`, for what fetch cannot send (odd paths, Host, slow bodies). */
function rawRequest(
  options: { port: number; method?: string; path: string; headers?: Record<string, string> },
  writeBody?: (write: (chunk: string) => boolean) => Promise<void>,
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: options.port,
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.flushHeaders();
    if (!writeBody) {
      req.end();
      return;
    }
    writeBody((chunk) => req.write(chunk)).then(
      () => req.end(),
      (error) => req.destroy(error),
    );
  });
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe("toNodeListener", () => {
  it("serves the OneCode API over node:http", async () => {
    const handler = createHandler(createOneCode(), { authenticate });
    const { origin } = await listen(handler);
    const auth = { authorization: "Bearer acme-admin" };

    const created = await fetch(`${origin}/v1/merchants`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(merchantInput()),
    });
    expect(created.status).toBe(201);
    const merchant = (await created.json()) as { id: string };
    expect(created.headers.get("location")).toBe(`/v1/merchants/${merchant.id}`);

    const fetched = await fetch(`${origin}${created.headers.get("location")}`, { headers: auth });
    expect(await fetched.json()).toEqual(merchant);

    const list = await fetch(`${origin}/v1/merchants?limit=10`, { headers: auth });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);

    const deleted = await fetch(`${origin}/v1/merchants/${merchant.id}`, {
      method: "DELETE",
      headers: auth,
    });
    expect(deleted.status).toBe(204);

    const missing = await fetch(`${origin}/v1/merchants/${merchant.id}`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(((await missing.json()) as { code: string }).code).toBe("NOT_FOUND");

    const unauthenticated = await fetch(`${origin}/v1/merchants`);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("builds the Request from the Host header, path, method and headers", async () => {
    let seen: Request | undefined;
    const { port } = await listen(async (request) => {
      seen = request;
      return new Response("ok");
    });
    const reply = await rawRequest({
      port,
      path: "//evil.example/x?q=1",
      headers: { host: "api.acme.example:8443", "x-trace": "abc" },
    });
    expect(reply.status).toBe(200);
    expect(seen?.url).toBe("http://api.acme.example:8443//evil.example/x?q=1");
    expect(seen?.method).toBe("GET");
    expect(seen?.headers.get("x-trace")).toBe("abc");
    expect(seen?.body).toBeNull();
  });

  it("streams the request body to the handler", async () => {
    const chunksSeen: number[] = [];
    const { port } = await listen(async (request) => {
      const reader = request.body?.getReader();
      let total = 0;
      for (;;) {
        const next = await reader?.read();
        if (!next || next.done) break;
        total += next.value.byteLength;
        chunksSeen.push(next.value.byteLength);
      }
      return Response.json({ total });
    });
    const reply = await rawRequest(
      {
        port,
        method: "POST",
        path: "/upload",
        headers: { "content-type": "application/octet-stream" },
      },
      async (write) => {
        for (let i = 0; i < 5; i++) {
          write("x".repeat(1000));
          await tick();
        }
      },
    );
    expect(JSON.parse(reply.body)).toEqual({ total: 5000 });
    expect(chunksSeen.length).toBeGreaterThan(1);
  });

  it("streams the response without buffering it", async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const encoder = new TextEncoder();
    const { origin } = await listen(async () => {
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode("data: first\n\n"));
          await released;
          controller.enqueue(encoder.encode("data: second\n\n"));
          controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    });
    const response = await fetch(`${origin}/events`);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    // The second chunk does not exist yet: the first arrived on its own.
    expect(decoder.decode(first.value)).toBe("data: first\n\n");
    release();
    let rest = "";
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      rest += decoder.decode(next.value);
    }
    expect(rest).toBe("data: second\n\n");
  });

  it("aborts the request signal and cancels the response stream when the client disconnects", async () => {
    let signal: AbortSignal | undefined;
    const cancelled = vi.fn();
    const encoder = new TextEncoder();
    const { origin } = await listen(async (request) => {
      signal = request.signal;
      let timer: NodeJS.Timeout | undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          timer = setInterval(() => controller.enqueue(encoder.encode("data: tick\n\n")), 5);
        },
        cancel() {
          clearInterval(timer);
          cancelled();
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    });
    const client = new AbortController();
    const response = await fetch(`${origin}/events`, { signal: client.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    client.abort();
    await vi.waitFor(() => {
      expect(signal?.aborted).toBe(true);
      expect(cancelled).toHaveBeenCalled();
    });
  });

  it("keeps every Set-Cookie header and sends no body for HEAD", async () => {
    const { origin } = await listen(async () => {
      const headers = new Headers({ "content-type": "text/plain" });
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Path=/");
      return new Response("hello", { status: 202, headers });
    });
    const response = await fetch(`${origin}/cookies`);
    expect(response.status).toBe(202);
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(await response.text()).toBe("hello");
    const head = await fetch(`${origin}/cookies`, { method: "HEAD" });
    expect(await head.text()).toBe("");
  });

  it("answers 413 as soon as Content-Length exceeds the limit, without waiting for the body", async () => {
    const handler = createHandler(createOneCode(), { authenticate, maxBodyBytes: 1000 });
    const { port } = await listen(handler);
    let bodySent = false;
    const reply = await rawRequest(
      {
        port,
        method: "POST",
        path: "/v1/merchants",
        headers: {
          authorization: "Bearer acme-admin",
          "content-type": "application/json",
          "content-length": "10000000",
        },
      },
      async () => {
        // Never sends the announced body: the reply must not depend on it.
        await tick(50);
        bodySent = true;
        throw new Error("stop");
      },
    );
    expect(bodySent).toBe(false);
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe("close");
    expect(JSON.parse(reply.body)).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      errors: [{ field: "body" }],
    });
  });

  it("answers 413 for a chunked body that passes the limit while streaming", async () => {
    const handler = createHandler(createOneCode(), { authenticate, maxBodyBytes: 1000 });
    const { port } = await listen(handler);
    const reply = await rawRequest(
      {
        port,
        method: "POST",
        path: "/v1/merchants",
        headers: { authorization: "Bearer acme-admin", "content-type": "application/json" },
      },
      async (write) => {
        for (let i = 0; i < 3; i++) {
          write(" ".repeat(600));
          await tick();
        }
      },
    );
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers 500 when the handler itself rejects", async () => {
    const { origin } = await listen(async () => {
      throw new Error("broken handler");
    });
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("");
  });
});
