/** Removes the listener it was returned for; calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * A tiny typed in-process event emitter: `Events` maps each event name to its
 * payload type. Listeners run synchronously in subscription order; a
 * listener that throws does not stop the others (the error is reported to
 * `onListenerError`, which defaults to ignoring it), so an emitter never
 * breaks the code that emits.
 *
 * @example
 * ```ts
 * const events = new TypedEmitter<{ progress: { done: number } }>();
 * const off = events.on("progress", ({ done }) => console.log(done));
 * events.emit("progress", { done: 10 });
 * off();
 * ```
 */
export class TypedEmitter<Events extends { [K in keyof Events]: unknown }> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(options: { onListenerError?: (error: unknown) => void } = {}) {
    this.#onListenerError = options.onListenerError ?? (() => {});
  }

  /** Calls `listener` with every later `name` event until the returned function is called. */
  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): Unsubscribe {
    let listeners = this.#listeners.get(name);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(name, listeners);
    }
    const entry = listener as (payload: never) => void;
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
      if (listeners.size === 0 && this.#listeners.get(name) === listeners) {
        this.#listeners.delete(name);
      }
    };
  }

  /** Delivers `payload` to every current listener of `name`. */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const listeners = this.#listeners.get(name);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** How many listeners `name` has (for tests and leak checks). */
  listenerCount(name: keyof Events): number {
    return this.#listeners.get(name)?.size ?? 0;
  }
}
