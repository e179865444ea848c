import type { IncomingMessage, ServerResponse } from "node:http";
import { rememberClientAddress } from "./client-address.js";
import { consumedBody, withSubstitutedBody } from "./consumed-body.js";
import type { FetchHandler } from "./create-handler.js";
import { serveNodeDirect } from "./node-direct.js";
import { nodeDirectDispatcherOf } from "./node-direct-dispatch.js";
import { clientAddressOf, requestHeaders, requestUrl } from "./node-request.js";
import { writeResponse } from "./node-response.js";
import { problemResponse } from "./problem.js";

/** A `node:http` request listener. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * How many reverse proxies of your own (load balancers, ingress) stand
   * between the clients and this server; default 0. With 0 the client
   * address is the socket's remote address and `X-Forwarded-For` is ignored,
   * since any client can send it. With `n`, the address is taken from
   * `X-Forwarded-For` by the rightmost-untrusted rule (see
   * `forwardedClientAddress`): the nth element from the right, never one
   * further left, which the client could have written. Set it to exactly
   * the number of proxies: one too many lets clients choose their address.
   */
  readonly trustProxy?: number;
}

function hasBody(req: IncomingMessage): boolean {
  if (req.method === "GET" || req.method === "HEAD") return false;
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** The request body as a web stream with backpressure, and a way to discard what is left unread. */
function requestBody(req: IncomingMessage): {
  stream: ReadableStream<Uint8Array>;
  discard: () => void;
} {
  let discarded = false;
  // Cancelling (e.g. past the body limit) must not destroy the socket: the 413 still has to go out.
  const discard = () => {
    discarded = true;
    req.resume();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        if (discarded) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => {
        if (!discarded) controller.close();
      });
      req.once("error", (error) => {
        if (!discarded) controller.error(error);
      });
      req.once("close", () => {
        if (!discarded && !req.complete) controller.error(new Error("request body aborted"));
      });
    },
    pull() {
      req.resume();
    },
    cancel: discard,
  });
  return { stream, discard };
}

/**
 * Binds a fetch handler to `node:http`: builds a WHATWG `Request` (absolute
 * URL from the `Host` header, all headers, the body streamed with `duplex:
 * "half"`, a signal that aborts when the client disconnects) and streams the
 * `Response` back chunk by chunk with backpressure, so downloads and
 * Server-Sent Events are never buffered. The client address (the socket's,
 * or behind `trustProxy` proxies the forwarded one) is available to the
 * handler through `nodeClientAddress(request)`, which is `createHandler`'s
 * default `clientIp`.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { createOneCode } from "@onecode/core";
 * import { createHandler, toNodeListener } from "@onecode/http";
 *
 * const handler = createHandler(createOneCode(), { authenticate });
 * createServer(toNodeListener(handler)).listen(3000);
 * // Behind one load balancer that appends to X-Forwarded-For:
 * createServer(toNodeListener(handler, { trustProxy: 1 })).listen(3000);
 * ```
 */
export function toNodeListener(
  handler: FetchHandler,
  options: NodeListenerOptions = {},
): NodeListener {
  const trustProxy = options.trustProxy ?? 0;
  if (!Number.isSafeInteger(trustProxy) || trustProxy < 0) {
    throw new TypeError("trustProxy must be a non-negative integer");
  }
  const nodeDirect = nodeDirectDispatcherOf(handler);
  return (req, res) => {
    if (nodeDirect && serveNodeDirect(nodeDirect, req, res, trustProxy)) return;
    const abort = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) abort.abort(new Error("client disconnected"));
    });

    const consumed = hasBody(req) ? consumedBody(req) : null;
    if (consumed?.kind === "unusable") {
      writeResponse(problemResponse(consumed.problem), req, res, false).catch(() => res.destroy());
      return;
    }
    let request: Request;
    let body: ReturnType<typeof requestBody> | null = null;
    try {
      body = hasBody(req) && consumed === null ? requestBody(req) : null;
      const headers = requestHeaders(req);
      request = new Request(requestUrl(req), {
        method: req.method,
        headers: consumed ? withSubstitutedBody(headers, consumed) : headers,
        body: body?.stream ?? consumed?.bytes ?? null,
        duplex: "half",
        signal: abort.signal,
      });
    } catch {
      res.statusCode = 400;
      res.setHeader("connection", "close");
      res.end();
      return;
    }
    const address = clientAddressOf(req, trustProxy);
    if (address !== null) rememberClientAddress(request, address);

    res.once("finish", () => body?.discard());
    handler(request)
      .then((response) => writeResponse(response, req, res, body !== null && !req.complete))
      .catch((error: unknown) => {
        if (res.headersSent) {
          res.destroy(error instanceof Error ? error : undefined);
        } else {
          res.statusCode = 500;
          res.end();
        }
      });
  };
}
