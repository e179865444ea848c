import type { Capability } from "./capabilities.js";
import type { Role } from "./roles.js";

/**
 * The records a grant reaches. Each listed dimension must match the
 * record: `{ stores: ["s1"], own: true }` reaches the records of store
 * `s1` the member created. An empty list reaches nothing; a grant without
 * a scope reaches every record of the tenant.
 */
export interface GrantScope {
  /** Records of these enterprises (distributors, stores' owners, ...). */
  readonly enterprises?: readonly string[];
  /** Records of these stores. */
  readonly stores?: readonly string[];
  /** Only records the member created or owns. */
  readonly own?: true;
}

/**
 * A capability, or every capability of a role, given to one staff member,
 * optionally limited to some records.
 *
 * @example
 * ```ts
 * const grants: Grant[] = [
 *   { capability: "orders.verify", scope: { stores: ["store-7"] } },
 *   { role: "inspector" },
 * ];
 * ```
 */
export type Grant =
  | { readonly capability: Capability; readonly scope?: GrantScope }
  | { readonly role: Role; readonly scope?: GrantScope };

/**
 * A staff member of the tenant. `roles` are unscoped bundles (with the
 * scopes of `ROLE_SCOPES`); `grants` add capabilities or roles, optionally
 * scoped to records.
 */
export interface StaffActor {
  readonly kind: "staff";
  /** Stable id of the staff member, recorded in audit trails. */
  readonly id: string;
  readonly roles?: readonly Role[];
  readonly grants?: readonly Grant[];
}

/**
 * A consumer: an opaque account id from the host's authentication, for the
 * public operations that need one (a draw, a coupon claim). A consumer
 * never passes a staff check.
 */
export interface ConsumerActor {
  readonly kind: "consumer";
  /** The host's account id of the consumer. */
  readonly id: string;
}

/** The system itself (schedulers, jobs): holds every capability. */
export interface SystemActor {
  readonly kind: "system";
  /** Id of the system component, recorded in audit trails. */
  readonly id: string;
  /** Ignored: the system holds every capability. Kept so actors written with roles still compile. */
  readonly roles?: readonly Role[];
}

/** Who is acting: a staff member of the tenant, a consumer, or the system itself. */
export type Actor = StaffActor | ConsumerActor | SystemActor;
