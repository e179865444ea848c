import { describe, expect, it } from "vitest";
import { CAPABILITIES, CAPABILITY_NAMES, type Capability } from "./capabilities.js";
import { ROLE_CAPABILITIES, ROLE_SCOPES, ROLES } from "./roles.js";

/**
 * Capabilities no role bundles, each with why: a grant is the only way to
 * hold them. Empty today, as admins hold everything; a new grant-only
 * capability is listed here with its reason.
 */
const GRANT_ONLY: Partial<Record<Capability, string>> = {};

describe("capabilities and roles", () => {
  it("puts every capability in some role, unless it is documented as grant-only", () => {
    const bundled = new Set(ROLES.flatMap((role) => ROLE_CAPABILITIES[role]));
    const loose = CAPABILITY_NAMES.filter(
      (capability) => !bundled.has(capability) && GRANT_ONLY[capability] === undefined,
    );
    expect(loose).toEqual([]);
    for (const capability of Object.keys(GRANT_ONLY) as Capability[]) {
      expect(bundled.has(capability), `${capability} is bundled yet listed grant-only`).toBe(false);
    }
  });

  it("names capabilities <module>.<verb> and describes each one", () => {
    for (const [name, description] of Object.entries(CAPABILITIES)) {
      expect(name).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(description.length).toBeGreaterThan(10);
    }
  });

  it("bundles only known capabilities, and scopes only capabilities of the role", () => {
    for (const role of ROLES) {
      for (const capability of ROLE_CAPABILITIES[role]) {
        expect(CAPABILITY_NAMES).toContain(capability);
      }
      for (const capability of Object.keys(ROLE_SCOPES[role] ?? {}) as Capability[]) {
        expect(ROLE_CAPABILITIES[role]).toContain(capability);
      }
    }
  });

  it("keeps today's roles: admins everything, operators and inspectors reads plus their work, never codes.export", () => {
    expect(ROLE_CAPABILITIES.admin).toEqual(CAPABILITY_NAMES);
    const reads: Capability[] = [
      "catalog.read",
      "codes.read",
      "trace.read",
      "distribution.read",
      "scans.read",
      "statistics.read",
      "settings.read",
    ];
    expect(ROLE_CAPABILITIES.stock_operator).toEqual([...reads, "stock.move"]);
    expect(ROLE_CAPABILITIES.inspector).toEqual([...reads, "inspections.file", "inspections.read"]);
    expect(ROLE_SCOPES).toEqual({
      stock_operator: { "stock.move": "assigned_enterprises" },
      inspector: { "inspections.read": "own" },
    });
  });
});
