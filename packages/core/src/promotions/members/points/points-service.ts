import { fieldChanges, updatedChanges } from "../../../kernel/audit/audit-summary.js";
import { isoNow } from "../../../kernel/clock.js";
import { notFound, OneCodeError } from "../../../kernel/errors.js";
import { InputCheck } from "../../../kernel/input-check.js";
import { type Page, type PageRequest, paginate } from "../../../kernel/pagination.js";
import { requireCapability } from "../../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../../kernel/tenant.js";
import { zonedDate } from "../../../kernel/zoned-time.js";
import type { PromotionsRuntime } from "../../promotions-runtime.js";
import { changeCustomer } from "../customers/customer-records.js";
import { requireOwnOrRead } from "../member-access.js";
import type { MemberSettings, PointsEntry } from "../member-records.js";
import {
  checkMemberSettings,
  type MemberSettingsInput,
  memberSettingsOf,
} from "../member-settings.js";
import { recordedEntry, recordPoints } from "./points-ledger.js";
import { checkInPoints, nextStreak } from "./points-rules.js";

/** A customer's points now. */
export interface PointsAccount {
  readonly customerId: string;
  readonly balance: number;
  /** Points ever earned from orders. */
  readonly earned: number;
}

/** What `points.checkIn` answers. */
export interface CheckInResult {
  /** The local date checked in (tenant zone). */
  readonly date: string;
  /** Consecutive days including today. */
  readonly streak: number;
  /** Points credited (daily plus any 7/15/30-day bonus). */
  readonly points: number;
  readonly balance: number;
}

/** What `points.adjust` takes. */
export interface PointsAdjustment {
  /** Signed whole points, not zero. */
  readonly delta: number;
  /** Why (shown in the ledger). */
  readonly note: string;
}

/**
 * Points (`onecode.points`, 积分): the tenant's settings, each customer's
 * balance and ledger, staff adjustments and the daily check-in (签到).
 * Orders earn and spend points through outbox handlers and the pricing
 * source; the balance never goes below zero and every change has one
 * ledger entry with a unique key (applied once).
 */
export interface PointsService {
  /** The tenant's member and points settings. @throws `FORBIDDEN` (`promotions.read`). */
  settings(ctx: TenantContext): Promise<MemberSettings>;
  /**
   * Changes the settings (fields given), audited as `members.settings.updated`.
   *
   * @throws `VALIDATION_FAILED`, `FORBIDDEN` (`promotions.manage`).
   *
   * @example
   * ```ts
   * await onecode.points.updateSettings(ctx, { earnCoefficient: "2", redeemCapPercent: 30 });
   * ```
   */
  updateSettings(ctx: TenantContext, input: MemberSettingsInput): Promise<MemberSettings>;
  /** The customer's balance (their own for a consumer). @throws `NOT_FOUND`, `FORBIDDEN`. */
  account(ctx: TenantContext, customerId: string): Promise<PointsAccount>;
  /** The customer's ledger, newest first. @throws `VALIDATION_FAILED`, `FORBIDDEN`. */
  ledger(ctx: TenantContext, customerId: string, page?: PageRequest): Promise<Page<PointsEntry>>;
  /**
   * A staff adjustment, audited as `members.points.adjusted`.
   *
   * @throws `VALIDATION_FAILED`, `POINTS_INSUFFICIENT` (a debit below zero), `FORBIDDEN` (`promotions.manage`).
   */
  adjust(ctx: TenantContext, customerId: string, input: PointsAdjustment): Promise<PointsEntry>;
  /**
   * Checks the customer in for today (tenant calendar): the daily points,
   * plus the bonus on the 7th, 15th and 30th consecutive day. Once per local
   * day, also under concurrency. A consumer checks themselves in.
   *
   * @throws `POINTS_ALREADY_CHECKED_IN`, `CUSTOMER_BLACKLISTED`, `FORBIDDEN`.
   *
   * @example
   * ```ts
   * const { streak, points } = await onecode.points.checkIn(consumerCtx, "c-ann");
   * ```
   */
  checkIn(ctx: TenantContext, customerId: string): Promise<CheckInResult>;
}

/** Builds {@link PointsService}. */
export function pointsService(runtime: PromotionsRuntime): PointsService {
  const { storage } = runtime.ports;
  const now = () => isoNow(runtime.ports.clock);
  return {
    async settings(ctx) {
      requireCapability(ctx, "promotions.read");
      return memberSettingsOf(storage, ctx.tenantId);
    },
    async updateSettings(ctx, input) {
      requireCapability(ctx, "promotions.manage");
      return storage.transaction(async (tx) => {
        const before = await memberSettingsOf(tx, ctx.tenantId);
        const after: MemberSettings = {
          ...checkMemberSettings(before, input ?? {}),
          updatedAt: now(),
        };
        await tx.memberSettings.save(after);
        await runtime.recordAudit(tx, ctx, {
          action: "members.settings.updated",
          target: { type: "member_settings", id: ctx.tenantId },
          changes: updatedChanges(before, after),
        });
        return after;
      });
    },
    async account(ctx, customerId) {
      requireOwnOrRead(ctx, customerId);
      const customer = await storage.memberCustomers.get(ctx.tenantId, customerId);
      if (!customer && ctx.actor.kind !== "consumer") throw notFound("customer", customerId);
      return {
        customerId,
        balance: customer?.pointsBalance ?? 0,
        earned: customer?.pointsEarned ?? 0,
      };
    },
    async ledger(ctx, customerId, page) {
      requireOwnOrRead(ctx, customerId);
      return paginate(page, (query) => storage.pointsLedger.list(ctx.tenantId, customerId, query));
    },
    async adjust(ctx, customerId, input) {
      requireCapability(ctx, "promotions.manage");
      const check = new InputCheck();
      const delta = input?.delta;
      if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta as number) > 100_000_000) {
        check.fail(
          "delta",
          "non_zero_integer",
          "delta must be a non-zero integer of at most 100000000 points",
        );
      }
      const note = check.text("note", input?.note, { max: 200 });
      check.done();
      const zone = await runtime.timeZoneOf(ctx.tenantId);
      return storage.transaction(async (tx) => {
        const change = {
          tenantId: ctx.tenantId,
          customerId,
          kind: "adjust" as const,
          delta: delta as number,
          key: `adjust:${runtime.ports.ids.newId("adj")}`,
          note,
          actor: ctx.actor,
        };
        const entry = recordedEntry(await recordPoints(tx, runtime, change, zone), change);
        await runtime.recordAudit(tx, ctx, {
          action: "members.points.adjusted",
          target: { type: "customer", id: customerId },
          changes: fieldChanges({
            pointsBalance: { before: entry.balanceAfter - entry.delta, after: entry.balanceAfter },
            note: { after: note },
          }),
        });
        return entry;
      });
    },
    async checkIn(ctx, customerId) {
      if (ctx.actor.kind === "consumer") {
        if (ctx.actor.id !== customerId) throw notFound("customer", customerId);
      } else {
        requireCapability(ctx, "promotions.manage");
      }
      const settings = await memberSettingsOf(storage, ctx.tenantId);
      const zone = await runtime.timeZoneOf(ctx.tenantId);
      const at = now();
      const today = zonedDate(runtime.ports.clock.nowMs(), zone);
      return storage.transaction(async (tx) => {
        let streak = 0;
        const { before, after } = await changeCustomer(tx, ctx.tenantId, customerId, at, (c) => {
          if (c.blacklisted || c.lastCheckInOn === today) return null;
          streak = nextStreak(c.lastCheckInOn, c.checkInStreak, today);
          return { ...c, lastCheckInOn: today, checkInStreak: streak, lastSeenAt: at };
        });
        if (!after) {
          if (before.blacklisted) {
            throw new OneCodeError(
              "CUSTOMER_BLACKLISTED",
              `customer ${customerId} is blacklisted`,
              {
                customerId,
              },
            );
          }
          throw new OneCodeError("POINTS_ALREADY_CHECKED_IN", `checked in on ${today} already`, {
            customerId,
            date: today,
          });
        }
        const points = settings.pointsEnabled ? checkInPoints(streak, settings) : 0;
        let balance = before.pointsBalance;
        if (points > 0) {
          const change = {
            tenantId: ctx.tenantId,
            customerId,
            kind: "check_in" as const,
            delta: points,
            key: `check_in:${customerId}:${today}`,
            note: `day ${streak}`,
            actor: ctx.actor,
          };
          balance = recordedEntry(
            await recordPoints(tx, runtime, change, zone),
            change,
          ).balanceAfter;
        }
        return { date: today, streak, points, balance };
      });
    },
  };
}
