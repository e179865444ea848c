import { describe, expect, it } from "vitest";
import { createTraceApp, expectStatus } from "./support/trace-fixtures.js";

describe("tenant settings routes", () => {
  it("reads the defaults, lets an admin change what it sends, and lets any staff read", async () => {
    const app = createTraceApp();
    expect(expectStatus(await app.call("GET", "/v1/tenant-settings"), 200).json).toEqual({
      tenantId: "acme",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
      updatedAt: null,
    });
    const changed = await app.call("PATCH", "/v1/tenant-settings", {
      body: { timeZone: "Europe/Berlin" },
    });
    expect(expectStatus(changed, 200).json).toMatchObject({
      timeZone: "Europe/Berlin",
      currency: "CNY",
    });
    const read = await app.call("GET", "/v1/tenant-settings", { token: "acme-inspector" });
    expect(read.json).toEqual(changed.json);
    const forbidden = await app.call("PATCH", "/v1/tenant-settings", {
      token: "acme-inspector",
      body: { currency: "USD" },
    });
    expect(forbidden.status).toBe(403);
    expect(
      (await app.call("GET", "/v1/tenant-settings", { token: "globex-admin" })).json,
    ).toMatchObject({ tenantId: "globex", timeZone: "Asia/Shanghai" });
  });

  it("answers 400 naming timeZone and currency with their rules", async () => {
    const app = createTraceApp();
    const invalid = await app.call("PATCH", "/v1/tenant-settings", {
      body: { timeZone: "Mars/Olympus", currency: "usd" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors).toEqual([
      expect.objectContaining({ field: "timeZone", rule: "time_zone" }),
      expect.objectContaining({ field: "currency", rule: "currency" }),
    ]);
  });
});
