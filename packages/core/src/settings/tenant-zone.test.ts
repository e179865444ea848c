import { describe, expect, it } from "vitest";
import { createOneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { tenantContext } from "../kernel/tenant.js";
import { distributionTestKit } from "../trace/distribution/distribution-test-kit.js";

async function collectText(chunks: AsyncIterable<string>) {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts.join("");
}

describe("the tenant's time zone in use", () => {
  it("dates EPCIS events with the tenant's zone once it set one, the default before", async () => {
    const kit = await distributionTestKit();
    const { pkg } = await kit.makePackage({ quantity: 1 });
    const batch = await kit.makeBatch([pkg.id]);
    const exported = async () =>
      collectText(kit.onecode.traceBatches.exportEpcis(kit.admin, batch.id));
    expect(await exported()).toContain('"eventTimeZoneOffset":"+08:00"');
    await kit.onecode.tenantSettings.update(kit.admin, { timeZone: "America/New_York" });
    const text = await exported();
    expect(text).toContain('"eventTimeZoneOffset":"-04:00"');
    expect(text).not.toContain("+08:00");
  });

  it("counts statistics periods in the tenant's zone when a query names none", async () => {
    const clock = new ManualClock("2026-05-01T08:00:00Z");
    const onecode = createOneCode({ clock });
    const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
    const other = tenantContext("globex", { id: "bob", kind: "staff", roles: ["admin"] });
    await onecode.tenantSettings.update(admin, { timeZone: "Europe/Berlin" });
    const range = { from: "2026-05-01", to: "2026-05-01" };
    expect(await onecode.statistics.scans(admin, range)).toMatchObject({
      timeZone: "Europe/Berlin",
      from: "2026-04-30T22:00:00.000Z",
    });
    expect(await onecode.statistics.scans(other, range)).toMatchObject({
      timeZone: "Asia/Shanghai",
    });
  });

  it("falls back to the deployment's codes.timeZone for a tenant that set none", async () => {
    const onecode = createOneCode({ codes: { timeZone: "UTC" } });
    const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
    expect((await onecode.tenantSettings.get(admin)).timeZone).toBe("UTC");
  });
});
