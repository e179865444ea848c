import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createHandler, toNodeListener } from "../src/index.js";
import { scanResultSchema } from "../src/schemas/scan-schemas.js";
import type { TestApp } from "./support/test-app.js";
import {
  catalog,
  codePackage,
  createBatch,
  createTraceApp,
  expectStatus,
  packageCodes,
  publicScan,
  traceAuthenticate,
} from "./support/trace-fixtures.js";

const GD_IP = "113.108.1.20";
const SH_IP = "202.96.3.4";

/**
 * An active batch with one effective and one draft task, its two-level
 * package moved factory → distributor (CN-GD, a consumer-visible sale).
 */
async function activeBatch(app: TestApp) {
  const { merchantId, ruleId, productId } = await catalog(app);
  const batch = await createBatch(app, productId);
  const pkg = await codePackage(app, merchantId, ruleId, { cases: 1, perCase: 2 });
  expectStatus(
    await app.call("POST", `/v1/trace-batches/${batch.id}/packages`, {
      body: { packageId: pkg.id },
    }),
    200,
  );
  const line = (
    await app.call("POST", "/v1/production-lines", {
      body: { name: "Roasting 1", workshop: "Hall A", factory: "Hangzhou" },
    })
  ).json;
  for (const [name, effective] of [
    ["Roast", true],
    ["Draft step", false],
  ] as const) {
    const task = (
      await app.call("POST", "/v1/production-tasks", {
        body: {
          name,
          batchId: batch.id,
          lineId: line.id,
          personInCharge: "Wang",
          executedAt: "2026-04-01T08:00:00Z",
          customFields: [
            { title: "Temp", type: "text", content: "180°C" },
            { title: "Operator note", type: "text", content: "secret", showOnScan: false },
          ],
        },
      })
    ).json;
    if (effective) {
      await app.call("POST", `/v1/production-tasks/${task.id}/status`, {
        body: { status: "effective" },
      });
    }
  }
  const factory = (
    await app.call("POST", "/v1/enterprises", {
      body: { name: "Factory", salesRegion: "CN-ZJ" },
    })
  ).json;
  const distributor = (
    await app.call("POST", "/v1/enterprises", {
      body: { name: "South Distributor", salesRegion: "CN-GD", parentId: factory.id },
    })
  ).json;
  const codes = await packageCodes(app, pkg.id);
  const outer = codes.find((c) => c.level === "outer");
  const item = codes.find((c) => c.level === "inner");
  if (!outer || !item) throw new Error("package without codes");
  const production = (
    await app.call("POST", "/v1/stock-documents", {
      body: { inboundType: "production", toEnterpriseId: factory.id },
    })
  ).json;
  await app.call("POST", `/v1/stock-documents/${production.id}/scans`, {
    body: { code: outer.code },
  });
  const sale = (
    await app.call("POST", "/v1/stock-documents", {
      body: {
        outboundType: "sale",
        fromEnterpriseId: factory.id,
        toEnterpriseId: distributor.id,
        consumerVisible: true,
      },
    })
  ).json;
  expectStatus(
    await app.call("POST", `/v1/stock-documents/${sale.id}/scans`, { body: { code: outer.code } }),
    200,
  );
  expectStatus(
    await app.call("POST", `/v1/trace-batches/${batch.id}/status`, { body: { status: "active" } }),
    200,
  );
  return { batch, item, outer, distributor };
}

describe("public consumer scan", () => {
  it("answers a genuine scan with the consumer-visible trace only", async () => {
    const app = createTraceApp();
    const { item } = await activeBatch(app);
    const reply = await publicScan(
      app,
      { tenantId: "acme", code: `https://t.acme.example/c/${item.code}`, visitorId: "v-1" },
      { "x-test-ip": GD_IP },
    );
    expectStatus(reply, 200);
    const result = scanResultSchema.parse(reply.json);
    expect(result).toMatchObject({
      verdict: "genuine",
      batchState: null,
      product: { name: "Longjing Tea", gtin: "06901234567892" },
      batch: {
        batchNumber: "LJ-2026-001",
        expiryDate: "2027-04-01",
        customFields: [{ title: "Origin", content: "West Lake, Hangzhou", showOnScan: true }],
        sealed: false,
      },
      productionTasks: [
        {
          name: "Roast",
          personInCharge: "Wang",
          line: { name: "Roasting 1", workshop: "Hall A", factory: "Hangzhou" },
          customFields: [{ title: "Temp", content: "180°C" }],
        },
      ],
      distribution: [
        { from: "Factory", to: "South Distributor", outboundType: "sale", inboundType: null },
      ],
      scans: { count: 1, firstRegion: "CN-GD" },
      campaign: null,
    });
    expect(result.batch?.customFields).toHaveLength(1);
    expect(result.productionTasks[0]?.customFields).toHaveLength(1);
    expect(reply.text).not.toContain("internal only");
    expect(reply.text).not.toContain("secret");
    expect(reply.headers.get("cache-control")).toBe("no-store");

    const second = await publicScan(app, { tenantId: "acme", code: item.code, visitorId: "v-1" });
    expect(second.json.scans.count).toBe(2);
    const records = await app.call("GET", `/v1/codes/${item.code}/scans`);
    expect(records.json.items).toHaveLength(2);
    expect(records.json.items[1]).toMatchObject({
      region: "CN-GD",
      verdict: "genuine",
      declaredVisitorId: "v-1",
    });
  });

  it("answers unknown codes with the same status, headers and keys as known ones", async () => {
    const app = createTraceApp();
    const { item } = await activeBatch(app);
    const known = await publicScan(app, { tenantId: "acme", code: item.code });
    const unknown = await publicScan(app, { tenantId: "acme", code: "NoSuchCode123456" });
    const otherTenant = await publicScan(app, { tenantId: "globex", code: item.code });
    for (const reply of [unknown, otherTenant]) {
      expect(reply.status).toBe(known.status);
      expect(reply.json.verdict).toBe("unknown_code");
      expect(Object.keys(reply.json)).toEqual(Object.keys(known.json));
      expect([...reply.headers.keys()]).toEqual([...known.headers.keys()]);
      expect(reply.json).toMatchObject({ product: null, batch: null, scans: null });
    }
    const malformed = await publicScan(app, { tenantId: "acme", code: "not a code!" });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors).toEqual([
      expect.objectContaining({ field: "code", rule: "code_format" }),
    ]);
  });

  it("says suspended for a frozen batch and turns suspicious after more than 5 visitors", async () => {
    const app = createTraceApp();
    const { batch, item } = await activeBatch(app);
    for (let visitor = 1; visitor <= 5; visitor++) {
      const reply = await publicScan(app, {
        tenantId: "acme",
        code: item.code,
        visitorId: `v-${visitor}`,
      });
      expect(reply.json.verdict).toBe("genuine");
    }
    const sixth = await publicScan(app, { tenantId: "acme", code: item.code, visitorId: "v-6" });
    expect(sixth.json.verdict).toBe("suspicious");
    expect(sixth.json.product.name).toBe("Longjing Tea");

    await app.call("POST", `/v1/trace-batches/${batch.id}/status`, { body: { status: "frozen" } });
    const frozen = await publicScan(app, { tenantId: "acme", code: item.code, visitorId: "v-1" });
    expect(frozen.status).toBe(200);
    expect(frozen.json).toMatchObject({
      verdict: "batch_inactive",
      batchState: "suspended",
      product: null,
      batch: null,
    });
  });

  it("raises a diversion alert when the client's region differs from the holder's", async () => {
    const app = createTraceApp();
    const { item, distributor } = await activeBatch(app);
    await publicScan(app, { tenantId: "acme", code: item.code }, { "x-test-ip": GD_IP });
    expect((await app.call("GET", "/v1/diversion-alerts")).json.items).toEqual([]);
    await publicScan(app, { tenantId: "acme", code: item.code }, { "x-test-ip": SH_IP });
    const alerts = expectStatus(await app.call("GET", "/v1/diversion-alerts"), 200);
    expect(alerts.json.items).toEqual([
      expect.objectContaining({
        code: item.code,
        scanRegion: "CN-SH",
        expectedRegion: "CN-GD",
        enterpriseId: distributor.id,
      }),
    ]);
    const filtered = await app.call(
      "GET",
      `/v1/diversion-alerts?code=${item.code}&enterpriseId=${distributor.id}&scanRegion=CN-SH&from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00%2B08:00`,
    );
    expect(filtered.json.items).toHaveLength(1);
    expect((await app.call("GET", "/v1/diversion-alerts?scanRegion=CN-BJ")).json.items).toEqual([]);
    const badRange = await app.call("GET", "/v1/diversion-alerts?from=yesterday");
    expect(badRange.json.errors).toEqual([expect.objectContaining({ field: "from" })]);
    expect(
      (await app.call("GET", "/v1/diversion-alerts", { token: "globex-admin" })).json.items,
    ).toEqual([]);
  });

  it("rate-limits each client address with 429 and Retry-After", async () => {
    const app = createTraceApp({
      config: { trace: { scanRateLimit: { limit: 3, windowMs: 60_000 } } },
    });
    const scan = (ip: string) =>
      publicScan(app, { tenantId: "acme", code: "NoSuchCode123456" }, { "x-test-ip": ip });
    for (let i = 0; i < 3; i++) expect((await scan(GD_IP)).status).toBe(200);
    const limited = await scan(GD_IP);
    expect(limited.status).toBe(429);
    expect(limited.json.code).toBe("RATE_LIMITED");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await scan(SH_IP)).status).toBe(200);
  });

  it("takes the region from the socket over node:http, and from X-Forwarded-For only behind trustProxy", async () => {
    const app = createTraceApp();
    const { item } = await activeBatch(app);
    const handler = createHandler(app.onecode, { authenticate: traceAuthenticate });
    const server: Server = createServer(toNodeListener(handler));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const response = await fetch(`${origin}/v1/public/scans`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": SH_IP },
        body: JSON.stringify({ tenantId: "acme", code: item.code, visitorId: "v-net" }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { verdict: string }).verdict).toBe("genuine");
      // 127.0.0.1 is CN-GD in the test geo table; the spoofed header was ignored.
      const records = await app.call("GET", `/v1/codes/${item.code}/scans`);
      expect(records.json.items[0]).toMatchObject({
        region: "CN-GD",
        visitorId: expect.stringMatching(/^ip:[0-9a-f]{16}$/),
        declaredVisitorId: "v-net",
      });
      expect((await app.call("GET", "/v1/diversion-alerts")).json.items).toEqual([]);

      // Behind one trusted proxy the forwarded address counts: Shanghai, not the holder's CN-GD.
      const proxied: Server = createServer(toNodeListener(handler, { trustProxy: 1 }));
      proxied.listen(0, "127.0.0.1");
      await once(proxied, "listening");
      try {
        const via = `http://127.0.0.1:${(proxied.address() as AddressInfo).port}`;
        const forwarded = await fetch(`${via}/v1/public/scans`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `1.1.1.1, ${SH_IP}` },
          body: JSON.stringify({ tenantId: "acme", code: item.code, visitorId: "v-net" }),
        });
        expect(forwarded.status).toBe(200);
      } finally {
        proxied.closeAllConnections();
        await new Promise((resolve) => proxied.close(resolve));
      }
      const alerts = await app.call("GET", "/v1/diversion-alerts");
      expect(alerts.json.items).toEqual([
        expect.objectContaining({ code: item.code, scanRegion: "CN-SH", expectedRegion: "CN-GD" }),
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
