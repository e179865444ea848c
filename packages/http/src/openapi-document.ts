import { buildOpenApiDocument, type OpenApiDocument, type OpenApiInfo } from "./openapi.js";
import { routeTable, TAG_DESCRIPTIONS } from "./routes/route-table.js";

/**
 * The OpenAPI 3.1 document `GET /openapi.json` serves, without a handler:
 * for generating clients or docs at build time.
 *
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs";
 * import { createOpenApiDocument } from "@onecode/http";
 *
 * writeFileSync("openapi.json", JSON.stringify(createOpenApiDocument({ basePath: "/api" }), null, 2));
 * ```
 */
export function createOpenApiDocument(
  options: { readonly basePath?: string; readonly info?: Partial<OpenApiInfo> } = {},
): OpenApiDocument {
  const routes = routeTable(() => document);
  const document: OpenApiDocument = buildOpenApiDocument(routes, {
    basePath: options.basePath?.replace(/\/+$/, ""),
    info: options.info,
    tagDescriptions: TAG_DESCRIPTIONS,
  });
  return document;
}
