import type { Actor, GrantScope, StaffActor } from "./actor.js";
import type { Capability } from "./capabilities.js";
import { narrowScope, type RecordScope } from "./record-scope.js";
import { ROLE_CAPABILITIES, ROLE_SCOPES, type Role, type RoleScope } from "./roles.js";

/**
 * Where an actor holds a capability: `"all"` (unscoped), the scopes it
 * holds it over, or `null` when it holds it nowhere. `assignedEnterprises`
 * are the enterprises of the member's staff record, for role capabilities
 * scoped to them; unknown, those reach no enterprise.
 */
export function capabilityReach(
  actor: Actor,
  capability: Capability,
  assignedEnterprises?: readonly string[],
): "all" | readonly RecordScope[] | null {
  if (actor.kind === "system") return "all";
  if (actor.kind !== "staff") return null;
  const scopes: RecordScope[] = [];
  const add = (scope: RecordScope | undefined): boolean => {
    if (scope === undefined) return true;
    scopes.push(scope);
    return false;
  };
  for (const role of actor.roles ?? []) {
    if (holdsByRole(role, capability)) {
      if (add(roleScope(actor, role, capability, assignedEnterprises))) return "all";
    }
  }
  for (const grant of actor.grants ?? []) {
    const granted = "role" in grant ? grant.role : null;
    const matches =
      "role" in grant ? holdsByRole(grant.role, capability) : grant.capability === capability;
    if (!matches) continue;
    const own = grant.scope === undefined ? undefined : recordScope(actor, grant.scope);
    const fromRole =
      granted === null ? undefined : roleScope(actor, granted, capability, assignedEnterprises);
    const scope =
      own === undefined ? fromRole : fromRole === undefined ? own : narrowScope(own, fromRole);
    if (add(scope)) return "all";
  }
  return scopes.length > 0 ? scopes : null;
}

/** Whether the actor's hold on `capability` depends on the enterprises its staff record assigns. */
export function dependsOnAssignments(actor: Actor, capability: Capability): boolean {
  if (actor.kind !== "staff") return false;
  const roles = [
    ...(actor.roles ?? []),
    ...(actor.grants ?? []).flatMap((grant) => ("role" in grant ? [grant.role] : [])),
  ];
  return roles.some((role) => ROLE_SCOPES[role]?.[capability] === "assigned_enterprises");
}

function holdsByRole(role: Role, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role]?.includes(capability) ?? false;
}

function roleScope(
  actor: StaffActor,
  role: Role,
  capability: Capability,
  assignedEnterprises: readonly string[] | undefined,
): RecordScope | undefined {
  const scope: RoleScope | undefined = ROLE_SCOPES[role]?.[capability];
  if (scope === "own") return { ownerId: actor.id };
  if (scope === "assigned_enterprises") return { enterpriseIds: assignedEnterprises ?? [] };
  return undefined;
}

function recordScope(actor: StaffActor, scope: GrantScope): RecordScope {
  return {
    ...(scope.enterprises !== undefined && { enterpriseIds: scope.enterprises }),
    ...(scope.stores !== undefined && { storeIds: scope.stores }),
    ...(scope.own === true && { ownerId: actor.id }),
  };
}
