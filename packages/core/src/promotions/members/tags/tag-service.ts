import {
  createdChanges,
  deletedChanges,
  fieldChanges,
} from "../../../kernel/audit/audit-summary.js";
import { isoNow } from "../../../kernel/clock.js";
import { notFound, OneCodeError } from "../../../kernel/errors.js";
import { InputCheck } from "../../../kernel/input-check.js";
import { requireCapability } from "../../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../../kernel/tenant.js";
import type { PromotionsRuntime } from "../../promotions-runtime.js";
import { changeCustomer } from "../customers/customer-records.js";
import type { MemberCustomer, MemberTag } from "../member-records.js";
import type { MemberTagWrite } from "../ports.js";

const nameOf = (name: unknown) => {
  const check = new InputCheck();
  const text = check.text("name", name, { max: 30 });
  check.done();
  return text;
};

const taken = (write: MemberTagWrite, name: string) => {
  if (write.outcome === "name_taken") {
    throw new OneCodeError("MEMBER_TAG_NAME_TAKEN", `a tag named "${name}" exists`, { name });
  }
};

/**
 * Customer tags (`onecode.memberTags`, 会员标签): free-form names unique
 * per tenant, assigned to customers; deleting a tag takes it off every
 * customer. Reads need `promotions.read`, writes `promotions.manage`, audited.
 */
export interface MemberTagService {
  /** Every tag, oldest first. */
  list(ctx: TenantContext): Promise<MemberTag[]>;
  /**
   * Adds a tag. @throws `VALIDATION_FAILED` (`name`: 1-30 characters), `MEMBER_TAG_NAME_TAKEN`, `FORBIDDEN`.
   *
   * @example
   * ```ts
   * const vip = await onecode.memberTags.create(ctx, "VIP");
   * await onecode.memberTags.assign(ctx, vip.id, "c-ann");
   * ```
   */
  create(ctx: TenantContext, name: string): Promise<MemberTag>;
  /** Renames a tag. @throws `VALIDATION_FAILED`, `MEMBER_TAG_NAME_TAKEN`, `NOT_FOUND`, `FORBIDDEN`. */
  rename(ctx: TenantContext, tagId: string, name: string): Promise<MemberTag>;
  /** Deletes a tag and takes it off its customers. @throws `NOT_FOUND`, `FORBIDDEN`. */
  remove(ctx: TenantContext, tagId: string): Promise<{ readonly unassigned: number }>;
  /** Puts the tag on the customer (idempotent). @throws `NOT_FOUND` (the tag), `FORBIDDEN`. */
  assign(ctx: TenantContext, tagId: string, customerId: string): Promise<MemberCustomer>;
  /** Takes the tag off the customer (idempotent). @throws `FORBIDDEN`. */
  unassign(ctx: TenantContext, tagId: string, customerId: string): Promise<MemberCustomer>;
}

/** Builds {@link MemberTagService}. */
export function memberTagService(runtime: PromotionsRuntime): MemberTagService {
  const { storage } = runtime.ports;
  const now = () => isoNow(runtime.ports.clock);
  const retag = async (ctx: TenantContext, tagId: string, customerId: string, on: boolean) => {
    requireCapability(ctx, "promotions.manage");
    const at = now();
    return storage.transaction(async (tx) => {
      if (on && !(await tx.memberTags.get(ctx.tenantId, tagId))) throw notFound("tag", tagId);
      const { before, after } = await changeCustomer(tx, ctx.tenantId, customerId, at, (c) => {
        const has = c.tagIds.includes(tagId);
        if (has === on) return null;
        const tagIds = on ? [...c.tagIds, tagId].sort() : c.tagIds.filter((id) => id !== tagId);
        return { ...c, tagIds };
      });
      if (!after) return before;
      await runtime.recordAudit(tx, ctx, {
        action: on ? "members.customer.tagged" : "members.customer.untagged",
        target: { type: "customer", id: customerId },
        changes: fieldChanges({ tagIds: { before: before.tagIds, after: after.tagIds } }),
      });
      return after;
    });
  };
  return {
    async list(ctx) {
      requireCapability(ctx, "promotions.read");
      return storage.memberTags.list(ctx.tenantId);
    },
    async create(ctx, name) {
      requireCapability(ctx, "promotions.manage");
      const at = now();
      const tag: MemberTag = {
        tenantId: ctx.tenantId,
        id: runtime.ports.ids.newId("tag"),
        name: nameOf(name),
        createdAt: at,
        updatedAt: at,
      };
      await storage.transaction(async (tx) => {
        taken(await tx.memberTags.insert(tag), tag.name);
        await runtime.recordAudit(tx, ctx, {
          action: "members.tag.created",
          target: { type: "member_tag", id: tag.id },
          changes: createdChanges(tag),
        });
      });
      return tag;
    },
    async rename(ctx, tagId, name) {
      requireCapability(ctx, "promotions.manage");
      const text = nameOf(name);
      return storage.transaction(async (tx) => {
        const before = await tx.memberTags.get(ctx.tenantId, tagId);
        if (!before) throw notFound("tag", tagId);
        const after = { ...before, name: text, updatedAt: now() };
        const write = await tx.memberTags.update(after);
        taken(write, text);
        if (write.outcome === "not_found") throw notFound("tag", tagId);
        await runtime.recordAudit(tx, ctx, {
          action: "members.tag.renamed",
          target: { type: "member_tag", id: tagId },
          changes: fieldChanges({ name: { before: before.name, after: text } }),
        });
        return after;
      });
    },
    async remove(ctx, tagId) {
      requireCapability(ctx, "promotions.manage");
      return storage.transaction(async (tx) => {
        const tag = await tx.memberTags.get(ctx.tenantId, tagId);
        if (!tag || !(await tx.memberTags.remove(ctx.tenantId, tagId))) {
          throw notFound("tag", tagId);
        }
        const unassigned = await tx.memberCustomers.removeTag(ctx.tenantId, tagId, now());
        await runtime.recordAudit(tx, ctx, {
          action: "members.tag.deleted",
          target: { type: "member_tag", id: tagId },
          changes: {
            ...deletedChanges(tag),
            ...fieldChanges({ unassigned: { after: unassigned } }),
          },
        });
        return { unassigned };
      });
    },
    assign: (ctx, tagId, customerId) => retag(ctx, tagId, customerId, true),
    unassign: (ctx, tagId, customerId) => retag(ctx, tagId, customerId, false),
  };
}
