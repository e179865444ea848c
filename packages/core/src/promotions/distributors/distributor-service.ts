import { createdChanges, fieldChanges } from "../../kernel/audit/audit-summary.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import { type Page, type PageRequest, paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import { randomBelow } from "../../kernel/random.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import {
  type Commission,
  DEFAULT_DISTRIBUTOR_RATE,
  type Distributor,
  type DistributorSettings,
  type DistributorStatistics,
  type DistributorStatus,
  WITHDRAWAL_APPROVED_EVENT,
  type Withdrawal,
  type WithdrawalStatus,
} from "./distributor.js";
import { estimatedCommission } from "./distributor-commissions.js";
import {
  checkApplicationInput,
  checkApprovalInput,
  checkDistributorSettingsInput,
  checkReasonInput,
  checkWithdrawalInput,
} from "./distributor-input.js";

/**
 * Distribution (`onecode.distributors`, 分销): consumers apply to become
 * distributors, staff approve (optionally with an own commission rate) or
 * reject; orders placed with a distributor's code earn commission when they
 * complete (the tenant's default rate × the paid goods amount, half up),
 * reversed in proportion to refunds; distributors withdraw their available
 * commission (at least 1.00) and staff approve (paid out by a transfer
 * through the payment port) or reject it. Staff methods need
 * `promotions.read` / `promotions.manage`; `apply`, `mine`,
 * `requestWithdrawal` and `myWithdrawals` are the consumer's own.
 */
export interface DistributorService {
  /** The tenant's settings (default rate `"0"` until saved). */
  settings(ctx: TenantContext): Promise<DistributorSettings>;
  /** Saves the default commission percentage. Audited. @throws `VALIDATION_FAILED`. */
  saveSettings(
    ctx: TenantContext,
    input: { defaultRate: string | number },
  ): Promise<DistributorSettings>;
  /**
   * The consumer applies (a rejected applicant may apply again). Audited as
   * `promotions.distributor.applied`.
   * @throws `FORBIDDEN` (not a consumer), `INVALID_STATE_TRANSITION` (pending or approved already).
   *
   * @example
   * ```ts
   * const me = await onecode.distributors.apply(buyer, { note: "I run a tea club" });
   * ```
   */
  apply(
    ctx: TenantContext,
    input?: { note?: string | null; phone?: string | null },
  ): Promise<Distributor>;
  /** The consumer's own distributor record and statistics. @throws `NOT_FOUND` (never applied). */
  mine(
    ctx: TenantContext,
  ): Promise<{ distributor: Distributor; statistics: DistributorStatistics }>;
  get(ctx: TenantContext, id: string): Promise<Distributor>;
  list(
    ctx: TenantContext,
    filter?: { status?: DistributorStatus },
    page?: PageRequest,
  ): Promise<Page<Distributor>>;
  /**
   * Approves a pending application, with the distributor's own rate or the
   * default. Audited. @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`.
   */
  approve(
    ctx: TenantContext,
    id: string,
    input?: { rate?: string | number | null },
  ): Promise<Distributor>;
  /** Rejects a pending application. Audited. @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`. */
  reject(ctx: TenantContext, id: string, input?: { reason?: string | null }): Promise<Distributor>;
  /** Earned, pending, withdrawing, withdrawn and available commission. @throws `NOT_FOUND`. */
  statistics(ctx: TenantContext, id: string): Promise<DistributorStatistics>;
  /** The distributor's commissions, newest first. */
  commissions(ctx: TenantContext, id: string, page?: PageRequest): Promise<Page<Commission>>;
  /**
   * The approved distributor asks to withdraw `amount` minor units (at least
   * 100) of their available commission, atomically reserved.
   * @throws `VALIDATION_FAILED`, `FORBIDDEN`, `NOT_FOUND`, `INVALID_STATE_TRANSITION`
   *   (not approved), `WITHDRAWAL_INSUFFICIENT_BALANCE`.
   */
  requestWithdrawal(ctx: TenantContext, input: { amount: number }): Promise<Withdrawal>;
  /** The consumer's own withdrawals, newest first. */
  myWithdrawals(ctx: TenantContext, page?: PageRequest): Promise<Page<Withdrawal>>;
  listWithdrawals(
    ctx: TenantContext,
    filter?: { distributorId?: string; status?: WithdrawalStatus },
    page?: PageRequest,
  ): Promise<Page<Withdrawal>>;
  getWithdrawal(ctx: TenantContext, id: string): Promise<Withdrawal>;
  /**
   * Approves a requested withdrawal; an outbox handler pays it out (a
   * transfer idempotent by the withdrawal id) and marks it `paid`, or
   * `failed` (the amount is available again). Audited.
   * @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION`.
   */
  approveWithdrawal(ctx: TenantContext, id: string): Promise<Withdrawal>;
  /** Rejects a requested withdrawal: the amount is available again. Audited. */
  rejectWithdrawal(
    ctx: TenantContext,
    id: string,
    input?: { reason?: string | null },
  ): Promise<Withdrawal>;
}

const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

const consumerOnly = (ctx: TenantContext) => {
  if (ctx.actor.kind !== "consumer") {
    throw new OneCodeError("FORBIDDEN", "only a consumer acts as a distributor", {
      actor: ctx.actor.id,
    });
  }
};

/** Builds the {@link DistributorService}. */
export function distributorService(runtime: PromotionsRuntime): DistributorService {
  const { ports } = runtime;
  const { storage } = ports;

  const settingsOf = async (tenantId: string): Promise<DistributorSettings> =>
    (await storage.distributors.getSettings(tenantId)) ?? {
      tenantId,
      defaultRate: DEFAULT_DISTRIBUTOR_RATE,
      updatedAt: null,
    };

  const load = async (tenantId: string, id: string) => {
    const distributor = await storage.distributors.get(tenantId, id);
    if (!distributor) throw notFound("distributor", id, "id");
    return distributor;
  };

  const statisticsOf = async (distributor: Distributor): Promise<DistributorStatistics> => {
    const { commissions, orders } = await storage.distributors.attributedOf(
      distributor.tenantId,
      distributor.id,
    );
    return {
      earned: distributor.earned,
      pending: commissions.reduce((sum, commission) => sum + estimatedCommission(commission), 0),
      withdrawing: distributor.withdrawing,
      withdrawn: distributor.withdrawn,
      available: distributor.earned - distributor.withdrawing - distributor.withdrawn,
      orders,
    };
  };

  const stateError = (id: string, from: string, to: string) =>
    new OneCodeError("INVALID_STATE_TRANSITION", `${id} is ${from}, it cannot become ${to}`, {
      id,
      from,
      to,
    });

  const decide = async (
    ctx: TenantContext,
    id: string,
    status: "approved" | "rejected",
    rate: string | null,
    note: string | null,
  ) =>
    storage.transaction(async (tx) => {
      const now = isoNow(ports.clock);
      const decided = await tx.distributors.decide(ctx.tenantId, id, "pending", {
        status,
        rate,
        note,
        decidedAt: now,
        decidedBy: ctx.actor.id,
        updatedAt: now,
      });
      if (!decided) {
        const found = await tx.distributors.get(ctx.tenantId, id);
        if (!found) throw notFound("distributor", id, "id");
        throw stateError(id, found.status, status);
      }
      await runtime.recordAudit(tx, ctx, {
        action: `promotions.distributor.${status}`,
        target: { type: "distributor", id },
        changes: fieldChanges({
          status: { before: "pending", after: status },
          rate: { after: rate },
        }),
      });
      return decided;
    });

  const moveWithdrawal = async (
    ctx: TenantContext,
    id: string,
    status: "approved" | "rejected",
    reason: string | null,
  ) =>
    storage.transaction(async (tx) => {
      const now = isoNow(ports.clock);
      const moved = await tx.distributors.moveWithdrawal(ctx.tenantId, id, "requested", {
        status,
        reason,
        decidedAt: now,
        decidedBy: ctx.actor.id,
        updatedAt: now,
      });
      if (!moved) {
        const found = await tx.distributors.getWithdrawal(ctx.tenantId, id);
        if (!found) throw notFound("withdrawal", id, "id");
        throw stateError(id, found.status, status);
      }
      await runtime.recordAudit(tx, ctx, {
        action: `promotions.withdrawal.${status}`,
        target: { type: "withdrawal", id },
        changes: fieldChanges({
          status: { before: "requested", after: status },
          amount: { after: moved.amount },
        }),
      });
      if (status === "approved") {
        await runtime.recordEvents(tx, ctx, [
          {
            type: WITHDRAWAL_APPROVED_EVENT,
            aggregate: { type: "withdrawal", id },
            payload: { withdrawalId: id, amount: moved.amount },
          },
        ]);
      }
      return moved;
    });

  const newCode = () =>
    Array.from(
      { length: 8 },
      () => CODE_ALPHABET[randomBelow(ports.random, CODE_ALPHABET.length)],
    ).join("");

  return {
    async settings(ctx) {
      requireCapability(ctx, "promotions.read");
      return settingsOf(ctx.tenantId);
    },
    async saveSettings(ctx, input) {
      requireCapability(ctx, "promotions.manage");
      const { defaultRate } = checkDistributorSettingsInput(input);
      return storage.transaction(async (tx) => {
        const before = await tx.distributors.getSettings(ctx.tenantId);
        const saved = { tenantId: ctx.tenantId, defaultRate, updatedAt: isoNow(ports.clock) };
        await tx.distributors.saveSettings(saved);
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.distributor_settings.updated",
          target: { type: "distributor_settings", id: ctx.tenantId },
          changes: fieldChanges({
            defaultRate: {
              before: before?.defaultRate ?? DEFAULT_DISTRIBUTOR_RATE,
              after: defaultRate,
            },
          }),
        });
        return saved;
      });
    },
    async apply(ctx, input) {
      consumerOnly(ctx);
      const { note, phone } = checkApplicationInput(input);
      const now = isoNow(ports.clock);
      for (let attempt = 0; attempt < 5; attempt++) {
        const done = await storage.transaction(async (tx) => {
          const fresh: Distributor = {
            tenantId: ctx.tenantId,
            id: ports.ids.newId("dsr"),
            customerId: ctx.actor.id,
            code: newCode(),
            status: "pending",
            rate: null,
            phone,
            note,
            earned: 0,
            withdrawing: 0,
            withdrawn: 0,
            appliedAt: now,
            decidedAt: null,
            decidedBy: null,
            updatedAt: now,
          };
          const inserted = await tx.distributors.insert(fresh);
          if (inserted.outcome === "code_taken") return null;
          let distributor = fresh;
          if (inserted.outcome === "customer_exists") {
            const again = await tx.distributors.decide(
              ctx.tenantId,
              inserted.distributor.id,
              "rejected",
              {
                status: "pending",
                rate: null,
                note,
                decidedAt: null,
                decidedBy: null,
                updatedAt: now,
              },
            );
            if (!again)
              throw stateError(inserted.distributor.id, inserted.distributor.status, "pending");
            distributor = again;
          }
          await runtime.recordAudit(tx, ctx, {
            action: "promotions.distributor.applied",
            target: { type: "distributor", id: distributor.id },
            changes: createdChanges({
              customerId: distributor.customerId,
              status: "pending",
              note,
            }),
          });
          return distributor;
        });
        if (done) return done;
      }
      throw new OneCodeError("BUSY", "no free distributor code was found; retry", {
        resource: "distributor_code",
        attempts: 5,
      });
    },
    async mine(ctx) {
      consumerOnly(ctx);
      const distributor = await storage.distributors.getByCustomer(ctx.tenantId, ctx.actor.id);
      if (!distributor) throw notFound("distributor", ctx.actor.id, "customerId");
      return { distributor, statistics: await statisticsOf(distributor) };
    },
    async get(ctx, id) {
      requireCapability(ctx, "promotions.read");
      return load(ctx.tenantId, id);
    },
    async list(ctx, filter = {}, page) {
      requireCapability(ctx, "promotions.read");
      return paginate(page, (query) =>
        storage.distributors.list(ctx.tenantId, { status: filter.status ?? null, ...query }),
      );
    },
    async approve(ctx, id, input) {
      requireCapability(ctx, "promotions.manage");
      const { rate } = checkApprovalInput(input);
      const current = await load(ctx.tenantId, id);
      return decide(ctx, id, "approved", rate, current.note);
    },
    async reject(ctx, id, input) {
      requireCapability(ctx, "promotions.manage");
      const { reason } = checkReasonInput(input);
      return decide(ctx, id, "rejected", null, reason);
    },
    async statistics(ctx, id) {
      requireCapability(ctx, "promotions.read");
      return statisticsOf(await load(ctx.tenantId, id));
    },
    async commissions(ctx, id, page) {
      requireCapability(ctx, "promotions.read");
      return paginate(page, (query) =>
        storage.distributors.listCommissions(ctx.tenantId, id, query),
      );
    },
    async requestWithdrawal(ctx, input) {
      consumerOnly(ctx);
      const { amount } = checkWithdrawalInput(input);
      const distributor = await storage.distributors.getByCustomer(ctx.tenantId, ctx.actor.id);
      if (!distributor) throw notFound("distributor", ctx.actor.id, "customerId");
      if (distributor.status !== "approved")
        throw stateError(distributor.id, distributor.status, "withdrawing");
      const now = isoNow(ports.clock);
      const withdrawal: Withdrawal = {
        tenantId: ctx.tenantId,
        id: ports.ids.newId("wdr"),
        distributorId: distributor.id,
        customerId: distributor.customerId,
        amount,
        status: "requested",
        reason: null,
        paymentId: null,
        failureCode: null,
        requestedAt: now,
        decidedAt: null,
        decidedBy: null,
        updatedAt: now,
      };
      return storage.transaction(async (tx) => {
        const outcome = await tx.distributors.requestWithdrawal(withdrawal);
        if (outcome.outcome === "not_found") throw notFound("distributor", distributor.id, "id");
        if (outcome.outcome === "insufficient") {
          throw new OneCodeError(
            "WITHDRAWAL_INSUFFICIENT_BALANCE",
            `only ${outcome.available} minor units are available, ${amount} were asked for`,
            { available: outcome.available, requested: amount },
          );
        }
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.withdrawal.requested",
          target: { type: "withdrawal", id: withdrawal.id },
          changes: createdChanges({ distributorId: distributor.id, amount }),
        });
        return withdrawal;
      });
    },
    async myWithdrawals(ctx, page) {
      consumerOnly(ctx);
      const distributor = await storage.distributors.getByCustomer(ctx.tenantId, ctx.actor.id);
      if (!distributor) return { items: [], nextCursor: null };
      return paginate(page, (query) =>
        storage.distributors.listWithdrawals(ctx.tenantId, {
          distributorId: distributor.id,
          status: null,
          ...query,
        }),
      );
    },
    async listWithdrawals(ctx, filter = {}, page) {
      requireCapability(ctx, "promotions.read");
      return paginate(page, (query) =>
        storage.distributors.listWithdrawals(ctx.tenantId, {
          distributorId: filter.distributorId ?? null,
          status: filter.status ?? null,
          ...query,
        }),
      );
    },
    async getWithdrawal(ctx, id) {
      requireCapability(ctx, "promotions.read");
      const withdrawal = await storage.distributors.getWithdrawal(ctx.tenantId, id);
      if (!withdrawal) throw notFound("withdrawal", id, "id");
      return withdrawal;
    },
    async approveWithdrawal(ctx, id) {
      requireCapability(ctx, "promotions.manage");
      return moveWithdrawal(ctx, id, "approved", null);
    },
    async rejectWithdrawal(ctx, id, input) {
      requireCapability(ctx, "promotions.manage");
      const { reason } = checkReasonInput(input);
      return moveWithdrawal(ctx, id, "rejected", reason);
    },
  };
}
