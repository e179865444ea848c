import { expect } from "vitest";
import { merchantInput, type Reply, type TestApp } from "./test-app.js";

/** Creates a merchant and returns its id; `platform` unless told otherwise. */
export async function createMerchant(
  app: TestApp,
  overrides: Record<string, unknown> = {},
  token = "acme-admin",
): Promise<string> {
  const reply = await app.call("POST", "/v1/merchants", { token, body: merchantInput(overrides) });
  expect(reply.status, reply.text).toBe(201);
  return reply.json.id;
}

/** Creates a quick rule (mixed, 16 characters, with serials unless told otherwise). */
export async function createQuickRule(
  app: TestApp,
  merchantId: string,
  overrides: Record<string, unknown> = {},
  token = "acme-admin",
): Promise<string> {
  const reply = await app.call("POST", "/v1/code-rules", {
    token,
    body: { mode: "quick", merchantId, charset: "mixed", length: 16, serials: true, ...overrides },
  });
  expect(reply.status, reply.text).toBe(201);
  return reply.json.id;
}

/** Polls `GET /v1/code-packages/{id}` until the package reaches a final status. */
export async function waitForPackage(
  app: TestApp,
  id: string,
  token = "acme-admin",
): Promise<Reply> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const reply = await app.call("GET", `/v1/code-packages/${id}`, { token });
    expect(reply.status, reply.text).toBe(200);
    if (["succeeded", "failed", "rejected"].includes(reply.json.status)) return reply;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`package ${id} did not finish`);
}

/** Starts a generation job and waits for it to succeed; returns the final package. */
export async function generatePackage(
  app: TestApp,
  body: Record<string, unknown>,
  token = "acme-admin",
): Promise<Record<string, unknown> & { id: string; total: number }> {
  const started = await app.call("POST", "/v1/code-packages", { token, body });
  expect(started.status, started.text).toBe(202);
  const done = await waitForPackage(app, started.json.id, token);
  expect(done.json.status, done.text).toBe("succeeded");
  return done.json;
}

/** A platform merchant, a quick rule and a succeeded package of `quantity` single codes. */
export async function singlePackage(
  app: TestApp,
  quantity: number,
  ruleOverrides: Record<string, unknown> = {},
) {
  const merchantId = await createMerchant(app);
  const ruleId = await createQuickRule(app, merchantId, ruleOverrides);
  const pkg = await generatePackage(app, {
    merchantId,
    codeType: "single",
    rules: { item: ruleId },
    quantity,
  });
  return { merchantId, ruleId, pkg };
}

/** Reads a whole response body as bytes. */
export async function bodyBytes(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/** Sends a request straight to the handler and returns the raw `Response`. */
export function fetchRaw(
  app: TestApp,
  path: string,
  init: { method?: string; token?: string | null; signal?: AbortSignal } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? "acme-admin" : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return app.handler(
    new Request(`http://test.local${path}`, {
      method: init.method ?? "GET",
      headers,
      signal: init.signal,
    }),
  );
}
