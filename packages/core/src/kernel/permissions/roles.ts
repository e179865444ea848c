import { CAPABILITY_NAMES, type Capability } from "./capabilities.js";

/**
 * Staff roles known to core: named bundles of capabilities
 * ({@link ROLE_CAPABILITIES}).
 * - `admin`: brand administrator; holds every capability.
 * - `stock_operator`: reads, and moves stock of the enterprises assigned to them.
 * - `inspector`: reads, files inspection reports and reads their own.
 */
export type Role = "admin" | "stock_operator" | "inspector";

/** Every {@link Role}. */
export const ROLES: readonly Role[] = Object.freeze(["admin", "stock_operator", "inspector"]);

/** What every staff role may read: the records of the tenant, but not the codes themselves. */
const STAFF_READS: readonly Capability[] = [
  "catalog.read",
  "codes.read",
  "trace.read",
  "distribution.read",
  "scans.read",
  "statistics.read",
  "settings.read",
];

/**
 * The capabilities each role bundles. A role that holds a capability over
 * part of the records only says so in {@link ROLE_SCOPES}.
 */
export const ROLE_CAPABILITIES: { readonly [R in Role]: readonly Capability[] } = Object.freeze({
  admin: CAPABILITY_NAMES,
  stock_operator: Object.freeze([...STAFF_READS, "stock.move"] as const),
  inspector: Object.freeze([...STAFF_READS, "inspections.file", "inspections.read"] as const),
});

/**
 * How a role limits one of its capabilities to part of the records:
 * - `assigned_enterprises`: the enterprises the member's staff record lists
 *   (`onecode.distribution` staff members), looked up when the capability
 *   is checked against a record;
 * - `own`: records the member created.
 */
export type RoleScope = "assigned_enterprises" | "own";

/** The capabilities a role holds over part of the records only; the rest of its bundle is unscoped. */
export const ROLE_SCOPES: {
  readonly [R in Role]?: { readonly [C in Capability]?: RoleScope };
} = Object.freeze({
  stock_operator: Object.freeze({ "stock.move": "assigned_enterprises" }),
  inspector: Object.freeze({ "inspections.read": "own" }),
});
