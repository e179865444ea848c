import type {
  Commission,
  Distributor,
  DistributorSettings,
  Withdrawal,
} from "../promotions/distributors/distributor.js";
import type { DistributorRepository } from "../promotions/distributors/ports.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** The memory tables behind {@link memoryDistributorRepository}. */
export class MemoryDistributorTables {
  readonly settings = new MemoryTable<DistributorSettings & { readonly id: string }>();
  readonly distributors = new MemoryTable<Distributor>();
  readonly commissions = new MemoryTable<Commission>();
  readonly withdrawals = new MemoryTable<Withdrawal>();
}

/**
 * The memory distribution repository. Calls are serialized by the memory
 * storage and no method awaits between its check and its write, so each is
 * atomic.
 */
export function memoryDistributorRepository(
  tables: MemoryDistributorTables,
  undo: UndoLog | null,
): DistributorRepository {
  const { settings, distributors, commissions, withdrawals } = tables;
  const adjust = (
    tenantId: string,
    id: string,
    delta: { earned?: number; withdrawing?: number; withdrawn?: number },
    at: string,
  ) => {
    const row = distributors.get(tenantId, id);
    if (!row) return;
    distributors.put(
      {
        ...row,
        earned: row.earned + (delta.earned ?? 0),
        withdrawing: row.withdrawing + (delta.withdrawing ?? 0),
        withdrawn: row.withdrawn + (delta.withdrawn ?? 0),
        updatedAt: at,
      },
      undo,
    );
  };
  return {
    async getSettings(tenantId) {
      const row = settings.get(tenantId, "settings");
      if (!row) return null;
      const { id: _id, ...saved } = row;
      return saved;
    },
    async saveSettings(saved) {
      settings.put({ ...saved, id: "settings" }, undo);
    },
    async insert(distributor) {
      const existing = distributors.some(
        distributor.tenantId,
        (row) => row.customerId === distributor.customerId,
      )[0];
      if (existing) return { outcome: "customer_exists", distributor: structuredClone(existing) };
      if (distributors.some(distributor.tenantId, (row) => row.code === distributor.code).length) {
        return { outcome: "code_taken" };
      }
      distributors.put(distributor, undo);
      return { outcome: "inserted" };
    },
    async get(tenantId, id) {
      return distributors.get(tenantId, id);
    },
    async getByCustomer(tenantId, customerId) {
      const row = distributors.some(tenantId, (entry) => entry.customerId === customerId)[0];
      return row ? structuredClone(row) : null;
    },
    async getByCode(tenantId, code) {
      const row = distributors.some(tenantId, (entry) => entry.code === code)[0];
      return row ? structuredClone(row) : null;
    },
    async list(tenantId, { status, beforeId, limit }) {
      return distributors.list(
        tenantId,
        (row) => status === null || row.status === status,
        beforeId,
        limit,
      );
    },
    async decide(tenantId, id, from, decision) {
      const row = distributors.get(tenantId, id);
      if (!row || row.status !== from) return null;
      const next = { ...row, ...decision };
      distributors.put(next, undo);
      return next;
    },
    async attribute(commission) {
      if (commissions.get(commission.tenantId, commission.id)) return false;
      commissions.put(commission, undo);
      return true;
    },
    async getCommission(tenantId, orderId) {
      return commissions.get(tenantId, orderId);
    },
    async listCommissions(tenantId, distributorId, { beforeId, limit }) {
      return commissions.list(
        tenantId,
        (row) => row.distributorId === distributorId,
        beforeId,
        limit,
      );
    },
    async attributedOf(tenantId, distributorId) {
      const all = commissions.some(tenantId, (row) => row.distributorId === distributorId);
      return {
        commissions: all
          .filter((row) => row.status === "attributed")
          .map((row) => structuredClone(row)),
        orders: all.length,
      };
    },
    async earn(tenantId, orderId, amount, at) {
      const row = commissions.get(tenantId, orderId);
      if (row?.status !== "attributed") return null;
      const earned = { ...row, status: "earned" as const, amount, updatedAt: at };
      commissions.put(earned, undo);
      adjust(tenantId, row.distributorId, { earned: amount }, at);
      return earned;
    },
    async reverseTo(tenantId, orderId, reversed, at) {
      const row = commissions.get(tenantId, orderId);
      if (!row) return null;
      if (row.status === "attributed") {
        const voided = { ...row, status: "void" as const, updatedAt: at };
        commissions.put(voided, undo);
        return voided;
      }
      const target = Math.min(row.amount, reversed);
      if (row.status !== "earned" || target <= row.reversed) return row;
      const next = { ...row, reversed: target, updatedAt: at };
      commissions.put(next, undo);
      adjust(tenantId, row.distributorId, { earned: row.reversed - target }, at);
      return next;
    },
    async requestWithdrawal(withdrawal) {
      const row = distributors.get(withdrawal.tenantId, withdrawal.distributorId);
      if (!row) return { outcome: "not_found" };
      const available = row.earned - row.withdrawing - row.withdrawn;
      if (available < withdrawal.amount) return { outcome: "insufficient", available };
      withdrawals.put(withdrawal, undo);
      adjust(row.tenantId, row.id, { withdrawing: withdrawal.amount }, withdrawal.requestedAt);
      return { outcome: "requested" };
    },
    async getWithdrawal(tenantId, id) {
      return withdrawals.get(tenantId, id);
    },
    async listWithdrawals(tenantId, { distributorId, status, beforeId, limit }) {
      return withdrawals.list(
        tenantId,
        (row) =>
          (distributorId === null || row.distributorId === distributorId) &&
          (status === null || row.status === status),
        beforeId,
        limit,
      );
    },
    async moveWithdrawal(tenantId, id, from, move) {
      const row = withdrawals.get(tenantId, id);
      if (!row || row.status !== from) return null;
      const next: Withdrawal = { ...row, ...move };
      withdrawals.put(next, undo);
      if (move.status === "rejected" || move.status === "failed") {
        adjust(tenantId, row.distributorId, { withdrawing: -row.amount }, move.updatedAt);
      } else if (move.status === "paid") {
        adjust(
          tenantId,
          row.distributorId,
          { withdrawing: -row.amount, withdrawn: row.amount },
          move.updatedAt,
        );
      }
      return next;
    },
  };
}
