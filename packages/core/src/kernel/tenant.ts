import { invalidField, OneCodeError } from "./errors.js";

/**
 * Staff roles known to core.
 * - `admin`: brand administrator; manages merchants, products and settings.
 * - `stock_operator`: moves stock, limited to the enterprises assigned to them.
 * - `inspector`: field inspector; scans and files inspection reports.
 */
export type Role = "admin" | "stock_operator" | "inspector";

/** Who is acting: a staff member of the tenant or the system itself (schedulers, jobs). */
export interface Actor {
  /** Stable id of the staff member or system component, recorded in audit trails. */
  readonly id: string;
  readonly kind: "staff" | "system";
  readonly roles: readonly Role[];
}

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

/** The system actor: used by schedulers and background jobs. Holds every role. */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  id: "system",
  kind: "system",
  roles: Object.freeze(["admin", "stock_operator", "inspector"] as const),
});

/**
 * Builds a {@link TenantContext}, checking the tenant id (1-64 of letters,
 * digits, `_` and `-`, not starting with a separator).
 *
 * @example
 * ```ts
 * const ctx = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
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
  return Object.freeze({ tenantId, actor });
}

/** Throws `FORBIDDEN` unless the actor holds at least one of `roles`. */
export function requireRole(ctx: TenantContext, ...roles: Role[]): void {
  if (!roles.some((role) => ctx.actor.roles.includes(role))) {
    throw new OneCodeError(
      "FORBIDDEN",
      `This operation needs one of the roles: ${roles.join(", ")}`,
      {
        required: roles,
        actor: ctx.actor.id,
      },
    );
  }
}

/** Throws `FORBIDDEN` unless the actor holds some staff role: what reads of tenant records need. */
export function requireStaff(ctx: TenantContext): void {
  requireRole(ctx, "admin", "stock_operator", "inspector");
}
