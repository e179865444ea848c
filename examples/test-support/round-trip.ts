import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";

/** Sends one request to the mounted API, the way each framework example is reached. */
export type Send = (request: Request) => Promise<Response>;

/** The bearer token every example's `authenticate` accepts. */
export const DEMO_TOKEN = "demo-admin";

/** The origin of a `node:http` server listening on a free port of 127.0.0.1. */
export async function listenOnFreePort(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A {@link Send} over real HTTP to `origin`; a request that hangs fails after five seconds. */
export function overHttp(origin: string): Send {
  return async (request) => {
    const url = new URL(request.url);
    return fetch(`${origin}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body: request.body === null ? null : await request.text(),
      signal: AbortSignal.timeout(5_000),
    });
  };
}

/**
 * What a user of each example depends on: a POST with a JSON body creates a
 * merchant (201, Location under the mount path) and a GET reads it back.
 */
export async function createAndReadMerchant(send: Send, base = "http://example.test/api") {
  const auth = { authorization: `Bearer ${DEMO_TOKEN}` };
  const created = await send(
    new Request(`${base}/v1/merchants`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({
        name: "Acme Tea",
        codeSource: "platform",
        urlPrefixes: ["https://t.acme.example/c/"],
      }),
    }),
  );
  expect(created.status).toBe(201);
  const merchant = (await created.json()) as { id: string; name: string };
  expect(merchant.name).toBe("Acme Tea");
  expect(created.headers.get("location")).toBe(`/api/v1/merchants/${merchant.id}`);

  const read = await send(new Request(`${base}/v1/merchants/${merchant.id}`, { headers: auth }));
  expect(read.status).toBe(200);
  expect(await read.json()).toEqual(merchant);

  const anonymous = await send(new Request(`${base}/v1/merchants/${merchant.id}`));
  expect(anonymous.status).toBe(401);
}
