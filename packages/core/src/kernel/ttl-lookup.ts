import type { Clock } from "./clock.js";
import { LruMap } from "./lru-map.js";

/**
 * An in-process memory of values read from storage by tenant and id, each
 * trusted for `ttlMs`: what a hot path (a draw, a consumer request) reads
 * of records that change rarely. Concurrent misses of one key share one
 * read; the least recently used entries go first past `maxEntries`. A
 * change made in this process calls {@link TtlLookup.invalidate}; other
 * processes see it once their entry expires.
 */
export class TtlLookup<V> {
  readonly #entries: LruMap<string, { value: V; untilMs: number }>;
  /** Reads in flight, so concurrent misses of one key share one storage read. */
  readonly #loading = new Map<string, Promise<V>>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly load: (tenantId: string, id: string) => Promise<V>,
    maxEntries = 10_000,
  ) {
    this.#entries = new LruMap(maxEntries);
  }

  /** The value of `id`, from memory while it is fresh, else read (and remembered). */
  async get(tenantId: string, id: string): Promise<V> {
    const key = `${tenantId}\u0000${id}`;
    const cached = this.#entries.get(key);
    if (cached && cached.untilMs > this.clock.nowMs()) return cached.value;
    const loading = this.#loading.get(key);
    if (loading) return loading;
    const read = this.load(tenantId, id).then(
      (value) => {
        // A read overtaken by an invalidation must not bring the old value back.
        if (this.#loading.get(key) === read) {
          this.#entries.set(key, { value, untilMs: this.clock.nowMs() + this.ttlMs });
          this.#loading.delete(key);
        }
        return value;
      },
      (error: unknown) => {
        if (this.#loading.get(key) === read) this.#loading.delete(key);
        throw error;
      },
    );
    this.#loading.set(key, read);
    return read;
  }

  /** Forgets `id` after a change in this process, so the next `get` reads it again. */
  invalidate(tenantId: string, id: string): void {
    const key = `${tenantId}\u0000${id}`;
    this.#entries.delete(key);
    this.#loading.delete(key);
  }
}
