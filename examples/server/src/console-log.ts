import { formatErrorForLog } from "@onecode/core";

/** How the server logs: a message, and the error that caused it if any. */
export type ServerLog = (message: string, error?: unknown) => void;

/**
 * The server's default log, on stderr: the message, then the error as core's
 * `formatErrorForLog` writes it (SQLSTATE and stack frames for a database
 * error; never SQL parameters, row data or driver text).
 */
export const logToConsole: ServerLog = (message, error) => {
  console.error(error === undefined ? message : `${message}: ${formatErrorForLog(error)}`);
};
