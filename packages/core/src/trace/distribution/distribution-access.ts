import { OneCodeError } from "../../kernel/errors.js";
import {
  holdsCapability,
  requireCapabilityAnywhere,
} from "../../kernel/permissions/access-check.js";
import type { Capability } from "../../kernel/permissions/capabilities.js";
import { dependsOnAssignments } from "../../kernel/permissions/effective-grants.js";
import type { AccessTarget } from "../../kernel/permissions/record-scope.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { StockDocument } from "./distribution.js";

/**
 * The enterprise whose operators work a document: the issuer, or for an
 * inbound-only document the receiver.
 */
export function responsibleEnterprise(
  document: Pick<StockDocument, "outboundType" | "fromEnterpriseId" | "toEnterpriseId">,
): string | null {
  return document.outboundType !== null ? document.fromEnterpriseId : document.toEnterpriseId;
}

/**
 * Throws `FORBIDDEN` unless the actor may use `capability` on `target`.
 * Role capabilities scoped to `assigned_enterprises` (a stock operator's
 * `stock.move`) reach the enterprises the member's staff record lists: the
 * record, looked up by the actor id, stays the one source of those
 * assignments, and is read only when the check depends on it.
 */
export async function requireAssignedCapability(
  storage: Pick<StorageRepositories, "staff">,
  ctx: TenantContext,
  capability: Capability,
  target: AccessTarget,
): Promise<void> {
  requireCapabilityAnywhere(ctx, capability);
  if (holdsCapability(ctx, capability, target)) return;
  const assigned = dependsOnAssignments(ctx.actor, capability)
    ? ((await storage.staff.get(ctx.tenantId, ctx.actor.id))?.enterpriseIds ?? [])
    : [];
  if (holdsCapability(ctx, capability, target, assigned)) return;
  const enterpriseId = target.enterpriseId ?? null;
  throw new OneCodeError(
    "FORBIDDEN",
    `${ctx.actor.id} may not use ${capability} on enterprise ${enterpriseId ?? "(none)"}: it is not among the enterprises assigned or granted to them`,
    { actor: ctx.actor.id, capability, target, enterpriseId, assigned },
  );
}

/**
 * Throws `FORBIDDEN` unless the actor may move stock of the document's
 * {@link responsibleEnterprise}: admins any, stock operators those assigned
 * to them, grants of `stock.move` the enterprises they list.
 */
export function requireStockAccess(
  storage: Pick<StorageRepositories, "staff">,
  ctx: TenantContext,
  document: Pick<StockDocument, "outboundType" | "fromEnterpriseId" | "toEnterpriseId">,
): Promise<void> {
  return requireAssignedCapability(storage, ctx, "stock.move", {
    enterpriseId: responsibleEnterprise(document),
  });
}
