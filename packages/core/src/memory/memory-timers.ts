import type { Timer, TimerClaim, TimerRepository } from "../kernel/timers/ports.js";
import type { MemoryTable, UndoLog } from "./memory-table.js";

/** A timer as the memory adapter keeps it: with the token of its current claim. */
export interface StoredTimer extends Timer {
  readonly claimToken: string | null;
}

function publicTimer({ claimToken: _, ...timer }: StoredTimer): Timer {
  return structuredClone(timer);
}

/**
 * The memory timer repository over `table`. Calls already run one at a time
 * (the memory storage's queue), so each method is atomic as written and two
 * runners never claim the same timer.
 */
export function memoryTimerRepository(
  table: MemoryTable<StoredTimer>,
  undo: UndoLog | null,
): TimerRepository {
  const find = (tenantId: string, kind: string, key: string) =>
    table.some(tenantId, (row) => row.kind === kind && row.key === key)[0] ?? null;
  const held = (claim: TimerClaim) => {
    const row = table.get(claim.tenantId, claim.id);
    return row && row.status === "running" && row.claimToken === claim.token ? row : null;
  };
  return {
    async schedule(timer) {
      const existing = find(timer.tenantId, timer.kind, timer.key);
      if (existing && timer.onExisting === "keep") return publicTimer(existing);
      const row: StoredTimer = {
        id: existing?.id ?? timer.id,
        tenantId: timer.tenantId,
        kind: timer.kind,
        key: timer.key,
        payload: structuredClone(timer.payload),
        status: "scheduled",
        dueAt: timer.dueAt,
        attempts: 0,
        lastError: null,
        leaseUntil: null,
        createdAt: existing?.createdAt ?? timer.at,
        updatedAt: timer.at,
        claimToken: null,
      };
      table.put(row, undo);
      return publicTimer(row);
    },
    async cancel(tenantId, kind, key) {
      const existing = find(tenantId, kind, key);
      if (!existing) return false;
      table.remove(tenantId, existing.id, undo);
      return true;
    },
    async get(tenantId, kind, key) {
      const existing = find(tenantId, kind, key);
      return existing ? publicTimer(existing) : null;
    },
    async claimDue({ kinds, now, limit, token, leaseUntil }) {
      const nowMs = Date.parse(now);
      const due = table
        .everyTenant(
          (row) =>
            kinds.includes(row.kind) &&
            ((row.status === "scheduled" && Date.parse(row.dueAt) <= nowMs) ||
              (row.status === "running" && Date.parse(row.leaseUntil ?? now) <= nowMs)),
        )
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || (a.id < b.id ? -1 : 1))
        .slice(0, limit);
      return due.map((row) => {
        const claimed: StoredTimer = {
          ...row,
          status: "running",
          attempts: row.attempts + 1,
          leaseUntil,
          claimToken: token,
          updatedAt: now,
        };
        table.put(claimed, undo);
        return publicTimer(claimed);
      });
    },
    async complete(claim, nextDueAt, at) {
      const row = held(claim);
      if (!row) return false;
      if (nextDueAt === null) {
        table.remove(row.tenantId, row.id, undo);
        return true;
      }
      table.put(
        {
          ...row,
          status: "scheduled",
          dueAt: nextDueAt,
          attempts: 0,
          lastError: null,
          leaseUntil: null,
          claimToken: null,
          updatedAt: at,
        },
        undo,
      );
      return true;
    },
    async fail(claim, failure) {
      const row = held(claim);
      if (!row) return false;
      table.put(
        {
          ...row,
          status: failure.retryAt === null ? "failed" : "scheduled",
          dueAt: failure.retryAt ?? row.dueAt,
          lastError: failure.error,
          leaseUntil: null,
          claimToken: null,
          updatedAt: failure.at,
        },
        undo,
      );
      return true;
    },
    async listFailed(tenantId, page) {
      return table
        .list(tenantId, (row) => row.status === "failed", page.beforeId, page.limit)
        .map(publicTimer);
    },
    async retry(tenantId, id, dueAt, at) {
      const row = table.get(tenantId, id);
      if (row?.status !== "failed") return null;
      const next: StoredTimer = { ...row, status: "scheduled", dueAt, attempts: 0, updatedAt: at };
      table.put(next, undo);
      return publicTimer(next);
    },
  };
}
