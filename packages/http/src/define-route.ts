import {
  type Capability,
  isOneCodeError,
  type OneCode,
  requireCapability,
  type TenantContext,
  type ValidationIssue,
} from "@onecode/core";
import { validationError } from "@onecode/core/adapter-kit";
import { STORABLE_TEXT_RULE } from "@onecode/core/input-rules";
import type { z } from "zod";
import { type HeadersLike, jsonResponse } from "./json-response.js";
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  openRawBody,
  type RawBodySpec,
  type RawRequestBody,
} from "./read-raw-body.js";
import { HandlerContext } from "./route-context.js";
import { type HttpMethod, pathParamNames } from "./router.js";
import type { ProblemCode } from "./status-map.js";
import { checkStorableText } from "./storable-text.js";
import { toValidationIssues } from "./zod-issues.js";

/**
 * Who may call a route: authenticated `staff` of a tenant, an authenticated
 * `consumer` (the host's account of a member of the public), or anyone
 * (`public`).
 */
export type RouteAuth = "staff" | "consumer" | "public";

/** A zod object schema, as taken by `params` and `query`. */
export type ObjectSchema = z.ZodObject<z.core.$ZodLooseShape, z.core.$ZodObjectConfig>;

/** One declared response of a route, for the handler's types and the OpenAPI document. */
export interface ResponseSpec {
  readonly description: string;
  /** The JSON body; absent for empty responses such as 204 and for raw bodies. */
  readonly schema?: z.ZodType;
  /**
   * Media type of the body; `application/json` by default. With a `schema`
   * only JSON media types fit (the body is serialised with `JSON.stringify`).
   * Without one, the body is raw (CSV, ZIP, images, event streams): the
   * handler builds it as a {@link RawReply}, and the document describes it as
   * text (`text/*`, `*+xml`) or binary.
   */
  readonly contentType?: string;
  /**
   * For `text/event-stream`: the JSON `data` of each event name, documented
   * under the media type's `x-events`.
   */
  readonly events?: Readonly<Record<string, z.ZodType>>;
  /** Headers the route sets on this response: name to description. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The success responses of a route, by status. Errors are declared through `errors`. */
export type ResponseSpecs = { readonly [status: number]: ResponseSpec };

/**
 * `T` with every object, array and tuple read-only, so core's read-only
 * records fit response bodies. (A mapped type over an array or tuple type
 * keeps it an array or tuple.)
 */
export type Immutable<T> = T extends object ? { readonly [K in keyof T]: Immutable<T[K]> } : T;

/**
 * What a handler returns for the declared responses: the status and a body
 * typed by its schema. Raw responses (a `contentType` without `schema`) can
 * only be answered with a {@link RawReply}.
 */
export type RouteReply<R extends ResponseSpecs> = {
  [S in keyof R & number]: R[S] extends { readonly schema: infer Z extends z.ZodType }
    ? { readonly status: S; readonly body: Immutable<z.output<Z>>; readonly headers?: HeadersLike }
    : R[S] extends { readonly contentType: string }
      ? never
      : { readonly status: S; readonly body?: undefined; readonly headers?: HeadersLike };
}[keyof R & number];

/**
 * A reply the handler builds itself, for bodies that are not one JSON value:
 * CSV or ZIP downloads, Server-Sent Events. The response is sent as is.
 */
export interface RawReply {
  readonly response: Response;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type RawBodyOf<U> = U extends RawBodySpec ? RawRequestBody : undefined;

/** What a handler receives: the validated input and the caller's tenant context. */
export interface RouteContext<P, Q, B, A extends RouteAuth, U = undefined> {
  readonly onecode: OneCode;
  /** The authenticated tenant and actor (a consumer on consumer routes); `null` on public routes. */
  readonly tenant: A extends "public" ? null : TenantContext;
  /** Path parameters, decoded and validated by the `params` schema. */
  readonly params: P;
  /** Query parameters validated by the `query` schema. */
  readonly query: Q;
  /** The JSON body validated by the `body` schema. */
  readonly body: B;
  /** The raw body of a route with `rawBody`, checked for type and announced size but not read yet. */
  readonly rawBody: U;
  readonly request: Request;
  readonly url: URL;
  /** The handler's base path (`""` when mounted at the root), for `Location` headers. */
  readonly basePath: string;
  /** Public and consumer routes: the client's address from the handler's `clientIp` option, or `null`. Staff routes: `null`. */
  readonly clientIp: string | null;
}

/**
 * A route as written with {@link defineRoute}. The schemas type the handler's
 * input and produce the OpenAPI operation; `responses` types its output.
 */
export interface RouteDefinition<
  P extends ObjectSchema | undefined,
  Q extends ObjectSchema | undefined,
  B extends z.ZodType | undefined,
  R extends ResponseSpecs,
  A extends RouteAuth,
  U extends RawBodySpec | undefined = undefined,
> {
  readonly method: HttpMethod;
  /** Path template with `{name}` parameters, e.g. `/v1/merchants/{merchantId}`. */
  readonly path: string;
  /** Unique, stable OpenAPI operation id, e.g. `createMerchant`. */
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly auth: A;
  /**
   * The capability a staff caller needs for the whole route, checked before
   * the input is read (e.g. `codes.export` on downloads of codes). Core
   * checks its own capabilities too; this one answers 403 first and is
   * documented in the operation (`x-onecode-capability`).
   */
  readonly capability?: A extends "staff" ? Capability : never;
  /** Path parameters; its keys must equal the template's `{name}`s. */
  readonly params?: P;
  /** Query parameters (values are strings, or string arrays when repeated). Without it the query string is ignored. */
  readonly query?: Q;
  /** The JSON body; routes with a body require `application/json`. */
  readonly body?: B;
  /**
   * Core's check of the body (e.g. `checkNewProduct`), which the handler's
   * core function runs too. When the input breaks a rule of the schemas,
   * the body is judged by this check as well and its issues join the
   * answer, so one request names every broken rule of every field. It is
   * called with the raw JSON body: core's checks accept any shape.
   */
  readonly coreCheck?: (body: never) => unknown;
  /**
   * A non-JSON body (a file upload) instead of `body`: its media types are
   * checked and it is limited by the handler's `maxUploadBytes`; the route
   * reads it itself.
   */
  readonly rawBody?: U;
  readonly responses: R;
  /**
   * Codes this route can answer with besides the ones implied by its shape
   * (`VALIDATION_FAILED` with any input, body errors with a (raw) body,
   * `UNAUTHENTICATED` on staff routes, `INTERNAL` always). Documentation only.
   */
  readonly errors?: readonly ProblemCode[];
  /**
   * Public JSON routes on a hot path (the consumer scan): `toNodeListener`
   * serves them without building WHATWG `Request`/`Response` objects, the
   * same validation and answers at a fraction of the cost. `ctx.request` is
   * then built only if the handler reads it. Needs `auth: "public"`, a path
   * without parameters and no `rawBody`.
   */
  readonly nodeDirect?: boolean;
  /** Calls one core function and maps its result; no business logic here. */
  handler(
    ctx: RouteContext<Parsed<P>, Parsed<Q>, Parsed<B>, A, RawBodyOf<U>>,
  ): Promise<RouteReply<NoInfer<R>> | RawReply>;
}

/** What the handler hands a matched route. */
export interface RouteInput {
  readonly onecode: OneCode;
  readonly tenant: TenantContext | null;
  readonly request: Request;
  readonly url: URL;
  readonly basePath: string;
  /** Path parameters as matched, still percent-encoded. */
  readonly rawParams: Readonly<Record<string, string>>;
  /** Reads the JSON body under the handler's limits. */
  readBody(): Promise<unknown>;
  /** Limit of raw (upload) bodies in bytes; `DEFAULT_MAX_UPLOAD_BYTES` when absent. */
  readonly maxRawBodyBytes?: number;
  /** The client's address (public routes), or `null`. */
  readonly clientIp?: string | null;
}

/** A defined route with its types erased: what the router and the OpenAPI generator see. */
export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly auth: RouteAuth;
  /** The capability a staff caller needs, checked before the input is read. */
  readonly capability?: Capability;
  readonly params?: ObjectSchema;
  readonly query?: ObjectSchema;
  readonly body?: z.ZodType;
  readonly coreCheck?: (body: never) => unknown;
  readonly rawBody?: RawBodySpec;
  readonly responses: ResponseSpecs;
  readonly errors: readonly ProblemCode[];
  readonly nodeDirect: boolean;
  /** Validates the input and runs the handler: its reply, checked against the declared statuses. */
  answer(input: RouteInput): Promise<RouteAnswer>;
  /** {@link Route.answer} serialised as a `Response`. */
  run(input: RouteInput): Promise<Response>;
}

/**
 * A route's reply with its media type: JSON (or empty) to serialise, or a
 * response the handler built itself.
 */
export type RouteAnswer =
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: HeadersLike;
      /** The declared media type of a JSON body; `application/json` when absent. */
      readonly contentType?: string;
    }
  | RawReply;

function decodeParams(
  raw: Readonly<Record<string, string>>,
  issues: ValidationIssue[],
): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      params[name] = value;
      issues.push({
        field: name,
        rule: "encoding",
        message: `${name} is not valid percent-encoding`,
      });
    }
  }
  return params;
}

function queryObject(search: URLSearchParams): Record<string, string | string[]> {
  // No prototype: a `__proto__` parameter must stay a plain (and unknown) key.
  const query: Record<string, string | string[]> = Object.create(null);
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

/**
 * Validates one part of the input: text storage cannot keep is refused
 * whatever the schema says (see {@link checkStorableText}), then the schema
 * judges the rest; every issue of both lands in `issues`.
 */
function validate(
  schema: z.ZodType | undefined,
  input: unknown,
  root: string,
  issues: ValidationIssue[],
): unknown {
  if (!schema) return undefined;
  checkStorableText(input, root, issues);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  issues.push(...toValidationIssues(result.error.issues, input, root));
  return undefined;
}

/** Rules about a field's shape: where the schema reports one, core's issue on the field says the same. */
const SHAPE_RULES = new Set(["type", "required"]);

/**
 * Merges core's issues with `body` into the schema's `issues`. On a field
 * both judged, core's issues stand for it (core names the domain rule, e.g.
 * `sales_region` where the schema saw a pattern `format`), unless the
 * schema found the field of the wrong shape, which core's issue would only
 * repeat. Runs only once the input failed, so valid requests never pay for it.
 */
function addCoreIssues(
  issues: ValidationIssue[],
  coreCheck: (body: never) => unknown,
  body: unknown,
): void {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return;
  let found: readonly ValidationIssue[] = [];
  try {
    coreCheck(body as never);
  } catch (error) {
    // Only validation speaks to the input; anything else is left to the call that is not made.
    if (!isOneCodeError(error, "VALIDATION_FAILED")) return;
    found = error.details.issues;
  }
  const misshapen = new Set(
    issues.filter((issue) => SHAPE_RULES.has(issue.rule)).map((issue) => issue.field),
  );
  // The edge's own refusal of unstorable text stays; core says the same of the text it checks.
  const kept = (issue: ValidationIssue) => issue.rule === STORABLE_TEXT_RULE;
  const byField = new Map<string, ValidationIssue[]>();
  for (const issue of found) {
    if (misshapen.has(issue.field) || kept(issue)) continue;
    byField.set(issue.field, [...(byField.get(issue.field) ?? []), issue]);
  }
  // Core's issues take the place of the schema's on their field, so the order stays the body's.
  const merged: ValidationIssue[] = [];
  for (const issue of issues) {
    const replacement = byField.get(issue.field);
    if (!replacement || kept(issue)) merged.push(issue);
    if (replacement && replacement.length > 0) merged.push(...replacement.splice(0));
  }
  for (const rest of byField.values()) merged.push(...rest);
  issues.splice(0, issues.length, ...merged);
}

type AnyReply =
  | { readonly status: number; readonly body?: unknown; readonly headers?: HeadersLike }
  | RawReply;

function checkedAnswer(reply: AnyReply, route: Route): RouteAnswer {
  const status = "response" in reply ? reply.response.status : reply.status;
  const spec = route.responses[status];
  if (!spec) throw new Error(`${route.operationId} replied with undeclared status ${status}`);
  if ("response" in reply || reply.body === undefined) return reply;
  return spec.contentType ? { ...reply, contentType: spec.contentType } : reply;
}

/** Serialises an answer: JSON in one pass with its exact length, or the handler's response. */
export function answerResponse(answer: RouteAnswer): Response {
  if ("response" in answer) return answer.response;
  const { status, body, headers, contentType } = answer;
  if (body === undefined) return new Response(null, { status, headers });
  return jsonResponse(body, { status, headers, contentType });
}

/**
 * Declares a route: zod schemas for its input, its responses, and a handler
 * that calls one core function. The result is type-erased so routes of every
 * shape share one table; the handler still sees exact types.
 *
 * @example
 * ```ts
 * export const getMerchant = defineRoute({
 *   method: "GET",
 *   path: "/v1/merchants/{merchantId}",
 *   operationId: "getMerchant",
 *   summary: "Get a merchant",
 *   tags: ["merchants"],
 *   auth: "staff",
 *   params: merchantIdParams,
 *   responses: { 200: { description: "The merchant", schema: merchantSchema } },
 *   errors: ["NOT_FOUND"],
 *   handler: async ({ onecode, tenant, params }) => ({
 *     status: 200,
 *     body: await onecode.merchants.get(tenant, params.merchantId),
 *   }),
 * });
 * ```
 */
export function defineRoute<
  P extends ObjectSchema | undefined = undefined,
  Q extends ObjectSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  const R extends ResponseSpecs = ResponseSpecs,
  A extends RouteAuth = RouteAuth,
  U extends RawBodySpec | undefined = undefined,
>(definition: RouteDefinition<P, Q, B, R, A, U>): Route {
  const templateNames = pathParamNames(definition.path).sort();
  const schemaNames = Object.keys(definition.params?.shape ?? {}).sort();
  if (templateNames.join() !== schemaNames.join()) {
    throw new Error(
      `route ${definition.operationId}: params schema keys [${schemaNames}] must equal the path parameters [${templateNames}]`,
    );
  }
  if (definition.body && definition.rawBody) {
    throw new Error(`route ${definition.operationId}: declare either body or rawBody, not both`);
  }
  if (
    definition.nodeDirect &&
    (definition.auth !== "public" || definition.rawBody || templateNames.length > 0)
  ) {
    throw new Error(
      `route ${definition.operationId}: node-direct routes are public, without path parameters or rawBody`,
    );
  }
  const { handler, errors, nodeDirect, ...meta } = definition;
  const route: Route = {
    ...meta,
    errors: errors ?? [],
    nodeDirect: nodeDirect ?? false,
    async run(input) {
      return answerResponse(await route.answer(input));
    },
    async answer(input) {
      // A caller who may not use the route learns nothing about its input rules.
      if (definition.capability && input.tenant) {
        requireCapability(input.tenant, definition.capability);
      }
      // The body's framing (media type, announced size) is refused before its content is judged.
      const rawBody = definition.rawBody
        ? openRawBody(
            input.request,
            definition.rawBody,
            input.maxRawBodyBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
          )
        : undefined;
      const issues: ValidationIssue[] = [];
      // Routes without a params or query schema skip the work of building their input.
      const params = definition.params
        ? validate(definition.params, decodeParams(input.rawParams, issues), "path", issues)
        : undefined;
      const query = definition.query
        ? validate(definition.query, queryObject(input.url.searchParams), "query", issues)
        : undefined;
      const rawJson = definition.body ? await input.readBody() : undefined;
      const body = definition.body ? validate(definition.body, rawJson, "body", issues) : undefined;
      if (issues.length > 0) {
        if (definition.coreCheck) addCoreIssues(issues, definition.coreCheck, rawJson);
        throw validationError(issues);
      }
      if (definition.auth !== "public" && input.tenant === null) {
        throw new Error(
          `${definition.operationId} is a ${definition.auth} route but ran without a tenant`,
        );
      }
      const reply = await handler(
        // Request and URL are read through, so a node-direct input builds them only when a handler asks.
        new HandlerContext(input, params, query, body, rawBody) as unknown as RouteContext<
          Parsed<P>,
          Parsed<Q>,
          Parsed<B>,
          A,
          RawBodyOf<U>
        >,
      );
      return checkedAnswer(reply, route);
    },
  };
  return route;
}
