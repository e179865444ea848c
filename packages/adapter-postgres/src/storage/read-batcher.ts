/** Fetches the values of many keys with one statement, in key order. */
export type BatchFetch<K, V> = (keys: readonly K[]) => Promise<readonly V[]>;

interface Waiting<K, V> {
  readonly key: K;
  resolve(value: V): void;
  reject(error: unknown): void;
}

/**
 * Reads of one kind asked for during the same event-loop turn are answered
 * by one statement (up to `maxBatch` keys each) instead of one statement
 * apiece: under load that divides the round trips, parses and wake-ups of
 * the hottest look-ups by the number of concurrent callers. Each read still
 * sees only committed rows, read after it was asked for: one statement's
 * snapshot, taken once the turn ends. With `identity`, reads of equal keys
 * in one batch share one position of the statement (and its answer). A
 * failed statement fails the reads it held. The same turn-sharing serves
 * writes whose rows are independent and whose answer each caller reads
 * from the statement's result (the group commit of draws).
 */
export class ReadBatcher<K, V> {
  readonly #fetch: BatchFetch<K, V>;
  readonly #maxBatch: number;
  readonly #identity: ((key: K) => string) | undefined;
  #waiting: Waiting<K, V>[] = [];
  #scheduled = false;

  constructor(fetch: BatchFetch<K, V>, maxBatch = 256, identity?: (key: K) => string) {
    this.#fetch = fetch;
    this.#maxBatch = maxBatch;
    this.#identity = identity;
  }

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.#waiting.push({ key, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (let from = 0; from < waiting.length; from += this.#maxBatch) {
      void this.#run(waiting.slice(from, from + this.#maxBatch));
    }
  }

  async #run(batch: readonly Waiting<K, V>[]): Promise<void> {
    try {
      const identity = this.#identity;
      if (!identity) {
        const values = await this.#fetch(batch.map((entry) => entry.key));
        for (let i = 0; i < batch.length; i++) (batch[i] as Waiting<K, V>).resolve(values[i] as V);
        return;
      }
      const positions = new Map<string, number>();
      const keys: K[] = [];
      const slots = batch.map((entry) => {
        const id = identity(entry.key);
        let slot = positions.get(id);
        if (slot === undefined) {
          slot = keys.push(entry.key) - 1;
          positions.set(id, slot);
        }
        return slot;
      });
      const values = await this.#fetch(keys);
      for (let i = 0; i < batch.length; i++) {
        (batch[i] as Waiting<K, V>).resolve(values[slots[i] as number] as V);
      }
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
