import {
  createdChanges,
  deletedChanges,
  updatedChanges,
} from "../../kernel/audit/audit-summary.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import { paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { DistributionService } from "../trace-services.js";
import type { StaffInput, StaffMember } from "./distribution.js";
import { checkStaff, type StaffFields } from "./staff-check.js";

/** The staff part of {@link DistributionService}. */
export type StaffUseCases = Pick<
  DistributionService,
  "createStaff" | "getStaff" | "listStaff" | "updateStaff" | "deleteStaff"
>;

function loginTaken(loginName: string): OneCodeError<"LOGIN_NAME_TAKEN"> {
  return new OneCodeError(
    "LOGIN_NAME_TAKEN",
    `loginName ${loginName} is used by another staff member of the tenant`,
    { field: "loginName", loginName },
  );
}

/** Staff use cases (the brand's staff app users); every one needs `staff.manage`. */
export function staffUseCases(runtime: TraceRuntime): StaffUseCases {
  const { storage, clock, ids } = runtime.ports;
  const recordAudit = auditRecorder(runtime.ports);
  const target = (id: string) => ({ type: "staff_member", id });

  const getStaff = async (ctx: TenantContext, id: string) => {
    requireCapability(ctx, "staff.manage");
    const member = await storage.staff.get(ctx.tenantId, id);
    if (!member) throw notFound("staff member", id);
    return member;
  };

  /** Assigned enterprises must exist in the tenant. */
  const requireEnterprises = async (ctx: TenantContext, fields: StaffFields) => {
    const found = await Promise.all(
      fields.enterpriseIds.map((id) => storage.enterprises.get(ctx.tenantId, id)),
    );
    const missing = found.indexOf(null);
    if (missing >= 0) {
      throw notFound(
        "enterprise",
        fields.enterpriseIds[missing] as string,
        `enterpriseIds.${missing}`,
      );
    }
  };

  return {
    async createStaff(ctx, input) {
      requireCapability(ctx, "staff.manage");
      const fields = checkStaff(input);
      await requireEnterprises(ctx, fields);
      const now = isoNow(clock);
      const member: StaffMember = {
        id: ids.newId("stf"),
        tenantId: ctx.tenantId,
        ...fields,
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        const result = await tx.staff.insert(member);
        if (result.outcome === "login_taken") throw loginTaken(fields.loginName);
        await recordAudit(tx, ctx, {
          action: "trace.staff.created",
          target: target(member.id),
          changes: createdChanges(member),
        });
      });
      return member;
    },
    getStaff,
    async listStaff(ctx, page) {
      requireCapability(ctx, "staff.manage");
      return paginate(page, (query) => storage.staff.list(ctx.tenantId, query));
    },
    async updateStaff(ctx, id, input) {
      const current = await getStaff(ctx, id);
      const merged: StaffInput = {
        loginName: input?.loginName ?? current.loginName,
        displayName: input?.displayName ?? current.displayName,
        roles: input?.roles ?? current.roles,
        enterpriseIds: input?.enterpriseIds ?? current.enterpriseIds,
      };
      const fields = checkStaff(merged);
      await requireEnterprises(ctx, fields);
      const member: StaffMember = { ...current, ...fields, updatedAt: isoNow(clock) };
      await storage.transaction(async (tx) => {
        const result = await tx.staff.update(ctx.tenantId, member);
        if (result.outcome === "not_found") throw notFound("staff member", id);
        if (result.outcome === "login_taken") throw loginTaken(fields.loginName);
        await recordAudit(tx, ctx, {
          action: "trace.staff.updated",
          target: target(id),
          changes: updatedChanges(current, member),
        });
      });
      return member;
    },
    async deleteStaff(ctx, id) {
      requireCapability(ctx, "staff.manage");
      await storage.transaction(async (tx) => {
        const current = await tx.staff.get(ctx.tenantId, id);
        if (!current || !(await tx.staff.delete(ctx.tenantId, id))) {
          throw notFound("staff member", id);
        }
        await recordAudit(tx, ctx, {
          action: "trace.staff.deleted",
          target: target(id),
          changes: deletedChanges(current),
        });
      });
    },
  };
}
