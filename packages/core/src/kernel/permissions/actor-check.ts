import { InputCheck } from "../input-check.js";
import type { Actor } from "./actor.js";
import { isCapability } from "./capabilities.js";
import { ROLES } from "./roles.js";

const KINDS = ["staff", "consumer", "system"];

/**
 * Checks an actor a host built: its kind and id, known roles, and grants
 * naming one known capability or role with a scope that limits something.
 * Throws `VALIDATION_FAILED` naming every broken rule (`actor.grants[0].capability`, ...).
 */
export function checkActor(actor: unknown): asserts actor is Actor {
  const check = new InputCheck();
  if (typeof actor !== "object" || actor === null) {
    check.fail("actor", "type", "actor must be an object with kind and id");
    check.done();
    return;
  }
  const { kind, id, roles, grants } = actor as Record<string, unknown>;
  if (typeof kind !== "string" || !KINDS.includes(kind)) {
    check.fail("actor.kind", "one_of", `actor.kind must be one of: ${KINDS.join(", ")}`);
  }
  if (typeof id !== "string" || id === "") {
    check.fail("actor.id", "required", "actor.id must be a non-empty string");
  }
  if (kind !== "consumer" && roles !== undefined) checkRoles("actor.roles", roles, check);
  if (kind === "staff" && grants !== undefined) checkGrants(grants, check);
  check.done();
}

function checkRoles(field: string, roles: unknown, check: InputCheck): void {
  if (!Array.isArray(roles)) {
    check.fail(field, "type", `${field} must be an array of roles`);
    return;
  }
  roles.forEach((role, index) => {
    if (!ROLES.includes(role)) {
      check.fail(
        `${field}[${index}]`,
        "one_of",
        `${field}[${index}] must be one of: ${ROLES.join(", ")}`,
      );
    }
  });
}

function checkGrants(grants: unknown, check: InputCheck): void {
  if (!Array.isArray(grants)) {
    check.fail("actor.grants", "type", "actor.grants must be an array of grants");
    return;
  }
  grants.forEach((grant: unknown, index) => {
    const field = `actor.grants[${index}]`;
    if (typeof grant !== "object" || grant === null) {
      check.fail(field, "type", `${field} must be an object`);
      return;
    }
    const { capability, role, scope } = grant as Record<string, unknown>;
    if ((capability === undefined) === (role === undefined)) {
      check.fail(field, "one_of", `${field} must name either a capability or a role`);
    } else if (capability !== undefined && !isCapability(capability)) {
      check.fail(`${field}.capability`, "one_of", `${field}.capability is not a known capability`);
    } else if (role !== undefined && !ROLES.includes(role as never)) {
      check.fail(`${field}.role`, "one_of", `${field}.role must be one of: ${ROLES.join(", ")}`);
    }
    if (scope !== undefined) checkScope(`${field}.scope`, scope, check);
  });
}

function checkScope(field: string, scope: unknown, check: InputCheck): void {
  if (typeof scope !== "object" || scope === null) {
    check.fail(field, "type", `${field} must be an object`);
    return;
  }
  const { enterprises, stores, own } = scope as Record<string, unknown>;
  for (const [name, list] of [
    ["enterprises", enterprises],
    ["stores", stores],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((value) => typeof value === "string" && value !== "")) {
      check.fail(`${field}.${name}`, "type", `${field}.${name} must be an array of ids`);
    }
  }
  if (own !== undefined && own !== true) {
    check.fail(`${field}.own`, "type", `${field}.own must be true when given`);
  }
  if (enterprises === undefined && stores === undefined && own === undefined) {
    // A scope limiting nothing would read as "everything" to one reader and "nothing" to another.
    check.fail(
      field,
      "scope_empty",
      `${field} must limit enterprises, stores or own; omit it for every record`,
    );
  }
}
