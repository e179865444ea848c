/**
 * Group commit's queue: items added while a batch runs go out together as
 * the next batch (up to `maxBatch`), one batch in flight at a time, so
 * concurrent callers share round trips and commits instead of queueing one
 * each. An idle queue sends a lone item on the next event-loop turn, without
 * a timer. `run` settles every item of its batch itself and never rejects.
 */
export class SerialBatches<T> {
  readonly #run: (batch: T[]) => Promise<void>;
  readonly #maxBatch: number;
  #queue: T[] = [];
  #flushing: Promise<void> | null = null;
  #scheduled = false;

  constructor(run: (batch: T[]) => Promise<void>, maxBatch: number) {
    this.#run = run;
    this.#maxBatch = maxBatch;
  }

  /** Queues an item for the next batch. */
  add(item: T): void {
    this.#queue.push(item);
    if (this.#flushing || this.#scheduled) return; // the running batch sends the next one
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  /** Waits until every queued item's batch has run. */
  async drain(): Promise<void> {
    while (this.#flushing || this.#queue.length > 0) {
      this.#flush();
      await this.#flushing;
    }
  }

  #flush(): void {
    if (this.#flushing || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#maxBatch);
    this.#flushing = this.#run(batch).finally(() => {
      this.#flushing = null;
      // Items that arrived during the call go out at once: they have waited already.
      if (this.#queue.length > 0) this.#flush();
    });
  }
}
