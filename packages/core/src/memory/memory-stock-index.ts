import type { StockDocumentItem } from "../trace/distribution/distribution.js";
import type { CodeHolding } from "../trace/distribution/ports.js";
import type { UndoLog } from "./memory-table.js";

const keyOf = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

function append<T>(map: Map<string, T[]>, key: string, value: T, undo: UndoLog | null): void {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  const target = list;
  target.push(value);
  undo?.push(() => target.pop());
}

/**
 * Current holders of codes, per package and serial, with a count of codes
 * per holding enterprise (for the enterprise delete check). Holdings are
 * frozen on the way in.
 */
export class MemoryHoldings {
  readonly #byPackage = new Map<string, Map<number, CodeHolding>>();
  readonly #heldBy = new Map<string, number>();

  get(tenantId: string, packageId: string, serial: number): CodeHolding | null {
    return this.#byPackage.get(keyOf(tenantId, packageId))?.get(serial) ?? null;
  }

  /** Codes whose current holder is the enterprise. */
  heldCount(tenantId: string, enterpriseId: string): number {
    return this.#heldBy.get(keyOf(tenantId, enterpriseId)) ?? 0;
  }

  set(
    tenantId: string,
    packageId: string,
    serial: number,
    holding: CodeHolding,
    undo: UndoLog | null,
  ): void {
    const key = keyOf(tenantId, packageId);
    let serials = this.#byPackage.get(key);
    if (!serials) {
      serials = new Map();
      this.#byPackage.set(key, serials);
    }
    const target = serials;
    const previous = target.get(serial);
    if (previous?.enterpriseId) this.#adjust(tenantId, previous.enterpriseId, -1);
    if (holding.enterpriseId) this.#adjust(tenantId, holding.enterpriseId, 1);
    target.set(serial, Object.freeze({ ...holding }));
    undo?.push(() => {
      if (holding.enterpriseId) this.#adjust(tenantId, holding.enterpriseId, -1);
      if (previous?.enterpriseId) this.#adjust(tenantId, previous.enterpriseId, 1);
      if (previous) target.set(serial, previous);
      else target.delete(serial);
    });
  }

  #adjust(tenantId: string, enterpriseId: string, delta: number): void {
    const key = keyOf(tenantId, enterpriseId);
    this.#heldBy.set(key, (this.#heldBy.get(key) ?? 0) + delta);
  }
}

/** Stock document items in scan order, indexed by document and by package. Items are frozen. */
export class MemoryStockItems {
  readonly #byDocument = new Map<string, StockDocumentItem[]>();
  readonly #byPackage = new Map<string, StockDocumentItem[]>();

  add(item: StockDocumentItem, undo: UndoLog | null): void {
    const frozen = Object.freeze({ ...item, range: Object.freeze({ ...item.range }) });
    append(this.#byDocument, keyOf(item.tenantId, item.documentId), frozen, undo);
    append(this.#byPackage, keyOf(item.tenantId, item.range.packageId), frozen, undo);
  }

  ofDocument(tenantId: string, documentId: string): readonly StockDocumentItem[] {
    return this.#byDocument.get(keyOf(tenantId, documentId)) ?? [];
  }

  ofPackage(tenantId: string, packageId: string): readonly StockDocumentItem[] {
    return this.#byPackage.get(keyOf(tenantId, packageId)) ?? [];
  }
}
