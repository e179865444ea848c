import { createOneCode, type TenantContext, tenantContext } from "@onecode/core";
import { createHandler, type FetchHandler } from "@onecode/http";

/** Your own authentication; here one fixed bearer token for tenant `demo`. */
async function authenticate(request: Request): Promise<TenantContext | null> {
  if (request.headers.get("authorization") !== "Bearer demo-admin") return null;
  return tenantContext("demo", { id: "demo-user", kind: "staff", roles: ["admin"] });
}

/**
 * One OneCode (in-memory storage) per server process. Kept on `globalThis`
 * because Next re-evaluates route modules on every change in development,
 * which would otherwise start over with empty storage.
 */
const shared = globalThis as typeof globalThis & { onecodeHandler?: FetchHandler };

shared.onecodeHandler ??= createHandler(createOneCode(), { basePath: "/api", authenticate });

/** OneCode's fetch handler, answering under `/api` (the folder of the catch-all route). */
export const onecodeHandler: FetchHandler = shared.onecodeHandler;
