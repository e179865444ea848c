import { createOneCode, type TenantContext, tenantContext } from "@onecode/core";
import { createHandler } from "@onecode/http";
import { Hono } from "hono";

/** Your own authentication; here one fixed bearer token for tenant `demo`. */
async function authenticate(request: Request): Promise<TenantContext | null> {
  if (request.headers.get("authorization") !== "Bearer demo-admin") return null;
  return tenantContext("demo", { id: "demo-user", kind: "staff", roles: ["admin"] });
}

/**
 * A Hono app with its own routes and OneCode's API (in-memory storage) under
 * `/api`. Hono hands the fetch handler its WHATWG `Request` as it is; serve
 * it with `@hono/node-server` on Node, or as it stands on Bun, Deno and workers.
 */
export function createApp(): Hono {
  const handler = createHandler(createOneCode(), { basePath: "/api", authenticate });
  const app = new Hono();
  app.get("/hello", (c) => c.json({ hello: "world" }));
  app.all("/api/*", (c) => handler(c.req.raw));
  return app;
}
