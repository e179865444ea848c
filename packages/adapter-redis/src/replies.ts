/**
 * Decoders for Redis replies. They check the shape instead of casting, and
 * their errors name the operation only: never the key or the stored value.
 */

/** The error for a reply whose shape the adapter did not expect. */
export function unexpectedReply(operation: string): Error {
  return new Error(`${operation}: Redis returned a reply of an unexpected shape`);
}

/** A reply that must be an integer (Redis integer reply, or an integer bulk string). */
export function integerReply(reply: unknown, operation: string): number {
  const value = typeof reply === "string" ? Number(reply) : reply;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw unexpectedReply(operation);
  return value;
}

/** A reply that is a string, or `null` for a nil reply. */
export function stringOrNullReply(reply: unknown, operation: string): string | null {
  if (reply === null || typeof reply === "string") return reply;
  throw unexpectedReply(operation);
}

/** A reply that must be an array of at least `length` entries. */
export function arrayReply(reply: unknown, length: number, operation: string): unknown[] {
  if (!Array.isArray(reply) || reply.length < length) throw unexpectedReply(operation);
  return reply;
}
