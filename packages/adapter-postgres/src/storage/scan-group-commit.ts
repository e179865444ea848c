import type { RecordedScanStats } from "@onecode/core";
import { type PendingScan, recordScanBatch } from "./scan-batch-recording.js";
import type { ScanBatchStore } from "./scan-batch-store.js";
import { batchThresholds, fitsBatch, type ScanToRecord } from "./scan-batch-write.js";

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
   * runs joins the next one, so batches are as large as the load allows and
   * the database spends less per scan (figures in the adapters guide). More
   * lanes overlap writes of different codes, which helps only when the
   * database has idle cores.
   */
  readonly lanes?: number;
}

interface Lane {
  readonly queue: PendingScan[];
  /** The write in flight, if any. */
  flushing: Promise<void> | null;
  timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null;
}

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
 * return rise in arrival order. Failures are settled by `recordScanBatch`:
 * one bad scan fails only itself, a repeated scan id is not counted again,
 * and a batch whose connection failed is answered from what committed.
 */
export class ScanGroupCommit {
  readonly #store: ScanBatchStore;
  readonly #maxBatch: number;
  readonly #windowMs: number;
  readonly #lanes: Lane[];
  #closed = false;

  constructor(store: ScanBatchStore, options: ScanGroupCommitOptions = {}) {
    this.#store = store;
    this.#maxBatch = positiveInteger("maxBatch", options.maxBatch ?? 256, 1);
    this.#windowMs = positiveInteger("windowMs", options.windowMs ?? 0, 0);
    const lanes = positiveInteger("lanes", options.lanes ?? 1, 1);
    this.#lanes = Array.from({ length: lanes }, () => ({ queue: [], flushing: null, timer: null }));
  }

  /** Queues the scan for the next write of its lane; resolves once it is committed. */
  record(entry: ScanToRecord): Promise<RecordedScanStats> {
    if (this.#closed) return Promise.reject(new Error("storage is closed: scans are not recorded"));
    const lane = this.#lanes[
      laneOf(entry.scan.tenantId, entry.scan.code, this.#lanes.length)
    ] as Lane;
    return new Promise<RecordedScanStats>((resolve, reject) => {
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
    lane.flushing = recordScanBatch(this.#store, batch).finally(() => {
      lane.flushing = null;
      // Scans that arrived during the write go out at once: they have waited already.
      if (lane.queue.length > 0) this.#flush(lane);
    });
  }

  /** The oldest queued scans, up to `maxBatch`, stopping before a code's threshold would differ. */
  #take(lane: Lane): PendingScan[] {
    const batch: PendingScan[] = [];
    const thresholds = batchThresholds([]);
    while (batch.length < this.#maxBatch && lane.queue.length > 0) {
      const next = lane.queue[0] as PendingScan;
      if (!fitsBatch(thresholds, next)) break;
      batch.push(next);
      lane.queue.shift();
      thresholds.set(`${next.scan.tenantId}\u0000${next.scan.code}`, next.suspicion);
    }
    return batch;
  }
}
