import { type BackingService, isOneCodeError } from "@onecode/core";
import {
  isNetworkFailure,
  isTransientFailure,
  serviceUnavailable,
} from "@onecode/core/adapter-kit";

/**
 * SQLSTATEs that say the database could not be reached or dropped the
 * session, so the same call may succeed later: class 08 (connection
 * exception) is matched by prefix; `57P01` admin shutdown (also what
 * `pg_terminate_backend` sends), `57P02` crash shutdown, `57P03` cannot
 * connect now (starting up or in recovery), `53300` too many connections,
 * `57014` a statement cancelled (a `statement_timeout` ran out).
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "57014"]);

/**
 * Messages of errors node-postgres, pg-pool, Kysely and PGlite throw without
 * a code when a connection is gone, cannot be had in time, or the client is
 * shut down: "Connection terminated unexpectedly", "timeout exceeded when
 * trying to connect", "Client has encountered a connection error and is not
 * queryable", "Cannot use a pool after calling end on the pool", "driver has
 * already been destroyed", "PGlite is closed".
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i,
  /connection ended/i,
  /^Client was closed/i,
  /timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /is not queryable/,
  /^Cannot use a pool after calling end/,
  /driver has already been destroyed/,
  /^PGlite is clos(ed|ing)/,
];

/** How deep {@link isConnectionFailure} follows `cause` and `AggregateError.errors`. */
const MAX_DEPTH = 3;

/**
 * True when `error` means PostgreSQL (or PGlite) could not be reached or the
 * session was lost, as opposed to a statement the server refused (a
 * statement whose connection failed may or may not have committed; one
 * refused with any other SQLSTATE did not): a
 * connection-level SQLSTATE, a socket error, or one of the drivers' own
 * connection messages, also as the `cause` of another error or inside an
 * `AggregateError` (Node reports each address it tried).
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (isTransientFailure(error)) return true; // translated already: SERVICE_UNAVAILABLE
  if (typeof error !== "object" || error === null || depth > MAX_DEPTH) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (
    typeof code === "string" &&
    (UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
  ) {
    return true;
  }
  if (isNetworkFailure(error)) return true;
  if (
    typeof message === "string" &&
    UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))
  ) {
    return true;
  }
  if (Array.isArray(errors) && errors.some((inner) => isConnectionFailure(inner, depth + 1))) {
    return true;
  }
  return cause !== undefined && isConnectionFailure(cause, depth + 1);
}

/**
 * The error a caller of the port sees for `error`: `SERVICE_UNAVAILABLE`
 * naming `service` (the driver's error kept as `cause`, never as the message)
 * for a connection-level failure, `error` itself for anything else.
 */
export function asServiceFailure(error: unknown, service: BackingService): unknown {
  if (isOneCodeError(error) || !isConnectionFailure(error)) return error;
  return serviceUnavailable(service, error);
}

/**
 * Runs `work` and rejects with {@link asServiceFailure} of whatever it
 * rejects (or throws) with.
 */
export async function unavailableOnConnectionFailure<T>(
  service: BackingService,
  work: () => Promise<T> | T,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asServiceFailure(error, service);
  }
}

/**
 * Wraps every method of a port object (a repository, a part of the hot
 * state) so a connection-level failure rejects as `SERVICE_UNAVAILABLE`
 * naming `service`. The one place the adapter translates driver failures:
 * core and the HTTP layer see one typed error and never driver text, while
 * the adapter's own code inside still sees the driver's errors (to tell a
 * unique violation from a lost connection).
 */
export function reportUnavailable<T extends object>(port: T, service: BackingService): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(port)) {
    wrapped[name] =
      typeof member === "function"
        ? (...args: unknown[]) =>
            unavailableOnConnectionFailure(service, () => member.apply(port, args))
        : member;
  }
  return wrapped as T;
}
