import type { CodePackage, CodeRecord } from "../codes/code-package.js";
import type { CodeChunk, CodePackageRepository, UnfinishedPackage } from "../codes/ports.js";
import { serialTokenOf } from "../trace/gs1/digital-link.js";
import type { MemoryCodesTables } from "./memory-codes.js";
import type { UndoLog } from "./memory-table.js";

/** Throws when a chunk breaks the shape the port requires (a caller bug, not a conflict). */
function checkChunkShape(pkg: CodePackage, chunk: CodeChunk): void {
  chunk.rows.forEach((row, index) => {
    if (
      row.serial !== chunk.fromSerial + index ||
      row.tenantId !== pkg.tenantId ||
      row.packageId !== pkg.id ||
      row.serial > pkg.total
    ) {
      throw new RangeError(`chunk row ${index} of package ${pkg.id} is out of shape`);
    }
  });
}

/** The order of `listUnfinished`: by creation time, then tenant, then id. */
function compareUnfinished(a: UnfinishedPackage, b: UnfinishedPackage): number {
  for (const key of ["createdAt", "tenantId", "id"] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
}

/** The memory code-package repository. */
export function memoryCodePackageRepository(
  tables: MemoryCodesTables,
  undo: UndoLog | null,
): CodePackageRepository {
  const { merchants, products, rules, packages, codes, ssccCounters } = tables;
  return {
    async insert(pkg) {
      if (!merchants.get(pkg.tenantId, pkg.merchantId)) return { outcome: "merchant_not_found" };
      if (pkg.productId !== null && !products.get(pkg.tenantId, pkg.productId))
        return { outcome: "product_not_found" };
      const ruleIds = pkg.rules ? [pkg.rules.item, pkg.rules.middle, pkg.rules.outer] : [];
      for (const ruleId of ruleIds) {
        if (ruleId !== undefined && !rules.get(pkg.tenantId, ruleId))
          return { outcome: "rule_not_found" };
      }
      if (packages.get(pkg.tenantId, pkg.id)) throw new Error(`duplicate package id ${pkg.id}`);
      packages.put(pkg, undo);
      return { outcome: "inserted" };
    },
    async get(tenantId, id) {
      return packages.get(tenantId, id);
    },
    async reserveSsccReferences(tenantId, base, count) {
      if (!Number.isSafeInteger(count) || count < 1) {
        throw new RangeError("reserveSsccReferences needs a positive integer count");
      }
      const id = `${base.companyPrefix}:${base.extensionDigit}`;
      const first = ssccCounters.get(tenantId, id)?.next ?? 0;
      const remaining = 10 ** (16 - base.companyPrefix.length) - first;
      if (remaining < count) return { outcome: "exhausted", remaining };
      ssccCounters.put({ id, tenantId, next: first + count }, undo);
      return { outcome: "reserved", first, last: first + count - 1 };
    },
    async findBySerialToken(tenantId, token) {
      return packages
        .some(tenantId, (pkg) => serialTokenOf(pkg.id) === token)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((pkg) => structuredClone(pkg));
    },
    async list(tenantId, filter, page) {
      const matches = (pkg: CodePackage) =>
        (filter.merchantId === undefined || pkg.merchantId === filter.merchantId) &&
        (filter.status === undefined || pkg.status === filter.status);
      return packages.list(tenantId, matches, page.beforeId, page.limit);
    },
    async writeChunk(tenantId, id, chunk) {
      const pkg = packages.get(tenantId, id);
      if (!pkg) return { outcome: "not_found" };
      if (pkg.status !== "running" || pkg.done !== chunk.fromSerial - 1)
        return { outcome: "out_of_order", done: pkg.done, status: pkg.status };
      checkChunkShape(pkg, chunk);
      const seen = new Set<string>();
      const conflicts: string[] = [];
      for (const row of chunk.rows) {
        if (seen.has(row.code) || codes.find(tenantId, row.code)) conflicts.push(row.code);
        seen.add(row.code);
      }
      if (conflicts.length > 0) return { outcome: "conflict", codes: conflicts };
      codes.append(tenantId, id, chunk.rows, undo);
      const done = pkg.done + chunk.rows.length;
      packages.put({ ...pkg, done, updatedAt: chunk.updatedAt }, undo);
      return { outcome: "written", done };
    },
    async setStatus(tenantId, id, change) {
      const pkg = packages.get(tenantId, id);
      if (!pkg) return null;
      if (!change.from.includes(pkg.status)) return pkg;
      const next: CodePackage = {
        ...pkg,
        status: change.to,
        updatedAt: change.updatedAt,
        ...(change.failureReason !== undefined && { failureReason: change.failureReason }),
        ...(change.failureCode !== undefined && { failureCode: change.failureCode }),
        ...(change.finishedAt !== undefined && { finishedAt: change.finishedAt }),
      };
      packages.put(next, undo);
      return structuredClone(next);
    },
    async listCodes(tenantId, id, range) {
      const rows = codes.packageRows(tenantId, id);
      const found: CodeRecord[] = [];
      for (let i = Math.max(0, range.afterSerial); i < rows.length; i++) {
        const row = rows[i] as CodeRecord;
        if (range.level !== undefined && row.level !== range.level) continue;
        found.push(row);
        if (found.length >= range.limit) break;
      }
      return found;
    },
    async findCode(tenantId, code) {
      return codes.find(tenantId, code);
    },
    async listUnfinished(limit, after) {
      return packages
        .everyTenant(
          (pkg) =>
            pkg.source === "generated" &&
            (pkg.status === "queued" || pkg.status === "running") &&
            (after === undefined || compareUnfinished(pkg, after) > 0),
        )
        .sort(compareUnfinished)
        .slice(0, limit)
        .map((pkg) => ({ tenantId: pkg.tenantId, id: pkg.id, createdAt: pkg.createdAt }));
    },
  };
}
