import {
  createdChanges,
  deletedChanges,
  updatedChanges,
} from "../../../kernel/audit/audit-summary.js";
import { isoNow } from "../../../kernel/clock.js";
import { notFound, OneCodeError } from "../../../kernel/errors.js";
import { InputCheck } from "../../../kernel/input-check.js";
import { requireCapability } from "../../../kernel/permissions/access-check.js";
import { factorRate } from "../../../kernel/rates.js";
import type { TenantContext } from "../../../kernel/tenant.js";
import type { PromotionsRuntime } from "../../promotions-runtime.js";
import type { MemberLevel } from "../member-records.js";
import { levelsOf } from "./member-levels.js";

/** What `memberLevels.create` takes (and `update`, every field optional). */
export interface MemberLevelInput {
  readonly name: string;
  /** Experience (or points earned, per the tenant's basis) needed; ≥ 1 (the default level has 0). */
  readonly threshold: number;
  /** What is paid, a decimal factor above 0 and at most 1 (`"0.8"`: 20% off); null for no discount. */
  readonly discount?: string | null;
  readonly icon?: string | null;
}

/** Checks a level input; throws `VALIDATION_FAILED` naming every broken field. */
export function checkMemberLevel(input: MemberLevelInput, isDefault = false): MemberLevelInput {
  const check = new InputCheck();
  const name = check.text("name", input?.name, { max: 30 });
  const threshold = input?.threshold;
  if (isDefault) {
    if (threshold !== 0) check.fail("threshold", "default_zero", "the default level needs 0");
  } else if (!Number.isSafeInteger(threshold) || (threshold as number) < 1) {
    check.fail("threshold", "positive_integer", "threshold must be a positive integer");
  }
  let discount: string | null = null;
  if (input?.discount !== undefined && input.discount !== null) {
    discount = check.include(() => {
      const text = String(input.discount).trim();
      const rate = factorRate(text, "discount");
      if (rate.numerator === 0n || rate.numerator > rate.denominator) {
        check.fail("discount", "factor_range", "discount must be above 0 and at most 1");
      }
      return text;
    }, null);
  }
  const icon = input?.icon ? check.url("icon", input.icon) : null;
  check.done();
  return { name, threshold: threshold as number, discount, icon };
}

/**
 * Member levels (`onecode.memberLevels`, 会员等级): name, threshold,
 * discount (what is paid, `"0.8"` = 20% off) and icon. Every tenant has a
 * default level (threshold 0) that can be renamed but not deleted. A
 * customer's level follows their score at once (no stored level). Reads
 * need `promotions.read`, writes `promotions.manage`, audited.
 */
export interface MemberLevelService {
  /** The levels by ascending threshold, the default first. */
  list(ctx: TenantContext): Promise<MemberLevel[]>;
  /**
   * Adds a level. @throws `VALIDATION_FAILED`, `FORBIDDEN`.
   *
   * @example
   * ```ts
   * await onecode.memberLevels.create(ctx, { name: "Gold", threshold: 1000, discount: "0.9" });
   * ```
   */
  create(ctx: TenantContext, input: MemberLevelInput): Promise<MemberLevel>;
  /** Changes a level (the default keeps threshold 0). @throws `VALIDATION_FAILED`, `NOT_FOUND`, `FORBIDDEN`. */
  update(
    ctx: TenantContext,
    levelId: string,
    input: Partial<MemberLevelInput>,
  ): Promise<MemberLevel>;
  /** Deletes a level. @throws `MEMBER_LEVEL_PROTECTED` (the default), `NOT_FOUND`, `FORBIDDEN`. */
  remove(ctx: TenantContext, levelId: string): Promise<void>;
}

/** Builds {@link MemberLevelService}. */
export function memberLevelService(runtime: PromotionsRuntime): MemberLevelService {
  const { storage } = runtime.ports;
  const now = () => isoNow(runtime.ports.clock);
  return {
    async list(ctx) {
      requireCapability(ctx, "promotions.read");
      return levelsOf(storage, ctx.tenantId, now());
    },
    async create(ctx, input) {
      requireCapability(ctx, "promotions.manage");
      const checked = checkMemberLevel(input);
      const at = now();
      const level: MemberLevel = {
        tenantId: ctx.tenantId,
        id: runtime.ports.ids.newId("lvl"),
        name: checked.name,
        threshold: checked.threshold,
        discount: checked.discount ?? null,
        icon: checked.icon ?? null,
        isDefault: false,
        createdAt: at,
        updatedAt: at,
      };
      await storage.transaction(async (tx) => {
        await levelsOf(tx, ctx.tenantId, at);
        await tx.memberLevels.insert(level);
        await runtime.recordAudit(tx, ctx, {
          action: "members.level.created",
          target: { type: "member_level", id: level.id },
          changes: createdChanges(level),
        });
      });
      return level;
    },
    async update(ctx, levelId, input) {
      requireCapability(ctx, "promotions.manage");
      const at = now();
      return storage.transaction(async (tx) => {
        await levelsOf(tx, ctx.tenantId, at);
        const before = await tx.memberLevels.get(ctx.tenantId, levelId);
        if (!before) throw notFound("member level", levelId);
        const checked = checkMemberLevel({ ...before, ...input }, before.isDefault);
        const after: MemberLevel = {
          ...before,
          name: checked.name,
          threshold: checked.threshold,
          discount: checked.discount ?? null,
          icon: checked.icon ?? null,
          updatedAt: at,
        };
        await tx.memberLevels.update(after);
        await runtime.recordAudit(tx, ctx, {
          action: "members.level.updated",
          target: { type: "member_level", id: levelId },
          changes: updatedChanges(before, after),
        });
        return after;
      });
    },
    async remove(ctx, levelId) {
      requireCapability(ctx, "promotions.manage");
      await storage.transaction(async (tx) => {
        const level = await tx.memberLevels.get(ctx.tenantId, levelId);
        if (!level) throw notFound("member level", levelId);
        if (level.isDefault) {
          throw new OneCodeError("MEMBER_LEVEL_PROTECTED", "the default level cannot be deleted", {
            levelId,
          });
        }
        await tx.memberLevels.remove(ctx.tenantId, levelId);
        await runtime.recordAudit(tx, ctx, {
          action: "members.level.deleted",
          target: { type: "member_level", id: levelId },
          changes: deletedChanges(level),
        });
      });
    },
  };
}
