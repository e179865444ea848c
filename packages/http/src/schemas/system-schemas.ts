import { z } from "zod";
import { openApiRegistry } from "./openapi-registry.js";

/** Body of `GET /healthz`. */
export const healthSchema = z
  .strictObject({ status: z.literal("ok") })
  .register(openApiRegistry, { id: "Health" });

/** Body of `GET /openapi.json`: checked loosely, since it is generated. */
export const openApiDocumentSchema = z
  .looseObject({ openapi: z.literal("3.1.0") })
  .register(openApiRegistry, { id: "OpenApiDocument", description: "This document." });
