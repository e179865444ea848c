/**
 * Tracks the generation jobs running in this process so `onecode.close()`
 * can stop them cleanly: each job finishes the chunk it is writing, stays
 * `running` in storage and releases its lock, so the next process (or the
 * scheduler) resumes it from its last checkpoint.
 */
export class JobLifecycle {
  #stopping = false;
  readonly #running = new Set<Promise<unknown>>();

  /** True once `stop()` was called: runners must not start another chunk. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** Registers a run until it settles. */
  track<T>(run: Promise<T>): Promise<T> {
    this.#running.add(run);
    const forget = () => this.#running.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** Asks every run to stop after its current chunk and waits until they have. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.allSettled([...this.#running]);
  }
}
