import type { AggregationChange, SerialSegment } from "../trace/lifecycle/aggregation.js";
import type { CodeLifecycleEntry, CodeStatus } from "../trace/lifecycle/code-lifecycle.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

const keyOf = (tenantId: string, packageId: string) => `${tenantId}\u0000${packageId}`;

/** A per-package counter that a rollback puts back. */
export class MemoryCounters {
  readonly #values = new Map<string, number>();

  get(tenantId: string, packageId: string): number {
    return this.#values.get(keyOf(tenantId, packageId)) ?? 0;
  }

  increment(tenantId: string, packageId: string, undo: UndoLog | null): number {
    const key = keyOf(tenantId, packageId);
    const previous = this.#values.get(key);
    const next = (previous ?? 0) + 1;
    this.#values.set(key, next);
    undo?.push(() =>
      previous === undefined ? this.#values.delete(key) : this.#values.set(key, previous),
    );
    return next;
  }
}

/**
 * The code lifecycle tables of the memory storage: lifecycle entries with
 * the packages' status versions, and the aggregation links, history and
 * versions. Stock moves and code look-ups read them too.
 */
export class MemoryLifecycleTables {
  readonly entries = new MemoryTable<CodeLifecycleEntry>();
  readonly statusVersions = new MemoryCounters();
  readonly aggregationVersions = new MemoryCounters();
  /** Per tenant and package: serial → current parent serial (`null`: unpacked). */
  readonly #links = new Map<string, Map<number, number | null>>();
  /** Per tenant and package, in the order made. Entries are frozen. */
  readonly #changes = new Map<string, AggregationChange[]>();

  /** Active entries of the package whose range overlaps the segment. */
  activeOverlapping(tenantId: string, packageId: string, segment: SerialSegment) {
    return this.entries.some(
      tenantId,
      (entry) =>
        entry.restoredAt === null &&
        entry.range.packageId === packageId &&
        entry.range.fromSerial <= segment.toSerial &&
        entry.range.toSerial >= segment.fromSerial,
    );
  }

  /** What the code scans as: a destroyed entry, else the newest active one. */
  statusOf(tenantId: string, packageId: string, serial: number): CodeStatus | null {
    const covering = this.activeOverlapping(tenantId, packageId, {
      fromSerial: serial,
      toSerial: serial,
    }).sort((a, b) => (a.id < b.id ? 1 : -1));
    const entry = covering.find((candidate) => candidate.kind === "destroyed") ?? covering[0];
    if (!entry) return null;
    return {
      entryId: entry.id,
      kind: entry.kind,
      reason: entry.reason,
      consumerMessage: entry.consumerMessage,
      since: entry.createdAt,
    };
  }

  links(tenantId: string, packageId: string): ReadonlyMap<number, number | null> {
    return this.#links.get(keyOf(tenantId, packageId)) ?? new Map();
  }

  setLink(
    tenantId: string,
    packageId: string,
    serial: number,
    parentSerial: number | null | undefined,
    undo: UndoLog | null,
  ): void {
    const key = keyOf(tenantId, packageId);
    let links = this.#links.get(key);
    if (!links) {
      links = new Map();
      this.#links.set(key, links);
    }
    const target = links;
    const had = target.has(serial);
    const previous = target.get(serial);
    if (parentSerial === undefined) target.delete(serial);
    else target.set(serial, parentSerial);
    undo?.push(() => (had ? target.set(serial, previous ?? null) : target.delete(serial)));
  }

  changes(tenantId: string, packageId: string): readonly AggregationChange[] {
    return this.#changes.get(keyOf(tenantId, packageId)) ?? [];
  }

  addChange(change: AggregationChange, undo: UndoLog | null): void {
    const key = keyOf(change.tenantId, change.packageId);
    let list = this.#changes.get(key);
    if (!list) {
      list = [];
      this.#changes.set(key, list);
    }
    const target = list;
    target.push(Object.freeze({ ...change, children: Object.freeze({ ...change.children }) }));
    undo?.push(() => target.pop());
  }
}
