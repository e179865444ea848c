import type { RecordedScanStats } from "@onecode/core";
import { serviceUnavailable } from "@onecode/core/adapter-kit";
import { isConnectionFailure } from "../connection-failures.js";
import type { ScanBatchStore } from "./scan-batch-store.js";
import type { ScanToRecord } from "./scan-batch-write.js";
import { sqlErrorOf, UNIQUE_VIOLATION } from "./sql-errors.js";

/** A scan waiting for its write, with the caller's promise to settle. */
export interface PendingScan extends ScanToRecord {
  resolve(stats: RecordedScanStats): void;
  reject(error: unknown): void;
}

/**
 * How many times a scan is written, at most, when a concurrent writer keeps
 * creating its code's statistics row first (the write then reports the scan
 * as not written): the first write and up to four more. One more write is
 * normal under such a race; five in a row means something else is wrong.
 * Both the group commit and a scan inside a transaction count the same way.
 */
export const SCAN_WRITE_ATTEMPTS = 5;

/** Why a scan was not recorded after {@link SCAN_WRITE_ATTEMPTS} writes. */
export function scanWriteContended(): Error {
  return new Error("scan statistics kept being created concurrently; scan not recorded");
}

/**
 * Pauses before each new attempt after a statement's connection failed: at
 * once (a dropped connection, a new one is at hand), then backing off, about
 * 2 s in all before the scans fail with `SERVICE_UNAVAILABLE`.
 */
const RECOVERY_DELAYS_MS = [0, 100, 400, 1_600];

/** The primary key of `onecode_scans`: its unique violation means a scan id stored already. */
export const SCANS_PRIMARY_KEY = "onecode_scans_pkey";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A statement failed without reaching the database's verdict: it may have committed. */
function isAmbiguous(error: unknown): boolean {
  return sqlErrorOf(error) === null || isConnectionFailure(error);
}

/**
 * Runs `attempt` until it settles with a result or a SQL error (the
 * statement did not commit). After any other failure (a dropped
 * connection: the statement may have committed) it tries again, telling
 * `attempt` it is a retry so it can first find out what committed. Once the
 * attempts are used up a connection failure becomes `SERVICE_UNAVAILABLE`
 * (driver text stays in `cause`); anything else is rethrown as it was.
 */
async function withRecovery<T>(attempt: (retry: boolean) => Promise<T>): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await attempt(round > 0);
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      const delay = RECOVERY_DELAYS_MS[round];
      if (delay === undefined) {
        throw isConnectionFailure(error) ? serviceUnavailable("storage", error) : error;
      }
      await sleep(delay);
    }
  }
}

/** What one write of a batch came to. */
type Written =
  | { readonly kind: "written"; readonly results: ReadonlyArray<RecordedScanStats | null> }
  /** The batch had committed before its connection failed: the statistics as they are now. */
  | { readonly kind: "stored"; readonly stats: readonly RecordedScanStats[] };

/** Writes the batch; after a connection failure, answers from what committed or writes again. */
function writeOnce(store: ScanBatchStore, batch: readonly PendingScan[]): Promise<Written> {
  return withRecovery(async (retry) => {
    if (retry && (await store.isStored(batch[0] as PendingScan))) {
      return { kind: "stored", stats: await store.statsNow(batch) };
    }
    return { kind: "written", results: await store.write(batch) };
  });
}

/** True for the unique violation of a scan id the code has stored already. */
function isRepeatedScan(error: unknown): boolean {
  const sqlError = sqlErrorOf(error);
  return sqlError?.code === UNIQUE_VIOLATION && sqlError.constraint === SCANS_PRIMARY_KEY;
}

/**
 * Records a batch of scans and settles each caller's promise exactly once,
 * counting each scan exactly once whatever fails:
 * - written: each scan resolves with its statistics; scans whose code a
 *   concurrent writer created first are written again (up to `SCAN_WRITE_ATTEMPTS` writes in all);
 * - a SQL error (nothing committed): the scans are written one by one, so
 *   one bad scan fails only itself; a scan whose id is stored already (a
 *   repeated call) resolves with its code's statistics as they are now;
 * - a failed connection (the statement may have committed): on a new
 *   connection, a batch found stored resolves with the statistics as they
 *   are now, else it is written again, which its scans' primary keys make
 *   safe even when the lost statement commits meanwhile; a database that
 *   stays unreachable fails the scans with `SERVICE_UNAVAILABLE`.
 */
export async function recordScanBatch(
  store: ScanBatchStore,
  batch: readonly PendingScan[],
): Promise<void> {
  let pending = batch;
  for (let attempt = 1; pending.length > 0; attempt++) {
    let written: Written;
    try {
      written = await writeOnce(store, pending);
    } catch (error) {
      return failed(store, pending, error);
    }
    if (written.kind === "stored") {
      pending.forEach((entry, index) => {
        entry.resolve(written.stats[index] as RecordedScanStats);
      });
      return;
    }
    const again: PendingScan[] = [];
    pending.forEach((entry, index) => {
      const stats = written.results[index];
      if (stats) entry.resolve(stats);
      else again.push(entry);
    });
    if (again.length > 0 && attempt === SCAN_WRITE_ATTEMPTS) {
      const error = scanWriteContended();
      for (const entry of again) entry.reject(error);
      return;
    }
    pending = again;
  }
}

/** Settles the scans of a batch whose write failed with `error`. */
async function failed(
  store: ScanBatchStore,
  pending: readonly PendingScan[],
  error: unknown,
): Promise<void> {
  if (sqlErrorOf(error) !== null && !isConnectionFailure(error) && pending.length > 1) {
    // A data error of one scan (a repeated id, say) must not fail the others.
    for (const entry of pending) await recordScanBatch(store, [entry]);
    return;
  }
  const [entry] = pending;
  if (pending.length === 1 && entry && isRepeatedScan(error)) {
    try {
      const [stats] = await withRecovery(() => store.statsNow([entry]));
      entry.resolve(stats as RecordedScanStats);
    } catch (readError) {
      entry.reject(readError);
    }
    return;
  }
  for (const each of pending) each.reject(error);
}
