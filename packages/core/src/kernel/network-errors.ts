/**
 * Node's socket and DNS error codes (`error.code`) that mean a server could
 * not be reached or a connection broke: the same call may succeed once the
 * network or the server is back.
 */
const NETWORK_FAILURE_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENOTCONN",
]);

/**
 * True when `error` carries one of Node's socket or DNS error codes for an
 * unreachable server or a broken connection (`ECONNREFUSED`, `ECONNRESET`,
 * `ETIMEDOUT`, `ENOTFOUND`, ...). Adapters use it to tell an outage, which
 * they report as `SERVICE_UNAVAILABLE`, from an error of the request itself.
 */
export function isNetworkFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code } = error as { code?: unknown };
  return typeof code === "string" && NETWORK_FAILURE_CODES.has(code);
}
