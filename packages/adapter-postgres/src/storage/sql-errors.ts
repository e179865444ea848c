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
