/**
 * Runs async tasks one at a time in call order. The memory storage uses it to
 * make every operation and transaction serializable, which is the strongest
 * isolation the conformance suite can ask of any adapter.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
