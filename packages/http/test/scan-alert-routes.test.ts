import { describe, expect, it } from "vitest";
import { scanResultSchema } from "../src/schemas/scan-schemas.js";
import type { TestApp } from "./support/test-app.js";
import {
  activeSinglePackage,
  createTraceApp,
  expectStatus,
  publicScan,
} from "./support/trace-fixtures.js";

const GD_IP = "113.108.1.20";

/** An active batch (with `overrides`) of one single package; its first code. */
async function activeCode(app: TestApp, overrides: Record<string, unknown> = {}) {
  const { batch, codes } = await activeSinglePackage(app, 2, overrides);
  return { batch, code: codes[0]?.code as string };
}

const scanFrom = (app: TestApp, code: string, ip = GD_IP) =>
  publicScan(app, { tenantId: "acme", code }, { "x-test-ip": ip });

describe("scan-count alert routes (查询次数超限)", () => {
  it("reads and changes the tenant's settings: any staff reads, admins change only what they send", async () => {
    const app = createTraceApp();
    expect(expectStatus(await app.call("GET", "/v1/scan-alert-settings"), 200).json).toEqual({
      tenantId: "acme",
      visitorScans: null,
      visitors: null,
      updatedAt: null,
    });
    const changed = expectStatus(
      await app.call("PATCH", "/v1/scan-alert-settings", { body: { visitorScans: 2 } }),
      200,
    ).json;
    expect(changed).toMatchObject({ visitorScans: 2, visitors: null });
    const both = await app.call("PATCH", "/v1/scan-alert-settings", { body: { visitors: 9 } });
    expect(both.json).toMatchObject({ visitorScans: 2, visitors: 9 });
    const read = await app.call("GET", "/v1/scan-alert-settings", { token: "acme-inspector" });
    expect(read.json).toEqual(both.json);
    expect(
      (
        await app.call("PATCH", "/v1/scan-alert-settings", {
          token: "acme-inspector",
          body: { visitors: 1 },
        })
      ).status,
    ).toBe(403);
    const invalid = await app.call("PATCH", "/v1/scan-alert-settings", {
      body: { visitorScans: 0, extra: 1 },
    });
    expect(invalid.status).toBe(400);
    expect(
      (await app.call("GET", "/v1/scan-alert-settings", { token: "globex-admin" })).json,
    ).toMatchObject({ tenantId: "globex", visitorScans: null });
  });

  it("shows the alert in the scan answer and lists it for staff, filtered", async () => {
    const app = createTraceApp();
    const { batch, code } = await activeCode(app);
    await app.call("PATCH", "/v1/scan-alert-settings", { body: { visitorScans: 1 } });
    expect((await scanFrom(app, code)).json.countAlert).toBeNull();
    const second = await scanFrom(app, code);
    expect(scanResultSchema.safeParse(second.json).success).toBe(true);
    expect(second.json.countAlert).toEqual({
      kinds: ["visitor_scans"],
      previousScans: 1,
      previousVisitorScans: 1,
      distinctVisitors: 1,
      firstScannedAt: expect.any(String),
      firstRegion: "CN-GD",
    });
    const alerts = expectStatus(await app.call("GET", "/v1/scan-count-alerts"), 200).json;
    expect(alerts.items).toEqual([
      expect.objectContaining({ code, kind: "visitor_scans", threshold: 1, batchId: batch.id }),
    ]);
    const byBatch = await app.call(
      "GET",
      `/v1/scan-count-alerts?batchId=${batch.id}&kind=visitor_scans`,
    );
    expect(byBatch.json.items).toHaveLength(1);
    const none = await app.call("GET", "/v1/scan-count-alerts?kind=visitors");
    expect(none.json.items).toEqual([]);
    expect((await app.call("GET", "/v1/scan-count-alerts?kind=often")).status).toBe(400);
  });

  it("takes a batch's own thresholds on create and patch, editable after sealing", async () => {
    const app = createTraceApp();
    await app.call("PATCH", "/v1/scan-alert-settings", { body: { visitorScans: 1 } });
    const { batch, code } = await activeCode(app, {
      countAlert: { visitorScans: null, visitors: null },
    });
    expect(batch.countAlert).toEqual({ visitorScans: null, visitors: null });
    await scanFrom(app, code);
    expect((await scanFrom(app, code)).json.countAlert).toBeNull();
    expectStatus(await app.call("POST", `/v1/trace-batches/${batch.id}/seal`), 201);
    const patched = expectStatus(
      await app.call("PATCH", `/v1/trace-batches/${batch.id}`, {
        body: { countAlert: { visitorScans: 2, visitors: null } },
      }),
      200,
    ).json;
    expect(patched.countAlert).toEqual({ visitorScans: 2, visitors: null });
    expect((await scanFrom(app, code)).json.countAlert?.kinds).toEqual(["visitor_scans"]);
    const invalid = await app.call("PATCH", `/v1/trace-batches/${batch.id}`, {
      body: { countAlert: { visitorScans: 2 } },
    });
    expect(invalid.status).toBe(400);
  });
});
