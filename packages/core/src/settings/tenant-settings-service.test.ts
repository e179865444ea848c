import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { createOneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { isOneCodeError } from "../kernel/errors.js";
import { tenantContext } from "../kernel/tenant.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const inspector = tenantContext("acme", { id: "ivan", kind: "staff", roles: ["inspector"] });

function setup() {
  const clock = new ManualClock("2026-05-01T00:00:00.000Z");
  return { onecode: createOneCode({ clock }), clock };
}

describe("tenant settings (租户设置)", () => {
  it("gives a tenant that never set them Asia/Shanghai and CNY", async () => {
    const { onecode } = setup();
    expect(await onecode.tenantSettings.get(inspector)).toEqual({
      tenantId: "acme",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
      updatedAt: null,
    });
  });

  it("lets an admin change the zone and currency, keeping what the patch leaves out", async () => {
    const { onecode, clock } = setup();
    await onecode.tenantSettings.update(admin, { timeZone: "Europe/Berlin" });
    clock.advance(1000);
    const updated = await onecode.tenantSettings.update(admin, { currency: "EUR" });
    expect(updated).toEqual({
      tenantId: "acme",
      timeZone: "Europe/Berlin",
      currency: "EUR",
      updatedAt: "2026-05-01T00:00:01.000Z",
    });
    expect(await onecode.as(inspector).tenantSettings.get()).toEqual(updated);
    expect((await onecode.tenantSettings.get(tenantContext("other"))).timeZone).toBe(
      "Asia/Shanghai",
    );
  });

  it("names timeZone and currency and their rules for bad values, changing nothing", async () => {
    const { onecode } = setup();
    const error = await onecode.tenantSettings
      .update(admin, { timeZone: "Mars/Olympus", currency: "yuan" })
      .catch((caught: unknown) => caught);
    expect(issuesOf(error)).toEqual([
      ["timeZone", "time_zone"],
      ["currency", "currency"],
    ]);
    expect((await onecode.tenantSettings.get(admin)).updatedAt).toBeNull();
  });

  it("lets only admins change the settings", async () => {
    const { onecode } = setup();
    const error = await onecode.tenantSettings
      .update(inspector, { currency: "USD" })
      .catch((caught: unknown) => caught);
    expect(isOneCodeError(error, "FORBIDDEN")).toBe(true);
  });
});
