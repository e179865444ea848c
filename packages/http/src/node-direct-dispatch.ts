import type { OneCode } from "@onecode/core";
import type { Route, RouteAnswer } from "./define-route.js";
import type { HeadersLike } from "./json-response.js";
import { PROBLEM_CONTENT_TYPE, type ProblemAnswer, problemOf } from "./problem.js";
import { type PublicCors, withCorsHeaders } from "./public-cors.js";
import { NodeDirectRouteInput } from "./route-context.js";

/**
 * A request as the node binding hands it to a node-direct route: what `node:http`
 * parsed, with the (small) body already read. No WHATWG objects are built
 * unless something asks for them.
 */
export interface NodeDirectRequest {
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

/** What a node-direct route answers: a status, header values and the body bytes, or a built response. */
export type NodeDirectResponse =
  | {
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: Uint8Array | null;
    }
  | { readonly response: Response };

/** How a handler made by `createHandler` serves its node-direct routes to the node binding. */
export interface NodeDirectDispatcher {
  /** The handler's JSON body limit: larger (or unannounced) bodies take the generic path. */
  readonly maxBodyBytes: number;
  /** Whether `method pathname` is a node-direct route. */
  matches(method: string, pathname: string): boolean;
  /** Answers a request `matches` accepted; never rejects. */
  dispatch(request: NodeDirectRequest): Promise<NodeDirectResponse>;
}

/** Where `createHandler` attaches its {@link NodeDirectDispatcher} on the handler function. */
const NODE_DIRECT_DISPATCHER = Symbol("@onecode/http.nodeDirectDispatcher");

/** Attaches `dispatcher` to `handler` (not enumerable, not part of the public API). */
export function attachNodeDirectDispatcher<H extends object>(
  handler: H,
  dispatcher: NodeDirectDispatcher,
): H {
  Object.defineProperty(handler, NODE_DIRECT_DISPATCHER, { value: dispatcher });
  return handler;
}

/** The node-direct dispatcher of a handler made by `createHandler`, or `undefined` for any other. */
export function nodeDirectDispatcherOf(handler: object): NodeDirectDispatcher | undefined {
  return (handler as { [NODE_DIRECT_DISPATCHER]?: NodeDirectDispatcher })[NODE_DIRECT_DISPATCHER];
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
): NodeDirectResponse {
  // One pass: the bytes are encoded once and their length is the header.
  const bytes = encoder.encode(JSON.stringify(body));
  headers["content-type"] = contentType;
  headers["content-length"] = String(bytes.byteLength);
  return { status, headers, body: bytes };
}

/** A route answer as a {@link NodeDirectResponse}: the same status, headers and bytes `answerResponse` sends. */
export function nodeDirectAnswer(answer: RouteAnswer): NodeDirectResponse {
  if ("response" in answer) return answer;
  const headers = headerRecord(answer.headers);
  if (answer.body === undefined) return { status: answer.status, headers, body: null };
  return jsonBody(answer.status, answer.body, headers, answer.contentType ?? "application/json");
}

/** `answer` with CORS headers added, as `withCorsHeaders` adds them to a `Response`. */
function nodeDirectWithCors(
  answer: NodeDirectResponse,
  headers: Record<string, string>,
): NodeDirectResponse {
  if ("response" in answer) return { response: withCorsHeaders(answer.response, headers) };
  const merged: Record<string, string> = { ...answer.headers };
  for (const [name, value] of Object.entries(headers)) {
    merged[name] = name === "vary" && merged.vary ? `${merged.vary}, ${value}` : value;
  }
  return { ...answer, headers: merged };
}

/** A problem as a {@link NodeDirectResponse}, like `problemResponse`. */
export function nodeDirectProblem({ problem, headers }: ProblemAnswer): NodeDirectResponse {
  return jsonBody(problem.status, problem, headerRecord(headers), PROBLEM_CONTENT_TYPE);
}

/**
 * The node-direct dispatcher of a handler: its node-direct routes by `METHOD <basePath><path>`,
 * answered like the generic path answers them (same validation, body rules,
 * problems and `onError`), from a {@link NodeDirectRequest}.
 */
export function nodeDirectDispatcher(config: {
  readonly onecode: OneCode;
  readonly routes: readonly Route[];
  readonly basePath: string;
  readonly maxBodyBytes: number;
  readonly maxUploadBytes: number;
  readonly onError?: (error: unknown, request: Request) => void;
  readonly cors?: PublicCors | null;
}): NodeDirectDispatcher | null {
  const { onecode, basePath, maxBodyBytes, maxUploadBytes, onError, cors } = config;
  const nodeDirect = new Map<string, Route>();
  for (const route of config.routes) {
    if (route.nodeDirect) nodeDirect.set(`${route.method} ${basePath}${route.path}`, route);
  }
  if (nodeDirect.size === 0) return null;
  return {
    maxBodyBytes,
    matches: (method, pathname) => nodeDirect.has(`${method} ${pathname}`),
    async dispatch(request) {
      const route = nodeDirect.get(`${request.method} ${request.pathname}`);
      const input = new NodeDirectRouteInput(request, onecode, basePath, maxUploadBytes);
      let answer: NodeDirectResponse;
      try {
        if (!route)
          throw new Error(`no node-direct route for ${request.method} ${request.pathname}`);
        answer = nodeDirectAnswer(await route.answer(input));
      } catch (error) {
        answer = nodeDirectProblem(
          problemOf(error, request.pathname, (cause) => onError?.(cause, input.request)),
        );
      }
      // Node-direct routes are public, so the handler's CORS policy applies to every answer.
      return cors ? nodeDirectWithCors(answer, cors.responseHeaders(request.origin)) : answer;
    },
  };
}
