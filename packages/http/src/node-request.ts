import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { forwardedClientAddress } from "./client-address.js";

/** The absolute URL of a `node:http` request; throws `TypeError` for an invalid Host or target. */
export function requestUrl(req: IncomingMessage): URL {
  const protocol = (req.socket as TLSSocket).encrypted ? "https" : "http";
  const host = req.headers.host ?? "localhost";
  const target = req.url ?? "/";
  // Concatenated, not resolved: `new URL("//evil/x", base)` would change the host.
  return target.startsWith("/") ? new URL(`${protocol}://${host}${target}`) : new URL(target);
}

/** Every header of a `node:http` request, in order, without HTTP/2 pseudo-headers. */
export function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!name.startsWith(":")) headers.append(name, raw[i + 1] as string);
  }
  return headers;
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return typeof value === "string" ? value : value.join(",");
}

/**
 * The client address of a request: the socket's remote address, or behind
 * `trustProxy` proxies the one `X-Forwarded-For` reports (see
 * `forwardedClientAddress`); `null` when the socket is already gone.
 */
export function clientAddressOf(req: IncomingMessage, trustProxy: number): string | null {
  const peer = req.socket.remoteAddress;
  if (peer === undefined) return null;
  const forwarded = trustProxy > 0 ? headerValue(req.headers["x-forwarded-for"]) : null;
  return forwardedClientAddress(peer, forwarded, trustProxy);
}
