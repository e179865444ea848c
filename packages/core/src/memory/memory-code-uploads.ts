import type { CodeRecord } from "../codes/code-package.js";
import type { CodeUploadRepository, StagedCode, StagingResult } from "../codes/ports.js";
import type { MemoryCodesTables, StagingArea } from "./memory-codes.js";
import type { UndoLog } from "./memory-table.js";

const areaKey = (tenantId: string, packageId: string) => `${tenantId}\u0000${packageId}`;

/** The memory code-upload repository: staging areas keyed by tenant and package. */
export function memoryCodeUploadRepository(
  tables: MemoryCodesTables,
  undo: UndoLog | null,
): CodeUploadRepository {
  const { packages, codes, staging } = tables;

  const dropArea = (key: string) => {
    const previous = staging.get(key);
    if (!previous) return;
    staging.delete(key);
    undo?.push(() => staging.set(key, previous));
  };

  const stagedInLineOrder = (key: string) =>
    [...(staging.get(key)?.rows ?? [])].sort((a, b) => a.line - b.line);

  const conflictsOf = (tenantId: string, staged: readonly StagedCode[], limit: number) => {
    const conflicts = staged.filter((row) => codes.find(tenantId, row.code) !== null);
    return {
      count: conflicts.length,
      lines: conflicts.slice(0, limit).map(({ line, code }) => ({ line, code })),
    };
  };

  return {
    async stage(tenantId, packageId, rows) {
      if (!packages.get(tenantId, packageId)) {
        throw new Error(`package ${packageId} does not exist in tenant ${tenantId}`);
      }
      const key = areaKey(tenantId, packageId);
      let area = staging.get(key);
      if (!area) {
        const created: StagingArea = { firstLine: new Map(), rows: [] };
        staging.set(key, created);
        undo?.push(() => staging.delete(key));
        area = created;
      }
      const duplicates: StagingResult["duplicates"][number][] = [];
      const added: StagedCode[] = [];
      for (const row of rows) {
        const firstLine = area.firstLine.get(row.code);
        if (firstLine !== undefined) {
          duplicates.push({ line: row.line, firstLine, code: row.code });
          continue;
        }
        area.firstLine.set(row.code, row.line);
        area.rows.push({ ...row });
        added.push(row);
      }
      const target = area;
      undo?.push(() => {
        for (const row of added) target.firstLine.delete(row.code);
        target.rows.length -= added.length;
      });
      return { duplicates };
    },
    async commit(tenantId, packageId, at, limit) {
      const pkg = packages.get(tenantId, packageId);
      if (pkg?.status !== "validating") return { outcome: "not_found" };
      const key = areaKey(tenantId, packageId);
      const staged = stagedInLineOrder(key);
      const conflicts = conflictsOf(tenantId, staged, limit);
      if (conflicts.count > 0) return { outcome: "conflicts", ...conflicts };
      const records: CodeRecord[] = staged.map((row, index) => ({
        tenantId,
        code: row.code,
        packageId,
        serial: index + 1,
        level: "item",
        parentSerial: null,
        url: row.url,
      }));
      codes.append(tenantId, packageId, records, undo);
      const total = records.length;
      packages.put(
        {
          ...pkg,
          quantity: total,
          total,
          done: total,
          status: "succeeded",
          updatedAt: at,
          finishedAt: at,
        },
        undo,
      );
      dropArea(key);
      return { outcome: "committed", total };
    },
    async findConflicts(tenantId, packageId, limit) {
      return conflictsOf(tenantId, stagedInLineOrder(areaKey(tenantId, packageId)), limit);
    },
    async discard(tenantId, packageId) {
      dropArea(areaKey(tenantId, packageId));
    },
  };
}
