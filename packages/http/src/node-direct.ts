import type { IncomingMessage, ServerResponse } from "node:http";
import { rememberClientAddress } from "./client-address.js";
import type { NodeDirectDispatcher, NodeDirectResponse } from "./node-direct-dispatch.js";
import { clientAddressOf, requestHeaders, requestUrl } from "./node-request.js";
import { writeResponse } from "./node-response.js";

const DIGITS = /^\d+$/;

function writeNodeDirect(
  answer: NodeDirectResponse,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if ("response" in answer) {
    writeResponse(answer.response, req, res, false).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : undefined);
    });
    return;
  }
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body ?? undefined);
}

/**
 * Serves a request for a node-direct route (see `defineRoute`'s `nodeDirect`) straight
 * from `node:http`: reads the body it announced, hands it to the
 * dispatcher and writes the answer with its head in one write, without
 * WHATWG `Request`, `Response` or web streams. Returns `false`, touching
 * nothing, for any request it leaves to the generic path: another route,
 * or a body without a `Content-Length` within the handler's limit (the
 * generic path answers those, with 413 where due).
 */
export function serveNodeDirect(
  dispatcher: NodeDirectDispatcher,
  req: IncomingMessage,
  res: ServerResponse,
  trustProxy: number,
): boolean {
  const method = req.method ?? "GET";
  const target = req.url ?? "/";
  const query = target.indexOf("?");
  const pathname = query === -1 ? target : target.slice(0, query);
  if (req.readableEnded || !dispatcher.matches(method, pathname)) return false;
  const length = req.headers["content-length"];
  if (
    req.headers["transfer-encoding"] !== undefined ||
    length === undefined ||
    !DIGITS.test(length) ||
    Number(length) > dispatcher.maxBodyBytes
  ) {
    return false;
  }
  let url: URL;
  try {
    url = requestUrl(req);
  } catch {
    return false; // The generic path answers an invalid Host or target with 400.
  }
  const clientAddress = clientAddressOf(req, trustProxy);
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
  });
  // An aborted upload: no answer can reach the client any more.
  req.once("error", () => res.destroy());
  req.once("end", () => {
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    dispatcher
      .dispatch({
        method,
        pathname,
        contentType: req.headers["content-type"] ?? null,
        body,
        clientAddress,
        origin: req.headers.origin ?? null,
        url: () => url,
        toRequest() {
          const request = new Request(url, {
            method,
            headers: requestHeaders(req),
            body: method === "GET" || method === "HEAD" ? null : body,
          });
          if (clientAddress !== null) rememberClientAddress(request, clientAddress);
          return request;
        },
      })
      .then(
        (answer) => writeNodeDirect(answer, req, res),
        () => {
          res.statusCode = 500;
          res.end();
        },
      );
  });
  return true;
}
