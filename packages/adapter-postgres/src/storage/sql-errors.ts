import { isTransientFailure } from "@onecode/core";

/** SQLSTATE of a foreign key violation. */
export const FOREIGN_KEY_VIOLATION = "23503";
/** SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = "23505";
/** SQLSTATE of a deadlock the server broke by failing one of the transactions. */
export const DEADLOCK_DETECTED = "40P01";

/** The parts of a database error the adapter maps to outcomes. */
export interface SqlError {
  /** Five-character SQLSTATE, e.g. `23505`. */
  readonly code: string;
  /** Name of the violated constraint or index, when the server reported one. */
  readonly constraint: string | undefined;
}

/**
 * The SQLSTATE and constraint of an error thrown by node-postgres or PGlite
 * (both expose the server's error fields as properties), or `null` for any
 * other error.
 */
export function sqlErrorOf(error: unknown): SqlError | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return null;
  return { code, constraint: typeof constraint === "string" ? constraint : undefined };
}

/**
 * SQLSTATEs after which the connection is gone: class 08 (connection
 * exception), the server shutting down or terminating the backend
 * (`57P01`-`57P03`) and too many connections (`53300`).
 */
const CONNECTION_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** Socket error codes of a server that could not be reached or went away. */
const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** What node-postgres says when a connection ended under a query or cannot be used. */
const CONNECTION_MESSAGE =
  /connection terminated|connection ended|connection error|client was closed|not queryable|timeout exceeded when trying to connect/i;

/**
 * True when `error` says the connection to the server failed (refused,
 * reset, ended, the backend terminated), rather than that the server
 * refused a statement (core's `SERVICE_UNAVAILABLE` counts too). A statement
 * whose connection failed may or may not have committed; one refused with
 * any other SQLSTATE did not.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (isTransientFailure(error)) return true; // already translated: SERVICE_UNAVAILABLE
  const sqlError = sqlErrorOf(error);
  if (sqlError) return CONNECTION_SQLSTATE.test(sqlError.code);
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && CONNECTION_ERROR_CODES.has(code)) return true;
  return typeof message === "string" && CONNECTION_MESSAGE.test(message);
}
