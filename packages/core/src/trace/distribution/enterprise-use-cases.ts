import { createdChanges, fieldChanges, updatedChanges } from "../../kernel/audit/audit-summary.js";
import { deleteAudited } from "../../kernel/audit/audited-deletion.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { invalidField, notFound, OneCodeError } from "../../kernel/errors.js";
import { paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { forgetEnterprise } from "../scans/scan-cache-keys.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { DistributionService } from "../trace-services.js";
import type { NewEnterpriseInput } from "./distribution.js";
import { checkEnterprisePatch, checkNewEnterprise } from "./enterprise-check.js";

/** The enterprise-tree part of {@link DistributionService}. */
export type EnterpriseUseCases = Pick<
  DistributionService,
  | "createEnterprise"
  | "createSibling"
  | "getEnterprise"
  | "listChildren"
  | "updateEnterprise"
  | "moveEnterprise"
  | "deleteEnterprise"
>;

/**
 * Enterprise use cases: writes need `distribution.manage`, reads `distribution.read`. Changes
 * that scans show (name, sales region, deletion) drop the enterprise's
 * cached scan entry.
 */
export function enterpriseUseCases(runtime: TraceRuntime): EnterpriseUseCases {
  const { storage, clock, ids } = runtime.ports;
  const recordAudit = auditRecorder(runtime.ports);
  const target = (id: string) => ({ type: "enterprise", id });

  const getEnterprise = async (ctx: TenantContext, id: string) => {
    requireCapability(ctx, "distribution.read");
    const enterprise = await storage.enterprises.get(ctx.tenantId, id);
    if (!enterprise) throw notFound("enterprise", id);
    return enterprise;
  };

  const insert = async (ctx: TenantContext, input: NewEnterpriseInput, parentField: string) => {
    const { parentId, fields } = checkNewEnterprise(input);
    const now = isoNow(clock);
    return storage.transaction(async (tx) => {
      const result = await tx.enterprises.insert({
        id: ids.newId("ent"),
        tenantId: ctx.tenantId,
        parentId,
        ancestorIds: [],
        ...fields,
        createdAt: now,
        updatedAt: now,
      });
      if (result.outcome === "parent_not_found") {
        throw notFound("enterprise", parentId as string, parentField);
      }
      await recordAudit(tx, ctx, {
        action: "trace.enterprise.created",
        target: target(result.enterprise.id),
        changes: createdChanges(result.enterprise),
      });
      return result.enterprise;
    });
  };

  return {
    async createEnterprise(ctx, input) {
      requireCapability(ctx, "distribution.manage");
      return insert(ctx, input, "parentId");
    },
    async createSibling(ctx, siblingId, input) {
      requireCapability(ctx, "distribution.manage");
      const sibling = await storage.enterprises.get(ctx.tenantId, siblingId);
      if (!sibling) throw notFound("enterprise", siblingId, "siblingId");
      return insert(ctx, { ...input, parentId: sibling.parentId }, "siblingId");
    },
    getEnterprise,
    async listChildren(ctx, parentId, page) {
      requireCapability(ctx, "distribution.read");
      return paginate(page, (query) =>
        storage.enterprises.listChildren(ctx.tenantId, parentId ?? null, query),
      );
    },
    async updateEnterprise(ctx, id, patch) {
      requireCapability(ctx, "distribution.manage");
      const changes = checkEnterprisePatch(patch);
      if (Object.keys(changes).length === 0) return getEnterprise(ctx, id);
      const updated = await storage.transaction(async (tx) => {
        const before = await tx.enterprises.get(ctx.tenantId, id);
        const after = await tx.enterprises.update(ctx.tenantId, id, {
          ...changes,
          updatedAt: isoNow(clock),
        });
        if (!after) throw notFound("enterprise", id);
        await recordAudit(tx, ctx, {
          action: "trace.enterprise.updated",
          target: target(id),
          changes: updatedChanges(before, after, Object.keys(changes)),
        });
        return after;
      });
      await forgetEnterprise(runtime, ctx.tenantId, id);
      return updated;
    },
    async moveEnterprise(ctx, id, newParentId) {
      requireCapability(ctx, "distribution.manage");
      if (newParentId !== null && typeof newParentId !== "string") {
        throw invalidField("newParentId", "type", "newParentId must be an enterprise id or null");
      }
      return storage.transaction(async (tx) => {
        const before = await tx.enterprises.get(ctx.tenantId, id);
        const result = await tx.enterprises.move(ctx.tenantId, id, newParentId, isoNow(clock));
        if (result.outcome === "not_found") throw notFound("enterprise", id);
        if (result.outcome === "parent_not_found") {
          throw notFound("enterprise", newParentId as string, "newParentId");
        }
        if (result.outcome === "cycle") {
          throw invalidField(
            "newParentId",
            "no_cycle",
            "newParentId must not be the enterprise itself or one of its descendants",
          );
        }
        await recordAudit(tx, ctx, {
          action: "trace.enterprise.moved",
          target: target(id),
          changes: fieldChanges({
            parentId: { before: before?.parentId ?? null, after: newParentId },
          }),
        });
        return result.enterprise;
      });
    },
    async deleteEnterprise(ctx, id) {
      requireCapability(ctx, "distribution.manage");
      const result = await deleteAudited(storage, recordAudit, ctx, {
        read: (tx) => tx.enterprises.get(ctx.tenantId, id),
        remove: (tx) => tx.enterprises.delete(ctx.tenantId, id),
        action: "trace.enterprise.deleted",
        target: target(id),
      });
      if (result.outcome === "not_found") throw notFound("enterprise", id);
      if (result.outcome === "not_empty") {
        const { childCount, heldCodeCount, documentCount } = result;
        throw new OneCodeError(
          "ENTERPRISE_NOT_EMPTY",
          `enterprise ${id} has ${childCount} child enterprise(s), holds ${heldCodeCount} code(s) and appears on ${documentCount} stock document(s)`,
          { id, childCount, heldCodeCount, documentCount },
        );
      }
      await forgetEnterprise(runtime, ctx.tenantId, id);
    },
  };
}
