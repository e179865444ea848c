import type {
  Commission,
  Distributor,
  DistributorRepository,
  Withdrawal,
  WithdrawalRequestOutcome,
} from "@onecode/core";
import { type Selectable, sql } from "kysely";
import {
  countFromColumn,
  type DistributorCommissionsTable,
  type DistributorsTable,
  type DistributorWithdrawalsTable,
} from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import { UNIQUE_VIOLATION } from "./sql-errors.js";
import type { StatementScope } from "./statement-scope.js";

const isoOrNull = (value: Date | string | null) => (value === null ? null : isoTimestamp(value));

function distributorFromRow(row: Selectable<DistributorsTable>): Distributor {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    customerId: row.customer_id,
    code: row.code,
    status: row.status as Distributor["status"],
    rate: row.rate,
    phone: row.phone,
    note: row.note,
    earned: countFromColumn(row.earned),
    withdrawing: countFromColumn(row.withdrawing),
    withdrawn: countFromColumn(row.withdrawn),
    appliedAt: isoTimestamp(row.applied_at),
    decidedAt: isoOrNull(row.decided_at),
    decidedBy: row.decided_by,
    updatedAt: isoTimestamp(row.updated_at),
  };
}

function commissionFromRow(row: Selectable<DistributorCommissionsTable>): Commission {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    distributorId: row.distributor_id,
    buyerId: row.buyer_id,
    rate: row.rate,
    base: countFromColumn(row.base),
    status: row.status as Commission["status"],
    amount: countFromColumn(row.amount),
    reversed: countFromColumn(row.reversed),
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

function withdrawalFromRow(row: Selectable<DistributorWithdrawalsTable>): Withdrawal {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    distributorId: row.distributor_id,
    customerId: row.customer_id,
    amount: countFromColumn(row.amount),
    status: row.status as Withdrawal["status"],
    reason: row.reason,
    paymentId: row.payment_id,
    failureCode: row.failure_code,
    requestedAt: isoTimestamp(row.requested_at),
    decidedAt: isoOrNull(row.decided_at),
    decidedBy: row.decided_by,
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** Distribution in `onecode_distributor_*` and `onecode_distributors` (migration 0027). */
export function distributorRepository(scope: StatementScope): DistributorRepository {
  const { db } = scope;
  const byColumn = async (
    tenantId: string,
    column: "id" | "customer_id" | "code",
    value: string,
  ) => {
    const row = await db
      .selectFrom("onecode_distributors")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where(column, "=", value)
      .executeTakeFirst();
    return row ? distributorFromRow(row) : null;
  };
  return {
    async getSettings(tenantId) {
      const row = await db
        .selectFrom("onecode_distributor_settings")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return row
        ? { tenantId, defaultRate: row.default_rate, updatedAt: isoOrNull(row.updated_at) }
        : null;
    },
    async saveSettings(settings) {
      await db
        .insertInto("onecode_distributor_settings")
        .values({
          tenant_id: settings.tenantId,
          default_rate: settings.defaultRate,
          updated_at: settings.updatedAt,
        })
        .onConflict((conflict) =>
          conflict.column("tenant_id").doUpdateSet({
            default_rate: (eb) => eb.ref("excluded.default_rate"),
            updated_at: (eb) => eb.ref("excluded.updated_at"),
          }),
        )
        .execute();
    },
    async insert(distributor) {
      const inserted = await scope.tolerate(
        (db) =>
          db
            .insertInto("onecode_distributors")
            .values({
              tenant_id: distributor.tenantId,
              id: distributor.id,
              customer_id: distributor.customerId,
              code: distributor.code,
              status: distributor.status,
              rate: distributor.rate,
              phone: distributor.phone,
              note: distributor.note,
              earned: distributor.earned,
              withdrawing: distributor.withdrawing,
              withdrawn: distributor.withdrawn,
              applied_at: distributor.appliedAt,
              decided_at: distributor.decidedAt,
              decided_by: distributor.decidedBy,
              updated_at: distributor.updatedAt,
            })
            .execute(),
        [UNIQUE_VIOLATION],
      );
      if (inserted.ok) return { outcome: "inserted" };
      const existing = await byColumn(distributor.tenantId, "customer_id", distributor.customerId);
      return existing
        ? { outcome: "customer_exists", distributor: existing }
        : { outcome: "code_taken" };
    },
    get: (tenantId, id) => byColumn(tenantId, "id", id),
    getByCustomer: (tenantId, customerId) => byColumn(tenantId, "customer_id", customerId),
    getByCode: (tenantId, code) => byColumn(tenantId, "code", code),
    async list(tenantId, { status, beforeId, limit }) {
      let query = db
        .selectFrom("onecode_distributors")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (status !== null) query = query.where("status", "=", status);
      if (beforeId !== null) query = query.where("id", "<", beforeId);
      return (await query.orderBy("id", "desc").limit(limit).execute()).map(distributorFromRow);
    },
    async decide(tenantId, id, from, decision) {
      const row = await db
        .updateTable("onecode_distributors")
        .set({
          status: decision.status,
          rate: decision.rate,
          note: decision.note,
          decided_at: decision.decidedAt,
          decided_by: decision.decidedBy,
          updated_at: decision.updatedAt,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("status", "=", from)
        .returningAll()
        .executeTakeFirst();
      return row ? distributorFromRow(row) : null;
    },
    async attribute(commission) {
      const row = await db
        .insertInto("onecode_distributor_commissions")
        .values({
          tenant_id: commission.tenantId,
          id: commission.id,
          distributor_id: commission.distributorId,
          buyer_id: commission.buyerId,
          rate: commission.rate,
          base: commission.base,
          status: commission.status,
          amount: commission.amount,
          reversed: commission.reversed,
          created_at: commission.createdAt,
          updated_at: commission.updatedAt,
        })
        .onConflict((conflict) => conflict.columns(["tenant_id", "id"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      return row !== undefined;
    },
    async getCommission(tenantId, orderId) {
      const row = await db
        .selectFrom("onecode_distributor_commissions")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", orderId)
        .executeTakeFirst();
      return row ? commissionFromRow(row) : null;
    },
    async listCommissions(tenantId, distributorId, { beforeId, limit }) {
      let query = db
        .selectFrom("onecode_distributor_commissions")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("distributor_id", "=", distributorId);
      if (beforeId !== null) query = query.where("id", "<", beforeId);
      return (await query.orderBy("id", "desc").limit(limit).execute()).map(commissionFromRow);
    },
    async attributedOf(tenantId, distributorId) {
      const rows = await db
        .selectFrom("onecode_distributor_commissions")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("distributor_id", "=", distributorId)
        .execute();
      return {
        commissions: rows.filter((row) => row.status === "attributed").map(commissionFromRow),
        orders: rows.length,
      };
    },
    /** The UPDATE conditional on `attributed` credits the balance once. */
    earn: (tenantId, orderId, amount, at) =>
      scope.atomic(async (db) => {
        const row = await db
          .updateTable("onecode_distributor_commissions")
          .set({ status: "earned", amount, updated_at: at })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", orderId)
          .where("status", "=", "attributed")
          .returningAll()
          .executeTakeFirst();
        if (!row) return null;
        await db
          .updateTable("onecode_distributors")
          .set({ earned: sql`earned + ${amount}`, updated_at: at })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", row.distributor_id)
          .execute();
        return commissionFromRow(row);
      }),
    /** Monotonic: `reversed` only rises (to at most the amount), and only the rise leaves `earned`. */
    reverseTo: (tenantId, orderId, reversed, at) =>
      scope.atomic(async (db) => {
        const voided = await db
          .updateTable("onecode_distributor_commissions")
          .set({ status: "void", updated_at: at })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", orderId)
          .where("status", "=", "attributed")
          .returningAll()
          .executeTakeFirst();
        if (voided) return commissionFromRow(voided);
        const before = await db
          .selectFrom("onecode_distributor_commissions")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .where("id", "=", orderId)
          .forUpdate()
          .executeTakeFirst();
        if (!before) return null;
        const target = Math.min(countFromColumn(before.amount), reversed);
        const delta = target - countFromColumn(before.reversed);
        if (before.status !== "earned" || delta <= 0) return commissionFromRow(before);
        const row = await db
          .updateTable("onecode_distributor_commissions")
          .set({ reversed: target, updated_at: at })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", orderId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await db
          .updateTable("onecode_distributors")
          .set({ earned: sql`earned - ${delta}`, updated_at: at })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", before.distributor_id)
          .execute();
        return commissionFromRow(row);
      }),
    /** The balance UPDATE's WHERE is the whole check: concurrent requests cannot both take the same money. */
    requestWithdrawal: (withdrawal) =>
      scope.atomic<WithdrawalRequestOutcome>(async (db) => {
        const row = await db
          .updateTable("onecode_distributors")
          .set({
            withdrawing: sql`withdrawing + ${withdrawal.amount}`,
            updated_at: withdrawal.requestedAt,
          })
          .where("tenant_id", "=", withdrawal.tenantId)
          .where("id", "=", withdrawal.distributorId)
          .where(sql<boolean>`earned - withdrawing - withdrawn >= ${withdrawal.amount}`)
          .returning("id")
          .executeTakeFirst();
        if (!row) {
          const found = await db
            .selectFrom("onecode_distributors")
            .select(["earned", "withdrawing", "withdrawn"])
            .where("tenant_id", "=", withdrawal.tenantId)
            .where("id", "=", withdrawal.distributorId)
            .executeTakeFirst();
          if (!found) return { outcome: "not_found" };
          return {
            outcome: "insufficient",
            available:
              countFromColumn(found.earned) -
              countFromColumn(found.withdrawing) -
              countFromColumn(found.withdrawn),
          };
        }
        await db
          .insertInto("onecode_distributor_withdrawals")
          .values({
            tenant_id: withdrawal.tenantId,
            id: withdrawal.id,
            distributor_id: withdrawal.distributorId,
            customer_id: withdrawal.customerId,
            amount: withdrawal.amount,
            status: withdrawal.status,
            reason: withdrawal.reason,
            payment_id: withdrawal.paymentId,
            failure_code: withdrawal.failureCode,
            requested_at: withdrawal.requestedAt,
            decided_at: withdrawal.decidedAt,
            decided_by: withdrawal.decidedBy,
            updated_at: withdrawal.updatedAt,
          })
          .execute();
        return { outcome: "requested" };
      }),
    async getWithdrawal(tenantId, id) {
      const row = await db
        .selectFrom("onecode_distributor_withdrawals")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? withdrawalFromRow(row) : null;
    },
    async listWithdrawals(tenantId, { distributorId, status, beforeId, limit }) {
      let query = db
        .selectFrom("onecode_distributor_withdrawals")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (distributorId !== null) query = query.where("distributor_id", "=", distributorId);
      if (status !== null) query = query.where("status", "=", status);
      if (beforeId !== null) query = query.where("id", "<", beforeId);
      return (await query.orderBy("id", "desc").limit(limit).execute()).map(withdrawalFromRow);
    },
    /** The UPDATE conditional on `from` lets one caller move it, and that caller moves the balances. */
    moveWithdrawal: (tenantId, id, from, move) =>
      scope.atomic(async (db) => {
        const row = await db
          .updateTable("onecode_distributor_withdrawals")
          .set({
            status: move.status,
            ...(move.reason !== undefined && { reason: move.reason }),
            ...(move.paymentId !== undefined && { payment_id: move.paymentId }),
            ...(move.failureCode !== undefined && { failure_code: move.failureCode }),
            ...(move.decidedAt !== undefined && { decided_at: move.decidedAt }),
            ...(move.decidedBy !== undefined && { decided_by: move.decidedBy }),
            updated_at: move.updatedAt,
          })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .where("status", "=", from)
          .returningAll()
          .executeTakeFirst();
        if (!row) return null;
        const amount = countFromColumn(row.amount);
        const back = move.status === "rejected" || move.status === "failed";
        if (back || move.status === "paid") {
          await db
            .updateTable("onecode_distributors")
            .set({
              withdrawing: sql`withdrawing - ${amount}`,
              ...(move.status === "paid" && { withdrawn: sql`withdrawn + ${amount}` }),
              updated_at: move.updatedAt,
            })
            .where("tenant_id", "=", tenantId)
            .where("id", "=", row.distributor_id)
            .execute();
        }
        return withdrawalFromRow(row);
      }),
  };
}
