/**
 * The HTTP answers the guides show are what the handler answers to the
 * requests they name, so the examples cannot drift from the server.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createOneCode, tenantContext } from "@onecode/core";
import { createHandler } from "@onecode/http";
import { expect, it } from "vitest";

const guide = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), "../guides/http.md"),
  "utf8",
);

it("docs/guides/http.md shows the problem the server sends for an empty merchant name", async () => {
  const errors = guide.slice(guide.indexOf("## Errors"));
  const shown = /```json\n([\s\S]*?)\n```/.exec(errors)?.[1] ?? "";
  const handler = createHandler(createOneCode(), {
    authenticate: async () =>
      tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] }),
  });
  const response = await handler(
    new Request("http://localhost/v1/merchants", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "",
        codeSource: "platform",
        urlPrefixes: ["https://t.acme.example/c/"],
      }),
    }),
  );
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(await response.json()).toEqual(JSON.parse(shown));
});

it("docs/guides/getting-started.md shows the scan answer for an unknown code", async () => {
  const started = readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), "../guides/getting-started.md"),
    "utf8",
  );
  const section = started.slice(started.indexOf("A code that does not exist"));
  const shown = /```json\n([\s\S]*?)\n```/.exec(section)?.[1] ?? "";
  const handler = createHandler(createOneCode(), { authenticate: async () => null });
  const response = await handler(
    new Request("http://localhost/v1/public/scans", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        tenantId: "demo",
        code: "https://t.acme.example/c/Xy7Kp2mQ9rT4vW8z",
        visitorId: "cookie-123",
      }),
    }),
  );
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual(JSON.parse(shown));
});
