import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOneCode } from "@onecode/core";
import { afterEach, describe, expect, it } from "vitest";
import { createHandler, toNodeListener } from "../src/index.js";
import { authenticate, merchantInput } from "./support/test-app.js";

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Reads the whole body the way a body parser does, then leaves its result on `req.body`. */
type Parser = (raw: Buffer, req: IncomingMessage) => unknown;

/** A node:http server where a body parser runs before OneCode, as `app.use(express.json())` does. */
async function listenBehindParser(parse: Parser): Promise<string> {
  const listener = toNodeListener(createHandler(createOneCode(), { authenticate }));
  const server = createServer(async (req, res) => {
    // Like body-parser, it reads only requests that announce a body.
    if (req.headers["content-type"] === undefined) return listener(req, res);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    (req as IncomingMessage & { body?: unknown }).body = parse(Buffer.concat(chunks), req);
    listener(req, res);
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const auth = { authorization: "Bearer acme-admin" };

function postMerchant(origin: string, body: string, contentType = "application/json") {
  return fetch(`${origin}/v1/merchants`, {
    method: "POST",
    headers: { ...auth, "content-type": contentType },
    body,
    signal: AbortSignal.timeout(5_000), // a hang fails the test instead of stalling it
  });
}

describe("toNodeListener after a body parser has read the request", () => {
  it("uses a parsed JSON body (express.json())", async () => {
    const origin = await listenBehindParser((raw) => JSON.parse(raw.toString("utf8")));
    // Whitespace makes the re-serialised body shorter than the announced Content-Length.
    const created = await postMerchant(origin, JSON.stringify(merchantInput(), null, 4));
    expect(created.status).toBe(201);
    const merchant = (await created.json()) as { id: string; name: string };
    expect(merchant.name).toBe("Acme Tea");

    const fetched = await fetch(`${origin}/v1/merchants/${merchant.id}`, { headers: auth });
    expect(await fetched.json()).toEqual(merchant);
  });

  it("uses raw bytes and text as they are (express.raw(), express.text())", async () => {
    const rawOrigin = await listenBehindParser((raw) => raw);
    expect((await postMerchant(rawOrigin, JSON.stringify(merchantInput()))).status).toBe(201);

    const textOrigin = await listenBehindParser((raw) => raw.toString("utf8"));
    const malformed = await postMerchant(textOrigin, "{not json");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe("MALFORMED_JSON");
  });

  it("answers at once with a problem naming the cause when the parsed form cannot be used", async () => {
    const origin = await listenBehindParser((raw) =>
      Object.fromEntries(new URLSearchParams(raw.toString("utf8"))),
    );
    const reply = await postMerchant(origin, "name=Acme", "application/x-www-form-urlencoded");
    expect(reply.status).toBe(500);
    expect(reply.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await reply.json()) as { code: string; detail: string; instance: string };
    expect(problem.code).toBe("INTERNAL");
    expect(problem.instance).toBe("/v1/merchants");
    expect(problem.detail).toContain("already read by another middleware");
    expect(problem.detail).toContain("Mount OneCode before body parsers");
  });
});
