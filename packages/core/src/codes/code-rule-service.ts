import type { CorePorts } from "../core-ports.js";
import { createdChanges, updatedChanges } from "../kernel/audit/audit-summary.js";
import { deleteAudited } from "../kernel/audit/audited-deletion.js";
import { auditRecorder } from "../kernel/audit/record-audit.js";
import { isoNow } from "../kernel/clock.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import { InputCheck } from "../kernel/input-check.js";
import { paginate } from "../kernel/pagination.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { CodeRule, CodeRuleMode } from "./code-rule.js";
import {
  type CheckedRule,
  checkCustomRule,
  checkQuickRule,
  checkRulePatch,
} from "./code-rule-check.js";
import type { CodeRuleService } from "./code-services.js";
import { requireCodeSource, requireMerchant } from "./merchant-references.js";

/** Builds the code rule use cases over the given ports. */
export function codeRuleService(ports: CorePorts): CodeRuleService {
  const { storage, clock, ids } = ports;
  const recordAudit = auditRecorder(ports);
  const target = (id: string) => ({ type: "code_rule", id });

  const get = async (ctx: TenantContext, id: string) => {
    requireCapability(ctx, "codes.read");
    const rule = await storage.codeRules.get(ctx.tenantId, id);
    if (!rule) throw notFound("code rule", id);
    return rule;
  };

  const create = async (ctx: TenantContext, fields: CheckedRule, mode: CodeRuleMode) => {
    const merchant = await requireMerchant(ports, ctx, fields.merchantId);
    requireCodeSource(merchant, "platform", "Creating a code rule");
    const sequence = fields.segments.find((segment) => segment.kind === "sequence");
    const now = isoNow(clock);
    const rule: CodeRule = {
      id: ids.newId("rule"),
      tenantId: ctx.tenantId,
      merchantId: fields.merchantId,
      name: fields.name,
      mode,
      segments: fields.segments,
      length: fields.length,
      serials: fields.serials,
      enabled: true,
      sequenceNext: sequence?.kind === "sequence" ? sequence.start : null,
      createdAt: now,
      updatedAt: now,
    };
    await storage.transaction(async (tx) => {
      const result = await tx.codeRules.insert(rule);
      if (result.outcome === "merchant_not_found")
        throw notFound("merchant", fields.merchantId, "merchantId");
      await recordAudit(tx, ctx, {
        action: "codes.rule.created",
        target: target(rule.id),
        changes: createdChanges(rule),
      });
    });
    return rule;
  };

  return {
    async createQuick(ctx, input) {
      requireCapability(ctx, "codes.manage");
      return create(ctx, checkQuickRule(input), "quick");
    },
    async createCustom(ctx, input) {
      requireCapability(ctx, "codes.manage");
      return create(ctx, checkCustomRule(input), "custom");
    },
    get,
    async list(ctx, filter = {}, page) {
      requireCapability(ctx, "codes.read");
      const check = new InputCheck();
      const merchantId =
        filter.merchantId === undefined
          ? undefined
          : check.text("merchantId", filter.merchantId, { max: 64 });
      check.done();
      return paginate(page, (query) =>
        storage.codeRules.list(ctx.tenantId, merchantId === undefined ? {} : { merchantId }, query),
      );
    },
    async update(ctx, id, patch) {
      requireCapability(ctx, "codes.manage");
      const changes = checkRulePatch(patch);
      // An empty patch changes nothing, not even updatedAt.
      if (Object.keys(changes).length === 0) return get(ctx, id);
      return storage.transaction(async (tx) => {
        const before = await tx.codeRules.get(ctx.tenantId, id);
        const updated = await tx.codeRules.update(ctx.tenantId, id, {
          ...changes,
          updatedAt: isoNow(clock),
        });
        if (!updated) throw notFound("code rule", id);
        await recordAudit(tx, ctx, {
          action: "codes.rule.updated",
          target: target(id),
          changes: updatedChanges(before, updated, Object.keys(changes)),
        });
        return updated;
      });
    },
    async delete(ctx, id) {
      requireCapability(ctx, "codes.manage");
      const result = await deleteAudited(storage, recordAudit, ctx, {
        read: (tx) => tx.codeRules.get(ctx.tenantId, id),
        remove: (tx) => tx.codeRules.delete(ctx.tenantId, id),
        action: "codes.rule.deleted",
        target: target(id),
      });
      if (result.outcome === "not_found") throw notFound("code rule", id);
      if (result.outcome === "in_use") {
        throw new OneCodeError(
          "CODE_RULE_IN_USE",
          `code rule ${id} generated ${result.packageCount} package(s) and cannot be deleted; disable it instead`,
          { id, packageCount: result.packageCount },
        );
      }
    },
  };
}
