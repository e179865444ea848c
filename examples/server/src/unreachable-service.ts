// How the reference server names a backing service it cannot reach at start.

/** Hides the password of a connection URL before it is printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/** A short reason for a start-up failure: the error's code and message. */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code } = error as { code?: unknown };
  if (typeof code !== "string") return error.message || error.name;
  // Node reports a refused connection to each address of a name as an AggregateError without text.
  return !error.message || error.message.includes(code)
    ? error.message || code
    : `${code}: ${error.message}`;
}

/** The start-up error for a service the server cannot reach, naming the variable that points at it. */
export function unreachable(variable: string, service: string, url: string, cause: unknown): Error {
  return new Error(
    `${variable}: cannot reach ${service} at ${redactUrl(url)} (${reasonOf(cause)}); check that it runs and that ${variable} points at it`,
    { cause },
  );
}
