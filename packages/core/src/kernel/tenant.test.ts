import { describe, expect, it } from "vitest";
import { isOneCodeError } from "./errors.js";
import { requireRole, SYSTEM_ACTOR, tenantContext } from "./tenant.js";

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
});
