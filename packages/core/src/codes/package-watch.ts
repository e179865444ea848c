import type { CodePackage, CodePackageProgress, CodePackageStatus } from "./code-package.js";
import { type CodesRuntime, isFinalStatus, progressOf, requirePackage } from "./codes-runtime.js";

/** Order of statuses, so a stale reading never replaces a newer one. */
function stage(status: CodePackageStatus): number {
  if (isFinalStatus(status)) return 2;
  return status === "running" ? 1 : 0;
}

function isNewer(next: CodePackageProgress, last: CodePackageProgress): boolean {
  const difference = stage(next.status) - stage(last.status);
  return (
    difference > 0 || (difference === 0 && next.status === last.status && next.done > last.done)
  );
}

/**
 * Resolves on the next in-process event of the package, or after `ms`,
 * whichever comes first (or at once when `signal` aborts).
 */
export function waitForChange(
  runtime: CodesRuntime,
  tenantId: string,
  id: string,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      off();
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const off = runtime.events.on("progress", (event) => {
      if (event.tenantId === tenantId && event.progress.packageId === id) done();
    });
    signal?.addEventListener("abort", done);
  });
}

/**
 * Progress of a package: the current state at once, then each newer state
 * (in-process events, and a storage read every `pollMs` so jobs running in
 * other processes are seen), ending after a final state. Ends quietly when
 * `signal` aborts.
 */
export async function* watchPackage(
  runtime: CodesRuntime,
  tenantId: string,
  id: string,
  options: { signal?: AbortSignal; pollMs?: number } = {},
): AsyncGenerator<CodePackageProgress, void, undefined> {
  const { signal } = options;
  const pollMs = options.pollMs ?? runtime.options.pollMs;
  const pending: CodePackageProgress[] = [];
  // Subscribe before the first read, so no change between them is missed.
  const off = runtime.events.on("progress", (event) => {
    if (event.tenantId === tenantId && event.progress.packageId === id) {
      pending.push(event.progress);
    }
  });
  try {
    let last = progressOf(await requirePackage(runtime, tenantId, id));
    if (signal?.aborted) return;
    yield last;
    while (!isFinalStatus(last.status)) {
      if (signal?.aborted) return;
      if (pending.length === 0) {
        await waitForChange(runtime, tenantId, id, pollMs, signal);
        if (signal?.aborted) return;
        if (pending.length === 0) {
          pending.push(progressOf(await requirePackage(runtime, tenantId, id)));
        }
      }
      for (const next of pending.splice(0)) {
        if (!isNewer(next, last)) continue;
        last = next;
        yield next;
        if (isFinalStatus(next.status) || signal?.aborted) return;
      }
    }
  } finally {
    off();
  }
}

/** Resolves with the package once it is final; rejects with the signal's reason on abort. */
export async function waitForFinal(
  runtime: CodesRuntime,
  tenantId: string,
  id: string,
  options: { signal?: AbortSignal } = {},
): Promise<CodePackage> {
  for await (const progress of watchPackage(runtime, tenantId, id, options)) {
    if (isFinalStatus(progress.status)) break;
  }
  options.signal?.throwIfAborted();
  return requirePackage(runtime, tenantId, id);
}
