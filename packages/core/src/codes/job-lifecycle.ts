/**
 * Tracks the generation jobs running in this process so `onecode.close()`
 * can stop them cleanly: each job finishes the chunk it is writing (or
 * stops waiting out an outage), stays `running` in storage at its last
 * checkpoint and releases its lock, so the next process (or the scheduler)
 * resumes it from there.
 */
export class JobLifecycle {
  #stopping = false;
  readonly #running = new Set<Promise<unknown>>();
  readonly #sleepers = new Set<() => void>();

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

  /** Resolves after `ms` of real time, or at once when stopping begins (or began). */
  sleep(ms: number): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#sleepers.add(wake);
    });
  }

  /** Asks every run to stop after its current chunk and waits until they have. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const wake of [...this.#sleepers]) wake();
    await Promise.allSettled([...this.#running]);
  }
}
