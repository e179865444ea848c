/**
 * Runs tasks one at a time, in call order: a task starts once the previous
 * one settled, whether it resolved or failed. The memory storage runs every
 * operation and transaction through one, which makes them serializable (the
 * strongest isolation the conformance suite can ask of any adapter); the
 * PostgreSQL storage runs the repository calls on one transaction handle
 * through one, since a transaction has one connection and one call's
 * savepoint bracket must not interleave with another's statements.
 *
 * @example
 * ```ts
 * const queue = new SerialQueue();
 * await Promise.all([queue.run(() => first()), queue.run(() => second())]); // second waits for first
 * ```
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it; settles as `task` does. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
