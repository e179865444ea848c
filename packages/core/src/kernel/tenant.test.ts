import { describe, expect, it } from "vitest";
import { isOneCodeError } from "./errors.js";
import { requireRole, requireStaff, SYSTEM_ACTOR, tenantContext } from "./tenant.js";

describe("tenant context", () => {
  it("accepts well-formed tenant ids and defaults to the system actor", () => {
    expect(tenantContext("acme-tea_01")).toEqual({ tenantId: "acme-tea_01", actor: SYSTEM_ACTOR });
  });

  it("refuses malformed tenant ids with a validation error on tenantId", () => {
    for (const bad of ["", "-leading", "has space", "x".repeat(65), "a/b"]) {
      try {
        tenantContext(bad);
        expect.unreachable();
      } catch (error) {
        expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
        expect(String((error as Error).message)).toContain("tenantId");
      }
    }
  });

  it("requires one of the listed roles", () => {
    const operator = tenantContext("acme", { id: "bob", kind: "staff", roles: ["stock_operator"] });
    expect(() => requireRole(operator, "stock_operator", "admin")).not.toThrow();
    try {
      requireRole(operator, "admin");
      expect.unreachable();
    } catch (error) {
      expect(isOneCodeError(error, "FORBIDDEN")).toBe(true);
      expect((error as { details: unknown }).details).toEqual({
        required: ["admin"],
        actor: "bob",
      });
    }
  });

  it("keeps requireRole for roles, also given as unscoped role grants, and lets the system pass", () => {
    const granted = tenantContext("acme", {
      id: "gus",
      kind: "staff",
      grants: [{ role: "admin" }],
    });
    expect(() => requireRole(granted, "admin")).not.toThrow();
    const scoped = tenantContext("acme", {
      id: "sam",
      kind: "staff",
      grants: [{ role: "admin", scope: { stores: ["s1"] } }],
    });
    expect(() => requireRole(scoped, "admin")).toThrow(/admin/);
    expect(() => requireRole(tenantContext("acme"), "inspector")).not.toThrow();
    const consumer = tenantContext("acme", { id: "c1", kind: "consumer" });
    expect(() => requireRole(consumer, "admin", "inspector")).toThrow(/admin, inspector/);
    expect(() => requireStaff(consumer)).toThrow(/admin, stock_operator, inspector/);
    expect(() => requireStaff(granted)).not.toThrow();
  });

  it("refuses malformed actors, naming every broken rule", () => {
    try {
      tenantContext("acme", {
        id: "",
        kind: "staff",
        roles: ["owner" as never],
        grants: [
          { capability: "codes.steal" as never },
          { role: "admin", scope: {} },
          { capability: "orders.ship", role: "admin" } as never,
          { capability: "orders.ship", scope: { stores: [1 as never], own: false as never } },
        ],
      });
      expect.unreachable();
    } catch (error) {
      expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
      const issues = (error as { details: { issues: { field: string; rule: string }[] } }).details
        .issues;
      expect(issues.map(({ field, rule }) => `${field}:${rule}`)).toEqual([
        "actor.id:required",
        "actor.roles[0]:one_of",
        "actor.grants[0].capability:one_of",
        "actor.grants[1].scope:scope_empty",
        "actor.grants[2]:one_of",
        "actor.grants[3].scope.stores:type",
        "actor.grants[3].scope.own:type",
      ]);
    }
    expect(() => tenantContext("acme", { id: "x", kind: "robot" } as never)).toThrow(/actor\.kind/);
  });
});
