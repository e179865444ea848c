/** Undo steps of an open memory transaction, applied in reverse on rollback. */
export type UndoLog = Array<() => void>;

/**
 * A tenant-partitioned table of records keyed by id. Rows are copied on the
 * way in and out, so callers can never mutate stored state by accident.
 */
export class MemoryTable<T extends { readonly id: string; readonly tenantId: string }> {
  readonly #byTenant = new Map<string, Map<string, T>>();

  #rows(tenantId: string): Map<string, T> {
    let rows = this.#byTenant.get(tenantId);
    if (!rows) {
      rows = new Map();
      this.#byTenant.set(tenantId, rows);
    }
    return rows;
  }

  get(tenantId: string, id: string): T | null {
    const row = this.#byTenant.get(tenantId)?.get(id);
    return row ? structuredClone(row) : null;
  }

  /** Every row of the tenant matching `where`, newest (highest id) first, after `beforeId`. */
  list(tenantId: string, where: (row: T) => boolean, beforeId: string | null, limit: number): T[] {
    const rows = [...(this.#byTenant.get(tenantId)?.values() ?? [])]
      .filter((row) => (beforeId === null || row.id < beforeId) && where(row))
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return rows.slice(0, limit).map((row) => structuredClone(row));
  }

  /** Rows of the tenant matching `where`, without copying (for checks inside the adapter). */
  some(tenantId: string, where: (row: T) => boolean): T[] {
    return [...(this.#byTenant.get(tenantId)?.values() ?? [])].filter(where);
  }

  /** Rows of every tenant matching `where`, without copying (for cross-tenant scans inside the adapter). */
  everyTenant(where: (row: T) => boolean): T[] {
    const found: T[] = [];
    for (const rows of this.#byTenant.values()) {
      for (const row of rows.values()) if (where(row)) found.push(row);
    }
    return found;
  }

  /**
   * Replaces the stored row by `row` (after `keep` takes what must not
   * change from the stored one) only while the stored row's `version` is
   * `expectedVersion`: the compare-and-set of version-checked updates.
   * False, changing nothing, when the row is gone or changed.
   */
  putIfVersion(
    row: T & { readonly version: number },
    expectedVersion: number,
    undo: UndoLog | null,
    keep: (stored: T) => Partial<T> = () => ({}),
  ): boolean {
    const stored = this.#byTenant.get(row.tenantId)?.get(row.id) as
      | (T & { readonly version: number })
      | undefined;
    if (!stored || stored.version !== expectedVersion) return false;
    this.put({ ...row, ...keep(stored) }, undo);
    return true;
  }

  put(row: T, undo: UndoLog | null): void {
    const rows = this.#rows(row.tenantId);
    const previous = rows.get(row.id);
    rows.set(row.id, structuredClone(row));
    undo?.push(() => (previous ? rows.set(row.id, previous) : rows.delete(row.id)));
  }

  remove(tenantId: string, id: string, undo: UndoLog | null): void {
    const rows = this.#rows(tenantId);
    const previous = rows.get(id);
    if (!previous) return;
    rows.delete(id);
    undo?.push(() => rows.set(id, previous));
  }
}
