import packageJson from "../package.json" with { type: "json" };
import type { ObjectSchema, ResponseSpec, Route } from "./define-route.js";
import { type JsonSchema, SchemaComponents } from "./json-schema-components.js";
import { PROBLEM_CONTENT_TYPE } from "./problem.js";
import { isTextMediaType } from "./read-raw-body.js";
import { problemSchema } from "./schemas/problem-schema.js";
import { type ProblemCode, statusOfCode } from "./status-map.js";

/** An OpenAPI 3.1 document as plain JSON data. */
export type OpenApiDocument = {
  readonly openapi: "3.1.0";
  readonly info: OpenApiInfo;
  readonly servers: readonly { readonly url: string }[];
  readonly tags: readonly { readonly name: string; readonly description?: string }[];
  readonly paths: Readonly<Record<string, Readonly<Record<string, JsonSchema>>>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly securitySchemes: Readonly<Record<string, JsonSchema>>;
  };
};

/** The `info` object of the document. */
export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiOptions {
  /** Where the handler is mounted; becomes the server URL. */
  readonly basePath?: string;
  /** Overrides of the document's `info`. */
  readonly info?: Partial<OpenApiInfo>;
  /** Descriptions of the tags the routes use. */
  readonly tagDescriptions?: Readonly<Record<string, string>>;
}

const DEFAULT_INFO: OpenApiInfo = {
  title: "OneCode API",
  version: packageJson.version,
  description:
    "One item, one code. Staff routes take a bearer token; every error is an RFC 9457 problem with a `code`.",
};

const PROBLEM_HEADERS: Partial<Record<number, JsonSchema>> = {
  401: {
    "WWW-Authenticate": { description: "`Bearer`", schema: { type: "string" } },
  },
  429: {
    "Retry-After": {
      description: "Seconds to wait before retrying, when known.",
      schema: { type: "integer" },
    },
  },
  503: {
    "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
  },
};

function parameters(
  schema: ObjectSchema | undefined,
  location: "path" | "query",
  components: SchemaComponents,
): JsonSchema[] {
  if (!schema) return [];
  const json = components.toSchema(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  if (json.$ref || json.type !== "object") {
    throw new Error(`${location} schemas must be plain objects without an id`);
  }
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || required.has(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

/** Codes a route can answer with: those implied by its shape plus its declared `errors`. */
export function problemCodesOf(route: Route): ProblemCode[] {
  const codes = new Set<ProblemCode>();
  if (route.params || route.query || route.body || route.rawBody) codes.add("VALIDATION_FAILED");
  if (route.body) {
    for (const code of ["MALFORMED_JSON", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"] as const) {
      codes.add(code);
    }
  }
  if (route.rawBody) {
    codes.add("PAYLOAD_TOO_LARGE");
    codes.add("UNSUPPORTED_MEDIA_TYPE");
  }
  if (route.auth !== "public") {
    codes.add("UNAUTHENTICATED");
    // Every caller of the wrong kind (a consumer on a staff route) or without the capability.
    codes.add("FORBIDDEN");
  }
  for (const code of route.errors) codes.add(code);
  codes.add("INTERNAL");
  return [...codes];
}

/**
 * The media type object of a raw (non-JSON) body: text is a string, binary
 * content has no schema (OpenAPI 3.1, "Working With Binary Data").
 */
function rawMediaType(contentType: string): JsonSchema {
  return isTextMediaType(contentType) ? { schema: { type: "string" } } : {};
}

function responseContent(spec: ResponseSpec, components: SchemaComponents): JsonSchema | null {
  if (spec.schema) {
    return {
      [spec.contentType ?? "application/json"]: {
        schema: components.toSchema(spec.schema, "output"),
      },
    };
  }
  if (!spec.contentType) return null;
  const media = rawMediaType(spec.contentType);
  if (spec.events) {
    media["x-events"] = Object.fromEntries(
      Object.entries(spec.events).map(([name, schema]) => [
        name,
        components.toSchema(schema, "output"),
      ]),
    );
  }
  return { [spec.contentType]: media };
}

function responses(route: Route, components: SchemaComponents): JsonSchema {
  const result: JsonSchema = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const headers = Object.entries(spec.headers ?? {}).map(([name, description]) => [
      name,
      { description, schema: { type: "string" } },
    ]);
    const content = responseContent(spec, components);
    result[status] = {
      description: spec.description,
      ...(headers.length > 0 ? { headers: Object.fromEntries(headers) } : {}),
      ...(content ? { content } : {}),
    };
  }
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of problemCodesOf(route)) {
    const status = statusOfCode(code) ?? 500;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const problem = components.toSchema(problemSchema, "output");
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers = PROBLEM_HEADERS[status];
    result[String(status)] = {
      description: `Problem with code ${codes.join(" or ")}.`,
      ...(headers ? { headers } : {}),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: problem } },
    };
  }
  return result;
}

function operation(route: Route, components: SchemaComponents): JsonSchema {
  const params = [
    ...parameters(route.params, "path", components),
    ...parameters(route.query, "query", components),
  ];
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [...route.tags],
    security:
      route.auth === "public"
        ? []
        : route.auth === "consumer"
          ? [{ consumerAuth: [] }]
          : [{ bearerAuth: [] }],
    ...(route.capability ? { "x-onecode-capability": route.capability } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: components.toSchema(route.body, "input") } },
          },
        }
      : {}),
    ...(route.rawBody
      ? {
          requestBody: {
            required: true,
            description: route.rawBody.description,
            content: Object.fromEntries(
              route.rawBody.mediaTypes.map((type) => [type, rawMediaType(type)]),
            ),
          },
        }
      : {}),
    responses: responses(route, components),
  };
}

/**
 * Generates the OpenAPI 3.1 document of a route table from the same zod
 * schemas the routes validate with: paths, parameters, request bodies,
 * success and problem responses, bearer security, tags and operation ids.
 */
export function buildOpenApiDocument(
  routes: readonly Route[],
  options: OpenApiOptions = {},
): OpenApiDocument {
  const components = new SchemaComponents();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const operationIds = new Set<string>();
  const tags = new Set<string>();
  for (const route of routes) {
    if (operationIds.has(route.operationId)) {
      throw new Error(`duplicate operationId ${route.operationId}`);
    }
    operationIds.add(route.operationId);
    for (const tag of route.tags) tags.add(tag);
    const item = paths[route.path] ?? {};
    item[route.method.toLowerCase()] = operation(route, components);
    paths[route.path] = item;
  }
  const describedTags = [...tags].map((name) => {
    const description = options.tagDescriptions?.[name];
    return description ? { name, description } : { name };
  });
  return {
    openapi: "3.1.0",
    info: { ...DEFAULT_INFO, ...options.info },
    servers: [{ url: options.basePath || "/" }],
    tags: describedTags,
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "A staff token the host's `authenticate` function accepts.",
        },
        consumerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "A consumer (buyer) token: the host's `authenticateConsumer` (or `authenticate`) resolves it to a consumer actor. Staff tokens are refused on these routes with 403.",
        },
      },
    },
  };
}
