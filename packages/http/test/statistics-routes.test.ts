import { describe, expect, it } from "vitest";
import { codeStatisticsSchema, scanStatisticsSchema } from "../src/schemas/statistics-schemas.js";
import type { TestApp } from "./support/test-app.js";
import {
  activeSinglePackage,
  createTraceApp,
  expectStatus,
  publicScan,
} from "./support/trace-fixtures.js";

const GD_IP = "113.108.1.20";
const SH_IP = "202.96.1.20";

/** An active batch of one package of 3 codes, scanned twice from Guangdong and once from Shanghai. */
async function scannedBatch(app: TestApp) {
  const { merchantId, productId, batch, codes } = await activeSinglePackage(app, 3);
  const [first, second] = codes;
  for (const [code, ip] of [
    [first?.code, GD_IP],
    [second?.code, GD_IP],
    [first?.code, SH_IP],
  ] as const) {
    expectStatus(await publicScan(app, { tenantId: "acme", code }, { "x-test-ip": ip }), 200);
  }
  expectStatus(
    await publicScan(app, { tenantId: "acme", code: "NOSUCHCODE1" }, { "x-test-ip": GD_IP }),
    200,
  );
  return { merchantId, productId, batchId: batch.id as string };
}

describe("statistics routes", () => {
  it("counts the tenant's scans of the last 30 days by region and verdict, for any staff role", async () => {
    const app = createTraceApp();
    const { productId, batchId } = await scannedBatch(app);
    const reply = expectStatus(
      await app.call("GET", "/v1/statistics/scans?groupBy=region,verdict", {
        token: "acme-inspector",
      }),
      200,
    );
    expect(scanStatisticsSchema.safeParse(reply.json).success).toBe(true);
    expect(reply.json).toMatchObject({ timeZone: "Asia/Shanghai", granularity: "day", total: 4 });
    expect(reply.json.periods).toHaveLength(30);
    expect(reply.json.rows).toEqual([
      { region: "CN-GD", verdict: "genuine", scans: 2 },
      { region: "CN-GD", verdict: "unknown_code", scans: 1 },
      { region: "CN-SH", verdict: "genuine", scans: 1 },
    ]);
    const byBatch = expectStatus(
      await app.call(
        "GET",
        `/v1/statistics/scans?groupBy=period,batchId&productId=${productId}&region=CN-GD&timeZone=UTC`,
      ),
      200,
    ).json;
    expect(byBatch.timeZone).toBe("UTC");
    const today = byBatch.periods.at(-1).period;
    expect(
      byBatch.rows.map(({ batchId: id, scans }: Record<string, unknown>) => [id, scans]),
    ).toEqual([[batchId, 2]]);
    expect([today, byBatch.periods.at(-2).period]).toContain(byBatch.rows[0].period);
    const other = expectStatus(
      await app.call("GET", "/v1/statistics/scans?groupBy=", { token: "globex-admin" }),
      200,
    ).json;
    expect(other).toMatchObject({ groupBy: [], rows: [], total: 0 });
    expect((await app.call("GET", "/v1/statistics/scans", { token: null })).status).toBe(401);
  });

  it("counts codes generated, bound and activated per merchant", async () => {
    const app = createTraceApp();
    const { merchantId } = await scannedBatch(app);
    const reply = expectStatus(
      await app.call("GET", `/v1/statistics/codes?groupBy=merchantId&granularity=month`),
      200,
    );
    expect(codeStatisticsSchema.safeParse(reply.json).success).toBe(true);
    expect(reply.json.rows).toEqual([
      { merchantId, generated: 3, uploaded: 0, bound: 3, activated: 3 },
    ]);
    expect(reply.json.totals).toEqual({ generated: 3, uploaded: 0, bound: 3, activated: 3 });
    const empty = await app.call("GET", `/v1/statistics/codes?merchantId=mch_other`);
    expect(expectStatus(empty, 200).json.rows).toEqual([]);
  });

  it("refuses unknown dimensions, malformed dates, a range over 366 days and a repeated groupBy with 400", async () => {
    const app = createTraceApp();
    const fieldsOf = async (query: string, path = "/v1/statistics/scans") => {
      const reply = expectStatus(await app.call("GET", `${path}?${query}`), 400);
      expect(reply.json.code).toBe("VALIDATION_FAILED");
      return reply.json.errors.map(({ field, rule }: { field: string; rule: string }) => ({
        field,
        rule,
      }));
    };
    expect(await fieldsOf("groupBy=period,colour")).toEqual([{ field: "groupBy", rule: "one_of" }]);
    expect(await fieldsOf("groupBy=region", "/v1/statistics/codes")).toEqual([
      { field: "groupBy", rule: "one_of" },
    ]);
    expect(await fieldsOf("from=2026-05-01T08:00:00")).toEqual([
      expect.objectContaining({ field: "from" }),
    ]);
    expect(await fieldsOf("from=2026-01-01&to=2027-01-02")).toEqual([
      { field: "to", rule: "max_span" },
    ]);
    expect(await fieldsOf("groupBy=region,region")).toEqual([{ field: "groupBy", rule: "unique" }]);
    expect(await fieldsOf("groupBy=region&groupBy=verdict")).toEqual([
      expect.objectContaining({ field: "groupBy" }),
    ]);
    expect(await fieldsOf("verdict=great&timeZone=Mars%2FBase")).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: "verdict" })]),
    );
  });
});
