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
      const result = await storage.staff.insert(member);
      if (result.outcome === "login_taken") throw loginTaken(fields.loginName);
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
      const result = await storage.staff.update(ctx.tenantId, member);
      if (result.outcome === "not_found") throw notFound("staff member", id);
      if (result.outcome === "login_taken") throw loginTaken(fields.loginName);
      return member;
    },
    async deleteStaff(ctx, id) {
      requireCapability(ctx, "staff.manage");
      if (!(await storage.staff.delete(ctx.tenantId, id))) throw notFound("staff member", id);
    },
  };
}
