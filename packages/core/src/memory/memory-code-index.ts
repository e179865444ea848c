import type { CodeRecord } from "../codes/code-package.js";
import type { UndoLog } from "./memory-table.js";

const packageKey = (tenantId: string, packageId: string) => `${tenantId}\u0000${packageId}`;

/**
 * The stored codes of the memory storage: a per-tenant index by code (the
 * uniqueness constraint) and, per package, the records in serial order.
 * Records are frozen on the way in, so they can be handed out without
 * copying even for million-code packages.
 */
export class MemoryCodeIndex {
  readonly #byTenant = new Map<string, Map<string, CodeRecord>>();
  readonly #byPackage = new Map<string, CodeRecord[]>();

  /** The record of `code` in the tenant, or `null`. */
  find(tenantId: string, code: string): CodeRecord | null {
    return this.#byTenant.get(tenantId)?.get(code) ?? null;
  }

  /** The package's records in serial order (record `i` has serial `i + 1`). */
  packageRows(tenantId: string, packageId: string): readonly CodeRecord[] {
    return this.#byPackage.get(packageKey(tenantId, packageId)) ?? [];
  }

  /**
   * Appends rows (already checked: serials continue the package, codes are
   * new to the tenant and distinct) to their package and to the tenant index.
   */
  append(tenantId: string, packageId: string, rows: readonly CodeRecord[], undo: UndoLog | null) {
    let codes = this.#byTenant.get(tenantId);
    if (!codes) {
      codes = new Map();
      this.#byTenant.set(tenantId, codes);
    }
    const key = packageKey(tenantId, packageId);
    let list = this.#byPackage.get(key);
    if (!list) {
      list = [];
      this.#byPackage.set(key, list);
    }
    const lengthBefore = list.length;
    for (const row of rows) {
      const record = Object.freeze({ ...row });
      codes.set(record.code, record);
      list.push(record);
    }
    const tenantCodes = codes;
    const packageList = list;
    undo?.push(() => {
      for (const row of rows) tenantCodes.delete(row.code);
      packageList.length = lengthBefore;
    });
  }
}
