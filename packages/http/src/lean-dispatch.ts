import type { OneCode } from "@onecode/core";
import type { Route, RouteAnswer } from "./define-route.js";
import type { HeadersLike } from "./json-response.js";
import { PROBLEM_CONTENT_TYPE, type ProblemAnswer, problemOf } from "./problem.js";
import { type PublicCors, withCorsHeaders } from "./public-cors.js";
import { LeanRouteInput } from "./route-context.js";

/**
 * A request as the node binding hands it to a lean route: what `node:http`
 * parsed, with the (small) body already read. No WHATWG objects are built
 * unless something asks for them.
 */
export interface LeanRequest {
  readonly method: string;
  /** The path of the request target exactly as received, without the query. */
  readonly pathname: string;
  readonly contentType: string | null;
  readonly body: Uint8Array;
  /** The client address as `toNodeListener` determined it (socket, or trusted proxies). */
  readonly clientAddress: string | null;
  /** The `Origin` header, for the handler's `cors` option. */
  readonly origin: string | null;
  /** The absolute request URL, as the generic path builds it. */
  url(): URL;
  /** The equivalent WHATWG `Request`, built on demand (for `onError` or a handler that reads it). */
  toRequest(): Request;
}

/** What a lean route answers: a status, header values and the body bytes, or a built response. */
export type LeanResponse =
  | {
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: Uint8Array | null;
    }
  | { readonly response: Response };

/** How a handler made by `createHandler` serves its lean routes to the node binding. */
export interface LeanDispatcher {
  /** The handler's JSON body limit: larger (or unannounced) bodies take the generic path. */
  readonly maxBodyBytes: number;
  /** Whether `method pathname` is a lean route. */
  matches(method: string, pathname: string): boolean;
  /** Answers a request `matches` accepted; never rejects. */
  dispatch(request: LeanRequest): Promise<LeanResponse>;
}

/** Where `createHandler` attaches its {@link LeanDispatcher} on the handler function. */
const LEAN_DISPATCHER = Symbol("@onecode/http.leanDispatcher");

/** Attaches `dispatcher` to `handler` (not enumerable, not part of the public API). */
export function attachLeanDispatcher<H extends object>(handler: H, dispatcher: LeanDispatcher): H {
  Object.defineProperty(handler, LEAN_DISPATCHER, { value: dispatcher });
  return handler;
}

/** The lean dispatcher of a handler made by `createHandler`, or `undefined` for any other. */
export function leanDispatcherOf(handler: object): LeanDispatcher | undefined {
  return (handler as { [LEAN_DISPATCHER]?: LeanDispatcher })[LEAN_DISPATCHER];
}

const encoder = new TextEncoder();

function headerRecord(init: HeadersLike | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (init === undefined) return record;
  if (init instanceof Headers || Array.isArray(init)) {
    for (const [name, value] of init instanceof Headers ? init : (init as [string, string][])) {
      record[name.toLowerCase()] = value;
    }
    return record;
  }
  for (const name of Object.keys(init)) {
    record[name.toLowerCase()] = (init as Record<string, string>)[name] as string;
  }
  return record;
}

function jsonBody(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  contentType: string,
): LeanResponse {
  // One pass: the bytes are encoded once and their length is the header.
  const bytes = encoder.encode(JSON.stringify(body));
  headers["content-type"] = contentType;
  headers["content-length"] = String(bytes.byteLength);
  return { status, headers, body: bytes };
}

/** A route answer as a {@link LeanResponse}: the same status, headers and bytes `answerResponse` sends. */
export function leanAnswer(answer: RouteAnswer): LeanResponse {
  if ("response" in answer) return answer;
  const headers = headerRecord(answer.headers);
  if (answer.body === undefined) return { status: answer.status, headers, body: null };
  return jsonBody(answer.status, answer.body, headers, answer.contentType ?? "application/json");
}

/** `answer` with CORS headers added, as `withCorsHeaders` adds them to a `Response`. */
function leanWithCors(answer: LeanResponse, headers: Record<string, string>): LeanResponse {
  if ("response" in answer) return { response: withCorsHeaders(answer.response, headers) };
  const merged: Record<string, string> = { ...answer.headers };
  for (const [name, value] of Object.entries(headers)) {
    merged[name] = name === "vary" && merged.vary ? `${merged.vary}, ${value}` : value;
  }
  return { ...answer, headers: merged };
}

/** A problem as a {@link LeanResponse}, like `problemResponse`. */
export function leanProblem({ problem, headers }: ProblemAnswer): LeanResponse {
  return jsonBody(problem.status, problem, headerRecord(headers), PROBLEM_CONTENT_TYPE);
}

/**
 * The lean dispatcher of a handler: its lean routes by `METHOD <basePath><path>`,
 * answered like the generic path answers them (same validation, body rules,
 * problems and `onError`), from a {@link LeanRequest}.
 */
export function leanDispatcher(config: {
  readonly onecode: OneCode;
  readonly routes: readonly Route[];
  readonly basePath: string;
  readonly maxBodyBytes: number;
  readonly maxUploadBytes: number;
  readonly onError?: (error: unknown, request: Request) => void;
  readonly cors?: PublicCors | null;
}): LeanDispatcher | null {
  const { onecode, basePath, maxBodyBytes, maxUploadBytes, onError, cors } = config;
  const lean = new Map<string, Route>();
  for (const route of config.routes) {
    if (route.lean) lean.set(`${route.method} ${basePath}${route.path}`, route);
  }
  if (lean.size === 0) return null;
  return {
    maxBodyBytes,
    matches: (method, pathname) => lean.has(`${method} ${pathname}`),
    async dispatch(request) {
      const route = lean.get(`${request.method} ${request.pathname}`);
      const input = new LeanRouteInput(request, onecode, basePath, maxUploadBytes);
      let answer: LeanResponse;
      try {
        if (!route) throw new Error(`no lean route for ${request.method} ${request.pathname}`);
        answer = leanAnswer(await route.answer(input));
      } catch (error) {
        answer = leanProblem(
          problemOf(error, request.pathname, (cause) => onError?.(cause, input.request)),
        );
      }
      // Lean routes are public, so the handler's CORS policy applies to every answer.
      return cors ? leanWithCors(answer, cors.responseHeaders(request.origin)) : answer;
    },
  };
}
