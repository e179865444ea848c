/**
 * The part of a Redis client the adapter uses. An ioredis `Redis` or
 * `Cluster` satisfies it as is; declaring only this shape keeps the adapter
 * free of driver-specific overloads and lets tests pass a recording double.
 */
export interface RedisClient {
  /** Sends one command and resolves with its reply (bulk strings as `string`, nil as `null`). */
  call(command: string, ...args: string[]): Promise<unknown>;
  /** Closes the connection after pending replies; used only when the adapter owns the client. */
  quit(): Promise<unknown>;
  /**
   * Drops the connection at once and stops reconnecting (ioredis has it);
   * used only when the adapter owns the client and `quit` fails because
   * Redis is unreachable.
   */
  disconnect?(): void;
}
