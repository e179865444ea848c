import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../errors.js";
import { SYSTEM_ACTOR, type TenantContext, tenantContext } from "../tenant.js";
import {
  holdsCapability,
  listFilterFor,
  requireCapability,
  requireCapabilityAnywhere,
} from "./access-check.js";
import type { Grant } from "./actor.js";
import { CAPABILITY_NAMES } from "./capabilities.js";
import { listFilterAdmits } from "./record-scope.js";

const staff = (grants: Grant[], roles: ("admin" | "stock_operator" | "inspector")[] = []) =>
  tenantContext("acme", { id: "carol", kind: "staff", roles, grants });

function refusal(run: () => void) {
  try {
    run();
  } catch (error) {
    if (isOneCodeError(error, "FORBIDDEN")) return error;
    throw error;
  }
  throw new Error("expected FORBIDDEN");
}

describe("capability checks", () => {
  it("lets the system actor do everything and a consumer nothing", () => {
    const system = tenantContext("acme");
    const consumer = tenantContext("acme", { kind: "consumer", id: "wx-openid-1" });
    for (const capability of CAPABILITY_NAMES) {
      expect(holdsCapability(system, capability)).toBe(true);
      expect(holdsCapability(consumer, capability, { ownerId: "wx-openid-1" })).toBe(false);
    }
    const error = refusal(() => requireCapability(consumer, "catalog.read"));
    expect(error.message).toBe(
      "consumer wx-openid-1 cannot use staff operations (this one needs catalog.read)",
    );
    expect(error.details).toEqual({ actor: "wx-openid-1", capability: "catalog.read" });
    expect(() => requireCapabilityAnywhere(consumer, "orders.read")).toThrow(/orders\.read/);
    expect(() => listFilterFor(consumer, "orders.read")).toThrow(/orders\.read/);
  });

  it("gives roles their bundles and refuses the rest, naming the capability", () => {
    const inspector = tenantContext("acme", { id: "ivy", kind: "staff", roles: ["inspector"] });
    expect(() => requireCapability(inspector, "scans.read")).not.toThrow();
    const error = refusal(() => requireCapability(inspector, "codes.export"));
    expect(error.message).toBe("ivy lacks the capability codes.export");
    expect(error.details).toEqual({ actor: "ivy", capability: "codes.export" });
    const roleless = tenantContext("acme", { id: "nobody", kind: "staff" });
    expect(() => requireCapability(roleless, "catalog.read")).toThrow(/catalog\.read/);
  });

  it("checks a scoped grant against the record and refuses it tenant-wide", () => {
    const clerk = staff([{ capability: "orders.verify", scope: { stores: ["s1", "s2"] } }]);
    expect(holdsCapability(clerk, "orders.verify", { storeId: "s1" })).toBe(true);
    expect(holdsCapability(clerk, "orders.verify", { storeId: "s3" })).toBe(false);
    expect(holdsCapability(clerk, "orders.verify", { enterpriseId: "e1" })).toBe(false);
    expect(holdsCapability(clerk, "orders.verify")).toBe(false);
    expect(holdsCapability(clerk, "orders.ship", { storeId: "s1" })).toBe(false);
    expect(() => requireCapabilityAnywhere(clerk, "orders.verify")).not.toThrow();
    expect(() => requireCapabilityAnywhere(clerk, "orders.ship")).toThrow(/orders\.ship/);
    const error = refusal(() => requireCapability(clerk, "orders.verify", { storeId: "s3" }));
    expect(error.message).toBe("carol lacks the capability orders.verify on store s3");
    expect(error.details).toEqual({
      actor: "carol",
      capability: "orders.verify",
      target: { storeId: "s3" },
    });
  });

  it("needs every dimension of one scope to match, and any one grant to reach", () => {
    const ctx = staff([
      { capability: "orders.ship", scope: { stores: ["s1"], own: true } },
      { capability: "orders.ship", scope: { enterprises: ["e9"] } },
    ]);
    expect(holdsCapability(ctx, "orders.ship", { storeId: "s1", ownerId: "carol" })).toBe(true);
    expect(holdsCapability(ctx, "orders.ship", { storeId: "s1", ownerId: "dave" })).toBe(false);
    expect(holdsCapability(ctx, "orders.ship", { storeId: "s2", ownerId: "carol" })).toBe(false);
    expect(holdsCapability(ctx, "orders.ship", { enterpriseId: "e9" })).toBe(true);
  });

  it("lets an unscoped grant or role cover every record", () => {
    const ctx = staff(
      [{ capability: "orders.refund" }, { capability: "orders.refund", scope: { own: true } }],
      ["inspector"],
    );
    expect(holdsCapability(ctx, "orders.refund")).toBe(true);
    expect(listFilterFor(ctx, "orders.refund")).toEqual({ all: true });
    expect(listFilterFor(ctx, "catalog.read")).toEqual({ all: true });
  });

  it("scopes a role grant, on top of the role's own scopes", () => {
    const ctx = staff([{ role: "stock_operator", scope: { enterprises: ["e1", "e2"] } }]);
    expect(holdsCapability(ctx, "catalog.read", { enterpriseId: "e1" })).toBe(true);
    expect(holdsCapability(ctx, "catalog.read")).toBe(false);
    // stock.move is the operator's over their assigned enterprises, narrowed to e1 and e2.
    expect(holdsCapability(ctx, "stock.move", { enterpriseId: "e2" })).toBe(false);
    expect(holdsCapability(ctx, "stock.move", { enterpriseId: "e2" }, ["e2", "e3"])).toBe(true);
    expect(holdsCapability(ctx, "stock.move", { enterpriseId: "e3" }, ["e2", "e3"])).toBe(false);
    expect(holdsCapability(ctx, "codes.export", { enterpriseId: "e1" })).toBe(false);
  });

  it("builds list filters: everything, own records, or the union of scopes", () => {
    const inspector = tenantContext("acme", { id: "ivy", kind: "staff", roles: ["inspector"] });
    const own = listFilterFor(inspector, "inspections.read");
    expect(own).toEqual({ all: false, anyOf: [{ ownerId: "ivy" }] });
    expect(listFilterAdmits(own, { ownerId: "ivy" })).toBe(true);
    expect(listFilterAdmits(own, { ownerId: "max" })).toBe(false);
    const admin: TenantContext = tenantContext("acme", {
      id: "ann",
      kind: "staff",
      roles: ["admin"],
    });
    expect(listFilterFor(admin, "inspections.read")).toEqual({ all: true });
    expect(listFilterFor(tenantContext("acme", SYSTEM_ACTOR), "orders.read")).toEqual({
      all: true,
    });
    const clerk = staff([
      { capability: "orders.read", scope: { stores: ["s1"] } },
      { capability: "orders.read", scope: { enterprises: ["e1"], own: true } },
    ]);
    const filter = listFilterFor(clerk, "orders.read");
    expect(filter).toEqual({
      all: false,
      anyOf: [{ storeIds: ["s1"] }, { enterpriseIds: ["e1"], ownerId: "carol" }],
    });
    expect(listFilterAdmits(filter, { storeId: "s1" })).toBe(true);
    expect(listFilterAdmits(filter, { enterpriseId: "e1", ownerId: "dave" })).toBe(false);
    expect(() => listFilterFor(clerk, "orders.ship")).toThrow(/orders\.ship/);
  });
});
