import { createOneCode, type OneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { seededRandom } from "../kernel/random.js";
import { type Role, type TenantContext, tenantContext } from "../kernel/tenant.js";

/** A deterministic OneCode on memory ports plus staff contexts, for use-case tests. */
export function catalogTestKit(): {
  onecode: OneCode;
  clock: ManualClock;
  staff: (tenantId: string, ...roles: Role[]) => TenantContext;
  admin: TenantContext;
} {
  const clock = new ManualClock("2026-05-01T08:00:00Z");
  const onecode = createOneCode({ clock, random: seededRandom("catalog-tests") });
  const staff = (tenantId: string, ...roles: Role[]) =>
    tenantContext(tenantId, { id: `${tenantId}-staff`, kind: "staff", roles });
  return { onecode, clock, staff, admin: staff("acme", "admin") };
}

/** Extracts `[field, rule]` pairs from a VALIDATION_FAILED error. */
export function issuesOf(error: unknown): Array<[string, string]> {
  const issues =
    (error as { details?: { issues?: Array<{ field: string; rule: string }> } }).details?.issues ??
    [];
  return issues.map((issue) => [issue.field, issue.rule]);
}
