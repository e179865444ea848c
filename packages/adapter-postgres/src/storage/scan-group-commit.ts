import type { ScanStats } from "@onecode/core";
import { batchCaps, fitsBatch, type ScanToRecord } from "./scan-batch-write.js";
import { sqlErrorOf } from "./sql-errors.js";

/**
 * How `postgresStorage` groups concurrent consumer scans into shared writes:
 * one statement records many scans, so scan throughput is not bounded by one
 * round trip per scan. Every scan still resolves only after its row commits.
 */
export interface ScanGroupCommitOptions {
  /** Most scans one statement writes. Default 256. */
  readonly maxBatch?: number;
  /**
   * How long the first scan reaching an idle lane waits for company, in ms.
   * Default 0: the write starts once the current event-loop turn's other
   * scans have queued (`setImmediate`). Under load batches form anyway: the
   * scans arriving while a lane's write runs make up its next one.
   */
  readonly windowMs?: number;
  /**
   * Independent write lanes, each with at most one statement in flight. A
   * code always uses the same lane, so its scans are written in arrival
   * order. Default 1: a statement's cost is mostly fixed (round trip,
   * planning, commit), and with one lane every scan arriving while a write
   * runs joins the next one, so batches are as large as the load allows
   * (measured: ~15 scans per statement at 64 concurrent scans, against ~4
   * with 4 lanes, for less database CPU per scan). More lanes overlap writes
   * of different codes, which helps only when the database has idle cores.
   */
  readonly lanes?: number;
}

/** Writes one batch; `null` marks a scan to write again (see `writeScanBatch`). */
export type ScanBatchWriter = (
  entries: readonly ScanToRecord[],
) => Promise<ReadonlyArray<ScanStats | null>>;

interface Pending extends ScanToRecord {
  resolve(stats: ScanStats): void;
  reject(error: unknown): void;
}

interface Lane {
  readonly queue: Pending[];
  /** The write in flight, if any. */
  flushing: Promise<void> | null;
  timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null;
}

/** Rounds of re-writing the scans whose code a concurrent writer created first (one is normal). */
const REWRITE_ROUNDS = 5;

function laneOf(tenantId: string, code: string, lanes: number): number {
  // FNV-1a over the key: the same code always lands in the same lane.
  let hash = 0x811c9dc5;
  const key = `${tenantId}\u0000${code}`;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}

function positiveInteger(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`scan group commit: ${name} must be an integer of at least ${min}`);
  }
  return value;
}

/**
 * Group commit for consumer scans: concurrent `record` calls are written
 * together, one statement (one transaction, one WAL flush) per batch, and
 * each call resolves only after the statement holding its scan committed,
 * so durability is exactly that of one statement per scan. A code's scans
 * always go through the same lane, one batch at a time, so the counts they
 * return rise in arrival order. Failure of a batch on a data error retries
 * its scans one by one, so one bad scan fails only itself.
 */
export class ScanGroupCommit {
  readonly #write: ScanBatchWriter;
  readonly #maxBatch: number;
  readonly #windowMs: number;
  readonly #lanes: Lane[];
  #closed = false;

  constructor(write: ScanBatchWriter, options: ScanGroupCommitOptions = {}) {
    this.#write = write;
    this.#maxBatch = positiveInteger("maxBatch", options.maxBatch ?? 256, 1);
    this.#windowMs = positiveInteger("windowMs", options.windowMs ?? 0, 0);
    const lanes = positiveInteger("lanes", options.lanes ?? 1, 1);
    this.#lanes = Array.from({ length: lanes }, () => ({ queue: [], flushing: null, timer: null }));
  }

  /** Queues the scan for the next write of its lane; resolves once it is committed. */
  record(entry: ScanToRecord): Promise<ScanStats> {
    if (this.#closed) return Promise.reject(new Error("storage is closed: scans are not recorded"));
    const lane = this.#lanes[
      laneOf(entry.scan.tenantId, entry.scan.code, this.#lanes.length)
    ] as Lane;
    return new Promise<ScanStats>((resolve, reject) => {
      lane.queue.push({ ...entry, resolve, reject });
      if (lane.flushing) return; // the running write starts the next one when it ends
      if (lane.queue.length >= this.#maxBatch) {
        this.#flush(lane);
      } else if (lane.timer === null) {
        lane.timer =
          this.#windowMs === 0
            ? setImmediate(() => this.#flush(lane))
            : setTimeout(() => this.#flush(lane), this.#windowMs);
      }
    });
  }

  /** Stops taking scans and waits until every queued one is written (or failed). */
  async close(): Promise<void> {
    this.#closed = true;
    for (;;) {
      const running = this.#lanes.map((lane) => {
        if (!lane.flushing && lane.queue.length > 0) this.#flush(lane);
        return lane.flushing;
      });
      const busy = running.filter((flushing): flushing is Promise<void> => flushing !== null);
      if (busy.length === 0) return;
      await Promise.all(busy);
    }
  }

  #flush(lane: Lane): void {
    if (lane.timer !== null) {
      clearTimeout(lane.timer as ReturnType<typeof setTimeout>);
      clearImmediate(lane.timer as ReturnType<typeof setImmediate>);
      lane.timer = null;
    }
    if (lane.flushing || lane.queue.length === 0) return;
    const batch = this.#take(lane);
    lane.flushing = this.#writeBatch(batch).finally(() => {
      lane.flushing = null;
      // Scans that arrived during the write go out at once: they have waited already.
      if (lane.queue.length > 0) this.#flush(lane);
    });
  }

  /** The oldest queued scans, up to `maxBatch`, stopping before a code's caps would differ. */
  #take(lane: Lane): Pending[] {
    const batch: Pending[] = [];
    const caps = batchCaps([]);
    while (batch.length < this.#maxBatch && lane.queue.length > 0) {
      const next = lane.queue[0] as Pending;
      if (!fitsBatch(caps, next)) break;
      batch.push(next);
      lane.queue.shift();
      caps.set(`${next.scan.tenantId}\u0000${next.scan.code}`, next.caps);
    }
    return batch;
  }

  async #writeBatch(batch: readonly Pending[]): Promise<void> {
    let pending = batch;
    for (let round = 1; pending.length > 0; round++) {
      let results: ReadonlyArray<ScanStats | null>;
      try {
        results = await this.#write(pending);
      } catch (error) {
        // A data error of one scan (a repeated id, say) must not fail the others.
        if (pending.length > 1 && sqlErrorOf(error) !== null) return this.#writeOneByOne(pending);
        for (const entry of pending) entry.reject(error);
        return;
      }
      const again: Pending[] = [];
      pending.forEach((entry, index) => {
        const stats = results[index];
        if (stats) entry.resolve(stats);
        else again.push(entry);
      });
      if (again.length > 0 && round === REWRITE_ROUNDS) {
        const error = new Error(
          "scan statistics kept being created concurrently; scan not recorded",
        );
        for (const entry of again) entry.reject(error);
        return;
      }
      pending = again;
    }
  }

  async #writeOneByOne(entries: readonly Pending[]): Promise<void> {
    for (const entry of entries) await this.#writeBatch([entry]);
  }
}
