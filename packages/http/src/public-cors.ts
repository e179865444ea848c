/**
 * Cross-origin access to the public routes (see `HandlerOptions.cors`):
 * pages on the listed origins, such as a brand's H5 scan page, may call them
 * from a browser. Staff routes never answer cross-origin requests.
 */
export interface CorsOptions {
  /**
   * Origins (`scheme://host[:port]`, as browsers send them in `Origin`)
   * whose pages may call the public routes, or `["*"]` for any page.
   */
  readonly origins: readonly string[];
  /** How long a browser may reuse a preflight answer, in seconds; default 600 (ten minutes). */
  readonly maxAgeSeconds?: number;
  /**
   * Request headers pages may send beyond the CORS-safelisted ones; default
   * `["content-type"]` (a JSON body needs it). Matched without case.
   */
  readonly allowHeaders?: readonly string[];
}

/** What a request's CORS headers ask for. */
export interface CorsRequest {
  readonly origin: string | null;
  /** `Access-Control-Request-Method` of a preflight. */
  readonly requestMethod?: string | null;
  /** `Access-Control-Request-Headers` of a preflight. */
  readonly requestHeaders?: string | null;
}

const DEFAULT_MAX_AGE_SECONDS = 600;
/** Headers of error answers a page needs to read: when it may retry. */
const EXPOSED_HEADERS = "Retry-After";

function checkedOrigin(origin: string): string {
  if (origin === "*") return origin;
  let parsed: URL | null = null;
  try {
    parsed = new URL(origin);
  } catch {
    parsed = null;
  }
  if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
    throw new TypeError(
      `cors.origins: "${origin}" is not an origin; write scheme, host and port only, e.g. https://h5.brand.example`,
    );
  }
  return origin;
}

/** The CORS policy of a handler's public routes. */
export class PublicCors {
  readonly #origins: ReadonlySet<string>;
  readonly #anyOrigin: boolean;
  readonly #maxAge: string;
  readonly #allowHeaders: ReadonlySet<string>;

  constructor(options: CorsOptions) {
    const origins = options.origins.map(checkedOrigin);
    this.#origins = new Set(origins);
    this.#anyOrigin = this.#origins.has("*");
    const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
    if (!Number.isSafeInteger(maxAge) || maxAge < 0) {
      throw new TypeError("cors.maxAgeSeconds must be a non-negative integer");
    }
    this.#maxAge = String(maxAge);
    this.#allowHeaders = new Set(
      (options.allowHeaders ?? ["content-type"]).map((name) => name.trim().toLowerCase()),
    );
  }

  /** The `Access-Control-Allow-Origin` value for `origin`, or `null` when it may not call. */
  allowedOrigin(origin: string | null): string | null {
    if (origin === null) return null;
    if (this.#anyOrigin) return "*";
    return this.#origins.has(origin) ? origin : null;
  }

  /**
   * Headers of an actual answer of a public route (errors included): the
   * allowed origin when the request's is listed, and `Vary: Origin` always,
   * since the answer depends on it.
   */
  responseHeaders(origin: string | null): Record<string, string> {
    const allowed = this.allowedOrigin(origin);
    const headers: Record<string, string> = this.#anyOrigin ? {} : { vary: "Origin" };
    if (allowed !== null) {
      headers["access-control-allow-origin"] = allowed;
      headers["access-control-expose-headers"] = EXPOSED_HEADERS;
    }
    return headers;
  }

  /**
   * The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`)
   * of a path whose public routes take `methods`: 204, with the CORS grant
   * only when the origin is listed, the method is one of them and every
   * requested header is allowed. A refused preflight carries no grant, so
   * the browser stops there.
   */
  preflight(request: CorsRequest, methods: readonly string[]): Response {
    const headers = new Headers({
      vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    });
    const allowed = this.allowedOrigin(request.origin);
    const method = request.requestMethod ?? "";
    const asked = (request.requestHeaders ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== "");
    if (
      allowed !== null &&
      methods.includes(method) &&
      asked.every((name) => this.#allowHeaders.has(name))
    ) {
      headers.set("access-control-allow-origin", allowed);
      headers.set("access-control-allow-methods", methods.join(", "));
      if (asked.length > 0) headers.set("access-control-allow-headers", asked.join(", "));
      headers.set("access-control-max-age", this.#maxAge);
    }
    return new Response(null, { status: 204, headers });
  }
}

/** `response` with `headers` added (`vary` appended to any it has). */
export function withCorsHeaders(response: Response, headers: Record<string, string>): Response {
  let target = response;
  try {
    apply(target.headers, headers);
  } catch {
    // Headers of a fetched response are immutable: copy it.
    target = new Response(response.body, response);
    apply(target.headers, headers);
  }
  return target;
}

function apply(target: Headers, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name === "vary") target.append(name, value);
    else target.set(name, value);
  }
}
