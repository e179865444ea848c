import { createOneCode, type TenantContext, tenantContext } from "@onecode/core";
import { createHandler, toNodeListener } from "@onecode/http";
import express, { type Express } from "express";

/** Your own authentication; here one fixed bearer token for tenant `demo`. */
async function authenticate(request: Request): Promise<TenantContext | null> {
  if (request.headers.get("authorization") !== "Bearer demo-admin") return null;
  return tenantContext("demo", { id: "demo-user", kind: "staff", roles: ["admin"] });
}

/**
 * An Express app with its own routes and body parser, and OneCode's API
 * (in-memory storage) under `/api`.
 */
export function createApp(): Express {
  const handler = createHandler(createOneCode(), { basePath: "/api", authenticate });
  const onecode = toNodeListener(handler);

  const app = express();
  // OneCode answers even behind a body parser: it takes over the parsed JSON body.
  app.use(express.json());
  app.get("/hello", (_req, res) => {
    res.json({ hello: "world" });
  });
  // Mounted without a path, so the handler sees the full URL and its basePath matches `/api`.
  app.use((req, res, next) => (req.url.startsWith("/api/") ? onecode(req, res) : next()));
  return app;
}
