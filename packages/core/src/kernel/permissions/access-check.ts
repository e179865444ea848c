import { OneCodeError } from "../errors.js";
import type { TenantContext } from "../tenant.js";
import type { Capability } from "./capabilities.js";
import { capabilityReach } from "./effective-grants.js";
import { type AccessTarget, type ListFilter, scopeReaches } from "./record-scope.js";

/**
 * Whether the context's actor may use `capability`: on `target` when one is
 * given (a scoped grant must reach it), otherwise tenant-wide (an unscoped
 * grant is needed). The system actor holds everything; a consumer nothing.
 * `assignedEnterprises` are the enterprises of the member's staff record,
 * for role capabilities scoped to them.
 */
export function holdsCapability(
  ctx: TenantContext,
  capability: Capability,
  target?: AccessTarget,
  assignedEnterprises?: readonly string[],
): boolean {
  const reach = capabilityReach(ctx.actor, capability, assignedEnterprises);
  if (reach === "all") return true;
  if (reach === null || target === undefined) return false;
  return reach.some((scope) => scopeReaches(scope, target));
}

/**
 * Throws `FORBIDDEN` unless the actor may use `capability` (see
 * {@link holdsCapability}). Without a target the operation is tenant-wide
 * and a scoped grant does not suffice; use cases acting on one record pass
 * what the record belongs to.
 *
 * @example
 * ```ts
 * requireCapability(ctx, "orders.ship", { storeId: order.storeId, ownerId: order.createdBy });
 * ```
 */
export function requireCapability(
  ctx: TenantContext,
  capability: Capability,
  target?: AccessTarget,
  assignedEnterprises?: readonly string[],
): void {
  if (!holdsCapability(ctx, capability, target, assignedEnterprises)) {
    throw forbidden(ctx, capability, target);
  }
}

/**
 * Throws `FORBIDDEN` unless the actor holds `capability` over some records:
 * the first gate of a use case that then checks its record with
 * {@link requireCapability}, so callers who may never do it are refused
 * before their input is judged.
 */
export function requireCapabilityAnywhere(ctx: TenantContext, capability: Capability): void {
  if (capabilityReach(ctx.actor, capability) === null) throw forbidden(ctx, capability);
}

/**
 * What a list of records needing `capability` may show the actor: all of
 * them, or those in one of its scopes (an `own` grant gives the records it
 * owns). Throws `FORBIDDEN` when the actor holds the capability nowhere.
 */
export function listFilterFor(
  ctx: TenantContext,
  capability: Capability,
  assignedEnterprises?: readonly string[],
): ListFilter {
  const reach = capabilityReach(ctx.actor, capability, assignedEnterprises);
  if (reach === null) throw forbidden(ctx, capability);
  return reach === "all" ? { all: true } : { all: false, anyOf: reach };
}

/** The `FORBIDDEN` error of a missing capability; names the record's ids, never its content. */
export function forbidden(
  ctx: TenantContext,
  capability: Capability,
  target?: AccessTarget,
): OneCodeError<"FORBIDDEN"> {
  const { actor } = ctx;
  const on = target === undefined ? "" : ` on ${describeTarget(target)}`;
  const message =
    actor.kind === "consumer"
      ? `consumer ${actor.id} cannot use staff operations (this one needs ${capability})`
      : `${actor.id} lacks the capability ${capability}${on}`;
  return new OneCodeError("FORBIDDEN", message, {
    actor: actor.id,
    capability,
    ...(target !== undefined && { target }),
  });
}

function describeTarget(target: AccessTarget): string {
  const parts = [
    target.enterpriseId != null && `enterprise ${target.enterpriseId}`,
    target.storeId != null && `store ${target.storeId}`,
    target.ownerId != null && `a record of ${target.ownerId}`,
  ].filter((part): part is string => typeof part === "string");
  return parts.length > 0 ? parts.join(", ") : "a record outside every scope it holds";
}
