import { invalidField, OneCodeError } from "./errors.js";
import type { Actor, SystemActor } from "./permissions/actor.js";
import { checkActor } from "./permissions/actor-check.js";
import type { Role } from "./permissions/roles.js";

export type {
  Actor,
  ConsumerActor,
  Grant,
  GrantScope,
  StaffActor,
  SystemActor,
} from "./permissions/actor.js";
export type { Role } from "./permissions/roles.js";

/**
 * The tenant and actor of one call. Every use case takes it first and every
 * repository call is scoped by `tenantId`, so no call can reach another
 * tenant's records.
 */
export interface TenantContext {
  readonly tenantId: string;
  readonly actor: Actor;
}

const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The system actor: used by schedulers and background jobs. Holds every capability. */
export const SYSTEM_ACTOR: SystemActor = Object.freeze({
  id: "system",
  kind: "system",
  roles: Object.freeze(["admin", "stock_operator", "inspector"] as const),
});

/**
 * Builds a {@link TenantContext}, checking the tenant id (1-64 of letters,
 * digits, `_` and `-`, not starting with a separator) and the actor (a known
 * kind, an id, known roles and well-formed grants).
 *
 * @example
 * ```ts
 * const ctx = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
 * const clerk = tenantContext("acme", {
 *   id: "carol",
 *   kind: "staff",
 *   grants: [{ capability: "orders.verify", scope: { stores: ["store-7"] } }],
 * });
 * ```
 */
export function tenantContext(tenantId: string, actor: Actor = SYSTEM_ACTOR): TenantContext {
  if (typeof tenantId !== "string" || !TENANT_PATTERN.test(tenantId)) {
    throw invalidField(
      "tenantId",
      "tenant_id_format",
      "tenantId must be 1-64 letters, digits, '_' or '-', starting with a letter or digit",
    );
  }
  if (actor !== SYSTEM_ACTOR) checkActor(actor);
  return Object.freeze({ tenantId, actor });
}

/**
 * Throws `FORBIDDEN` unless the actor holds at least one of `roles` (as a
 * role or an unscoped role grant); the system actor holds every role.
 * Prefer `requireCapability`: roles are bundles, capabilities say what an
 * operation needs.
 */
export function requireRole(ctx: TenantContext, ...roles: Role[]): void {
  const { actor } = ctx;
  if (actor.kind === "system") return;
  const held =
    actor.kind === "staff"
      ? [
          ...(actor.roles ?? []),
          ...(actor.grants ?? []).flatMap((grant) =>
            "role" in grant && grant.scope === undefined ? [grant.role] : [],
          ),
        ]
      : [];
  if (!roles.some((role) => held.includes(role))) {
    throw new OneCodeError(
      "FORBIDDEN",
      `This operation needs one of the roles: ${roles.join(", ")}`,
      { required: roles, actor: actor.id },
    );
  }
}

/**
 * Throws `FORBIDDEN` unless the actor holds some staff role (or is the
 * system). Kept for code written against roles; new code names the
 * capability it reads with `requireCapability` (e.g. `trace.read`).
 */
export function requireStaff(ctx: TenantContext): void {
  requireRole(ctx, "admin", "stock_operator", "inspector");
}
