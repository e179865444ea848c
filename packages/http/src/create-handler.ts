import { formatErrorForLog, type OneCode, type TenantContext } from "@onecode/core";
import { nodeClientAddress } from "./client-address.js";
import { HttpError } from "./http-error.js";
import { attachNodeDirectDispatcher, nodeDirectDispatcher } from "./node-direct-dispatch.js";
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiInfo } from "./openapi.js";
import { errorResponse } from "./problem.js";
import { type CorsOptions, PublicCors, withCorsHeaders } from "./public-cors.js";
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from "./read-json-body.js";
import { DEFAULT_MAX_UPLOAD_BYTES } from "./read-raw-body.js";
import { callerOf } from "./route-caller.js";
import { Router } from "./router.js";
import { routeTable, TAG_DESCRIPTIONS } from "./routes/route-table.js";

/** A WHATWG fetch handler, as Hono, Next route handlers, Deno, Bun and workers take it. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Options of {@link createHandler}. */
export interface HandlerOptions {
  /**
   * The host's authentication: the tenant and actor of the request, or
   * `null` when its credentials are missing or invalid (answered with 401
   * and `WWW-Authenticate: Bearer`). Staff routes need a staff actor (with
   * roles and grants: core checks the capability each operation needs) or
   * the system actor; a consumer actor is refused with 403. Without
   * {@link HandlerOptions.authenticateConsumer} it also authenticates
   * consumer routes. Never called for public routes.
   */
  authenticate(request: Request): Promise<TenantContext | null>;
  /**
   * The consumer of a request to a consumer route (one that acts for a
   * consumer account, such as a draw or a coupon claim): a context whose
   * actor is `{ kind: "consumer", id }` with the host's opaque account id,
   * or `null` (401). Any other actor is refused with 403. Default:
   * `authenticate`, for hosts whose tokens tell staff and consumers apart.
   *
   * @example
   * ```ts
   * createHandler(onecode, {
   *   authenticate,
   *   async authenticateConsumer(request) {
   *     const account = await miniProgramSessions.find(request.headers.get("authorization"));
   *     return account ? tenantContext(account.tenantId, { kind: "consumer", id: account.openId }) : null;
   *   },
   * });
   * ```
   */
  authenticateConsumer?(request: Request): Promise<TenantContext | null>;
  /** Largest accepted JSON request body in bytes; default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Largest accepted upload (a CSV or ZIP file of codes) in bytes; default
   * 64 MiB. Separate from `maxBodyBytes`, which limits JSON bodies.
   */
  maxUploadBytes?: number;
  /** Path the handler is mounted at, e.g. `/api`; routes and the document's server URL live below it. */
  basePath?: string;
  /**
   * Receives every error that became a 500 (never sent to the client), for
   * logging. Errors it throws are ignored. Default: one entry on
   * `console.error` made by core's `formatErrorForLog`, which prints no SQL
   * parameters, row data or driver text; use that function in your own
   * logger too.
   */
  onError?(error: unknown, request: Request): void;
  /** Overrides of the OpenAPI document's `info` (title, version, description). */
  openApiInfo?: Partial<OpenApiInfo>;
  /**
   * The client's IP address, for per-client rate limits and the scan region
   * of public routes; `null` when unknown. Default: {@link nodeClientAddress},
   * the socket address `toNodeListener` recorded (configure proxies with its
   * `trustProxy`). Hosts on other runtimes supply their own, e.g. Bun's
   * `server.requestIP(request)`; never a header a client can set unless a
   * proxy of yours overwrites it. Public scans of clients without an address
   * share one rate-limit bucket.
   */
  clientIp?(request: Request): string | null;
  /**
   * Lets pages on other origins call the public and consumer routes from a
   * browser (an H5 scan page on the brand's domain): preflights of their
   * paths are answered, and their answers, errors included, carry
   * `Access-Control-Allow-Origin` for listed origins. Staff routes are never
   * opened to other origins. Off by default.
   *
   * @example
   * ```ts
   * createHandler(onecode, { authenticate, cors: { origins: ["https://h5.brand.example"] } });
   * ```
   */
  cors?: CorsOptions;
}

function normalizeBasePath(basePath = ""): string {
  const trimmed = basePath.replace(/\/+$/, "");
  if (trimmed !== "" && !trimmed.startsWith("/")) {
    throw new TypeError(`basePath "${basePath}" must start with "/"`);
  }
  return trimmed;
}

/** The path below `basePath`, or `null` when the request is outside it. */
function relativePath(pathname: string, basePath: string): string | null {
  if (basePath === "") return pathname;
  if (pathname === basePath) return "/";
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
}

/** The default `onError`: the method, the path and the error formatted for logs. */
function logUnexpectedError(error: unknown, request: Request): void {
  const path = new URL(request.url).pathname;
  console.error(`[onecode] ${request.method} ${path} failed: ${formatErrorForLog(error)}`);
}

function withCors(response: Response, request: Request, cors: PublicCors): Response {
  return withCorsHeaders(response, cors.responseHeaders(request.headers.get("origin")));
}

function withoutBody(response: Response): Response {
  response.body?.cancel().catch(() => {});
  return new Response(null, { status: response.status, headers: response.headers });
}

/**
 * Builds the OneCode HTTP API as one fetch handler: every `/v1` route, `GET
 * /openapi.json` and `GET /healthz`. Errors are RFC 9457 problems; the
 * handler itself never rejects.
 *
 * @example
 * ```ts
 * import { createOneCode, formatErrorForLog, tenantContext } from "@onecode/core";
 * import { createHandler } from "@onecode/http";
 *
 * const onecode = createOneCode();
 * const handler = createHandler(onecode, {
 *   basePath: "/api",
 *   async authenticate(request) {
 *     const token = request.headers.get("authorization")?.replace(/^Bearer /i, "");
 *     const session = token ? await sessions.find(token) : null;
 *     return session
 *       ? tenantContext(session.tenantId, { id: session.userId, kind: "staff", roles: session.roles })
 *       : null;
 *   },
 *   onError: (error) => console.error(formatErrorForLog(error)),
 * });
 *
 * const response = await handler(new Request("http://localhost/api/healthz"));
 * ```
 */
export function createHandler(onecode: OneCode, options: HandlerOptions): FetchHandler {
  const basePath = normalizeBasePath(options.basePath);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new TypeError("maxBodyBytes must be a non-negative integer");
  }
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  if (!Number.isSafeInteger(maxUploadBytes) || maxUploadBytes < 0) {
    throw new TypeError("maxUploadBytes must be a non-negative integer");
  }
  let document: OpenApiDocument | undefined;
  const routes = routeTable(() => {
    document ??= buildOpenApiDocument(routes, {
      basePath,
      info: options.openApiInfo,
      tagDescriptions: TAG_DESCRIPTIONS,
    });
    return document;
  });
  const router = new Router(routes);
  const clientIp = options.clientIp ?? nodeClientAddress;
  const onError = options.onError ?? logUnexpectedError;

  const cors = options.cors ? new PublicCors(options.cors) : null;
  /** The methods of the public and consumer routes at a path, for preflights. */
  const publicMethodsAt = (path: string) =>
    router
      .routesAt(path)
      .filter((route) => route.auth !== "staff")
      .map((route) => route.method);

  const handle: FetchHandler = async (request) => {
    let instance = "/";
    let publicRoute = false;
    try {
      const url = new URL(request.url);
      instance = url.pathname;
      const path = relativePath(url.pathname, basePath);
      const preflightMethod = request.headers.get("access-control-request-method");
      if (cors && request.method === "OPTIONS" && preflightMethod !== null && path !== null) {
        const methods = publicMethodsAt(path);
        if (methods.length > 0) {
          return cors.preflight(
            {
              origin: request.headers.get("origin"),
              requestMethod: preflightMethod,
              requestHeaders: request.headers.get("access-control-request-headers"),
            },
            methods,
          );
        }
      }
      const match = path === null ? null : router.match(request.method, path);
      if (match === null || match.kind === "not_found") {
        throw new HttpError("ROUTE_NOT_FOUND", `No route matches ${url.pathname}`);
      }
      if (match.kind === "method_not_allowed") {
        throw new HttpError(
          "METHOD_NOT_ALLOWED",
          `${request.method} is not allowed on ${url.pathname}; use ${match.allow.join(", ")}`,
          { details: { allow: match.allow } },
        );
      }
      publicRoute = match.route.auth !== "staff";
      const tenant = await callerOf(match.route.auth, request, options);
      // A blacklisted customer cannot log in: every consumer route refuses them (403).
      if (tenant && tenant.actor.kind === "consumer") {
        await onecode.customers.assertMayLogIn(tenant, tenant.actor.id);
      }
      const response = await match.route.run({
        onecode,
        tenant,
        request,
        url,
        basePath,
        rawParams: match.params,
        readBody: () => readJsonBody(request, maxBodyBytes),
        maxRawBodyBytes: maxUploadBytes,
        clientIp: match.route.auth === "staff" ? null : clientIp(request),
      });
      const answered = request.method === "HEAD" ? withoutBody(response) : response;
      return publicRoute && cors ? withCors(answered, request, cors) : answered;
    } catch (error) {
      const problem = errorResponse(error, request, instance, onError);
      return publicRoute && cors ? withCors(problem, request, cors) : problem;
    }
  };
  // The node binding serves node-direct routes (the public scan) without Request and Response
  // objects; a custom `clientIp` needs the Request, so then every route takes this path.
  const nodeDirect = options.clientIp
    ? null
    : nodeDirectDispatcher({
        onecode,
        routes,
        basePath,
        maxBodyBytes,
        maxUploadBytes,
        onError,
        cors,
      });
  return nodeDirect ? attachNodeDirectDispatcher(handle, nodeDirect) : handle;
}
