import { defineRoute, type Route } from "../define-route.js";
import type { OpenApiDocument } from "../openapi.js";
import { healthSchema, openApiDocumentSchema } from "../schemas/system-schemas.js";

const tags = ["system"];

const health = defineRoute({
  method: "GET",
  path: "/healthz",
  operationId: "getHealth",
  summary: "Liveness probe",
  tags,
  auth: "public",
  responses: { 200: { description: "The handler is up.", schema: healthSchema } },
  async handler() {
    return { status: 200, body: { status: "ok" as const } };
  },
});

/** `GET /healthz` and `GET /openapi.json`; `document` supplies the (cached) OpenAPI document. */
export function systemRoutes(document: () => OpenApiDocument): readonly Route[] {
  const openApi = defineRoute({
    method: "GET",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This API's OpenAPI 3.1 document",
    tags,
    auth: "public",
    responses: { 200: { description: "The OpenAPI document.", schema: openApiDocumentSchema } },
    async handler() {
      return { status: 200, body: document() };
    },
  });
  return [health, openApi];
}
