import type { IncomingMessage } from "node:http";
import { internalProblem, type ProblemDetails } from "./problem.js";

/** What to do with a request whose body stream another middleware has already read. */
export type ConsumedBody =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array; readonly contentType: string | null }
  | { readonly kind: "unusable"; readonly problem: ProblemDetails };

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The `instance` of a problem: the request path without its query. */
function pathOf(req: IncomingMessage): string {
  const target = req.url ?? "/";
  const query = target.indexOf("?");
  return query === -1 ? target : target.slice(0, query);
}

/**
 * A body parser mounted before OneCode (`express.json()`, `express.raw()`,
 * `express.text()`, Fastify's own) reads the whole stream and leaves the
 * result on `req.body`; waiting for the stream's data would then wait
 * forever. Returns `null` while the stream is unread; otherwise the bytes to
 * hand on (raw bytes and text as they are, a JSON request's parsed value
 * serialised again), or, when the parsed form cannot be turned back into
 * what the client sent (a urlencoded form, nothing at all), a problem that
 * names the cause.
 */
export function consumedBody(req: IncomingMessage): ConsumedBody | null {
  if (!req.readableEnded) return null;
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  const contentType = req.headers["content-type"] ?? null;
  if (parsed instanceof Uint8Array) return { kind: "bytes", bytes: parsed, contentType };
  if (typeof parsed === "string") {
    return { kind: "bytes", bytes: new TextEncoder().encode(parsed), contentType };
  }
  if (parsed !== undefined && contentType !== null && JSON_MEDIA_TYPE.test(contentType)) {
    // Parsers decode the charset and any content-encoding, so the new body is plain UTF-8 JSON.
    const bytes = new TextEncoder().encode(JSON.stringify(parsed));
    return { kind: "bytes", bytes, contentType: "application/json" };
  }
  return {
    kind: "unusable",
    problem: {
      ...internalProblem(pathOf(req)),
      detail:
        "The request body was already read by another middleware (e.g. a body parser such as " +
        "express.urlencoded()) and its parsed form cannot be handed on. Mount OneCode before " +
        "body parsers, or limit the parsers to your own routes.",
    },
  };
}

/**
 * The request headers to send with a body substituted by {@link consumedBody}:
 * the framing and encoding headers of the original body no longer apply.
 */
export function withSubstitutedBody(
  headers: Headers,
  body: Extract<ConsumedBody, { kind: "bytes" }>,
): Headers {
  headers.delete("transfer-encoding");
  headers.delete("content-encoding");
  headers.set("content-length", String(body.bytes.byteLength));
  if (body.contentType !== null) headers.set("content-type", body.contentType);
  return headers;
}
