/**
 * Runs async tasks one at a time in call order. A transaction has one
 * connection, and a savepoint bracket must not interleave with another
 * operation's statements, so repository calls on one transaction handle go
 * through a queue.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
