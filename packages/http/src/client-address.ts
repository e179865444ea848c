import { isIP } from "node:net";

/**
 * Client addresses of the requests `toNodeListener` built, keyed by the
 * `Request` object itself: nothing a client sends can put a value here, and
 * an entry goes away with its request.
 */
const addresses = new WeakMap<Request, string>();

/** Records the client address of a request built by the node binding. */
export function rememberClientAddress(request: Request, address: string): void {
  addresses.set(request, address);
}

/**
 * The client address of a request that `toNodeListener` built: the socket's
 * remote address, or with `trustProxy` the address the trusted proxies
 * report (see {@link forwardedClientAddress}). `null` for any other request
 * (built by another runtime's binding, or in a test).
 *
 * @example
 * ```ts
 * const handler = createHandler(onecode, {
 *   authenticate,
 *   clientIp: (request) => nodeClientAddress(request) ?? request.headers.get("fly-client-ip"),
 * });
 * ```
 */
export function nodeClientAddress(request: Request): string | null {
  return addresses.get(request) ?? null;
}

/**
 * An address without IPv4-mapped IPv6 wrapping (`::ffff:203.0.113.9` →
 * `203.0.113.9`), so one client has one spelling in rate-limit keys and geo
 * look-ups.
 */
export function normalizeAddress(address: string): string {
  if (address.length > 7 && address.slice(0, 7).toLowerCase() === "::ffff:") {
    const v4 = address.slice(7);
    if (isIP(v4) === 4) return v4;
  }
  return address;
}

/** One `X-Forwarded-For` element as an address, or `null` when it is none (`unknown`, garbage). */
function forwardedElement(element: string): string | null {
  let value = element.trim();
  // A few proxies append the port: `203.0.113.9:5123`, `[2001:db8::1]:443`.
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    value = end === -1 ? "" : value.slice(1, end);
  } else if (value.indexOf(":") !== -1 && value.indexOf(":") === value.lastIndexOf(":")) {
    value = value.slice(0, value.indexOf(":"));
  }
  return isIP(value) === 0 ? null : normalizeAddress(value);
}

/**
 * The client address behind `trustProxy` proxies of one's own, by the
 * rightmost-untrusted rule: the socket peer is the nearest proxy, and each
 * proxy appends the address it received the request from to
 * `X-Forwarded-For`; so, read from the right, the first `trustProxy - 1`
 * elements are the other proxies' and the next one is the client. Elements
 * further left were written by the client and are never read. When the
 * header has fewer elements than that, or an element in the trusted part is
 * not an address, the last trustworthy address is the answer.
 *
 * @param peer The socket's remote address.
 * @param forwardedFor Every `X-Forwarded-For` header value, joined with `,` in order, or `null`.
 * @param trustProxy How many proxies of one's own stand in front of the server; 0 trusts none.
 *
 * @example
 * ```ts
 * // One load balancer (10.0.0.2) in front; the client claimed to be 1.1.1.1.
 * forwardedClientAddress("10.0.0.2", "1.1.1.1, 203.0.113.9", 1); // "203.0.113.9"
 * ```
 */
export function forwardedClientAddress(
  peer: string,
  forwardedFor: string | null,
  trustProxy: number,
): string {
  let client = normalizeAddress(peer);
  if (trustProxy <= 0 || !forwardedFor) return client;
  const elements = forwardedFor.split(",");
  for (let hop = 0; hop < trustProxy && hop < elements.length; hop++) {
    const address = forwardedElement(elements[elements.length - 1 - hop] as string);
    if (address === null) break;
    client = address;
  }
  return client;
}
