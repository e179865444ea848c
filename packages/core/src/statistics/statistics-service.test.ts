import { describe, expect, it } from "vitest";
import { memoryStorage } from "../memory/memory-storage.js";
import { rejectionOf } from "../trace/distribution/distribution-test-kit.js";
import { traceTestKit } from "../trace/trace-test-kit.js";
import { STATISTICS_LIMITS } from "./statistics.js";

/** The kit's clock starts at 2026-05-01T08:00Z: 16:00 on 1 May in Shanghai. */
async function kit() {
  const base = await traceTestKit();
  let scans = 0;
  /** A consumer scan of an unknown code at `iso`. */
  const scanAt = async (iso: string) => {
    scans += 1;
    base.clock.advance(Date.parse(iso) - base.clock.nowMs());
    await base.onecode.scans.scan({ tenantId: "acme", code: `NOPE${scans}`, ip: "203.0.113.7" });
  };
  return { ...base, scanAt };
}

describe("scan statistics", () => {
  it("counts a consumer scan at 23:59 on its day and one at 00:01 on the next, in the Shanghai calendar", async () => {
    const { onecode, admin, scanAt } = await kit();
    await scanAt("2026-05-01T15:59:00.000Z");
    await scanAt("2026-05-01T16:01:00.000Z");
    const stats = await onecode.statistics.scans(admin, { from: "2026-05-01", to: "2026-05-02" });
    expect(stats).toEqual({
      from: "2026-04-30T16:00:00.000Z",
      to: "2026-05-02T16:00:00.000Z",
      timeZone: "Asia/Shanghai",
      granularity: "day",
      periods: [
        { period: "2026-05-01", from: "2026-04-30T16:00:00.000Z", to: "2026-05-01T16:00:00.000Z" },
        { period: "2026-05-02", from: "2026-05-01T16:00:00.000Z", to: "2026-05-02T16:00:00.000Z" },
      ],
      groupBy: ["period"],
      rows: [
        { period: "2026-05-01", scans: 1 },
        { period: "2026-05-02", scans: 1 },
      ],
      total: 2,
    });
  });

  it("puts both scans on 1 May in the calendar of a time zone the query names", async () => {
    const { onecode, admin, scanAt } = await kit();
    await scanAt("2026-05-01T15:59:00.000Z");
    await scanAt("2026-05-01T16:01:00.000Z");
    const stats = await onecode.statistics.scans(admin, {
      from: "2026-05-01",
      to: "2026-05-02",
      timeZone: "America/New_York",
    });
    expect(stats.from).toBe("2026-05-01T04:00:00.000Z");
    expect(stats.rows).toEqual([{ period: "2026-05-01", scans: 2 }]);
  });

  it("defaults to the last 30 days with today, in the codes module's time zone", async () => {
    const { onecode, admin, scanAt } = await kit();
    await scanAt("2026-05-01T09:00:00.000Z");
    const stats = await onecode.statistics.scans(admin);
    expect(stats).toMatchObject({
      from: "2026-04-01T16:00:00.000Z",
      to: "2026-05-01T16:00:00.000Z",
      timeZone: "Asia/Shanghai",
      total: 1,
    });
    expect(stats.periods).toHaveLength(STATISTICS_LIMITS.defaultSpanDays);
    expect(stats.periods.at(-1)?.period).toBe("2026-05-01");
  });

  it("orders rows by period first, then by the other dimensions with null last, and totals them", async () => {
    const { onecode, admin, scanAt } = await kit();
    await scanAt("2026-05-01T09:00:00.000Z");
    await scanAt("2026-05-01T10:00:00.000Z");
    await scanAt("2026-05-02T09:00:00.000Z");
    const stats = await onecode.statistics.scans(admin, {
      from: "2026-05-01T00:00:00+08:00",
      to: "2026-05-03T00:00:00+08:00",
      groupBy: ["verdict", "period", "batchId"],
    });
    expect(stats.rows).toEqual([
      { period: "2026-05-01", verdict: "unknown_code", batchId: null, scans: 2 },
      { period: "2026-05-02", verdict: "unknown_code", batchId: null, scans: 1 },
    ]);
    expect(stats.total).toBe(3);
    const overall = await onecode.statistics.scans(admin, { from: "2026-05-01", groupBy: [] });
    expect(overall.rows).toEqual([{ scans: 3 }]);
  });

  it("names weeks by their Monday and months by year and month, cutting the first and last to the range", async () => {
    const { onecode, admin } = await kit();
    const weeks = await onecode.statistics.scans(admin, {
      from: "2026-04-29",
      to: "2026-05-12",
      granularity: "week",
    });
    expect(weeks.periods.map(({ period }) => period)).toEqual([
      "2026-04-27",
      "2026-05-04",
      "2026-05-11",
    ]);
    expect(weeks.periods[0]?.from).toBe("2026-04-28T16:00:00.000Z");
    expect(weeks.periods[1]?.from).toBe("2026-05-03T16:00:00.000Z");
    expect(weeks.periods[2]?.to).toBe("2026-05-12T16:00:00.000Z");
    const months = await onecode.statistics.scans(admin, {
      from: "2025-12-15",
      to: "2026-02-10",
      granularity: "month",
    });
    expect(months.periods).toEqual([
      { period: "2025-12", from: "2025-12-14T16:00:00.000Z", to: "2025-12-31T16:00:00.000Z" },
      { period: "2026-01", from: "2025-12-31T16:00:00.000Z", to: "2026-01-31T16:00:00.000Z" },
      { period: "2026-02", from: "2026-01-31T16:00:00.000Z", to: "2026-02-10T16:00:00.000Z" },
    ]);
  });

  it("lets every staff role read and refuses an actor without one", async () => {
    const { onecode, staff } = await kit();
    for (const role of ["admin", "stock_operator", "inspector"] as const) {
      await expect(onecode.statistics.scans(staff("acme", role))).resolves.toMatchObject({
        total: 0,
      });
    }
    expect(await rejectionOf(onecode.statistics.codes(staff("acme")))).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("refuses a bad query naming every broken field and rule", async () => {
    const { onecode, admin } = await kit();
    const error = await rejectionOf(
      onecode.statistics.scans(admin, {
        from: "2026-02-30",
        timeZone: "Mars/Olympus_Mons",
        granularity: "hour" as never,
        groupBy: ["region", "region", "colour" as never],
        verdict: "fake" as never,
        productId: "",
        region: "x".repeat(65),
      }),
    );
    expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
    const issues = (error as { details: { issues: Array<{ field: string; rule: string }> } })
      .details.issues;
    expect(issues.map(({ field, rule }) => `${field}:${rule}`).sort()).toEqual([
      "granularity:one_of",
      "groupBy.2:one_of",
      "groupBy:unique",
      "productId:required",
      "region:max_length",
      "timeZone:time_zone",
      "verdict:one_of",
    ]);
  });

  it("refuses a from or to that is no date or after 9998, a to not after from, and a range over 366 days", async () => {
    const { onecode, admin } = await kit();
    const issuesOf = async (input: Record<string, string>) => {
      const error = await rejectionOf(onecode.statistics.scans(admin, input));
      return (error as { details: { issues: unknown[] } }).details.issues;
    };
    expect(await issuesOf({ from: "2026-02-30" })).toEqual([
      expect.objectContaining({ field: "from", rule: "date_or_date_time" }),
    ]);
    expect(await issuesOf({ from: "2026-05-01T08:00:00" })).toEqual([
      expect.objectContaining({ field: "from", rule: "date_or_date_time" }),
    ]);
    expect(await issuesOf({ from: "9998-12-01", to: "9999-12-31" })).toEqual([
      expect.objectContaining({ field: "to", rule: "max_date" }),
    ]);
    expect(await issuesOf({ to: "31/05/2026" })).toEqual([
      expect.objectContaining({ field: "to", rule: "date_or_date_time" }),
    ]);
    expect(await issuesOf({ from: "2026-05-02", to: "2026-05-01" })).toEqual([
      expect.objectContaining({ field: "to", rule: "after_from" }),
    ]);
    expect(await issuesOf({ from: "2026-01-01", to: "2027-01-02" })).toEqual([
      expect.objectContaining({ field: "to", rule: "max_span" }),
    ]);
    // A whole leap year is 366 days: allowed.
    await expect(
      onecode.statistics.scans(admin, { from: "2028-01-01", to: "2028-12-31" }),
    ).resolves.toMatchObject({ periods: expect.any(Array) });
  });

  it("refuses an answer of more groups than the limit, asking storage for one more at most", async () => {
    const storage = memoryStorage();
    const limits: number[] = [];
    const flood = Array.from({ length: STATISTICS_LIMITS.maxGroups + 1 }, (_, i) => ({
      region: `R${i}`,
      scans: 1,
    }));
    const { onecode, admin } = await traceTestKit({
      storage: {
        ...storage,
        statistics: {
          ...storage.statistics,
          async scanCounts(_tenantId, query) {
            limits.push(query.limit);
            return flood.slice(0, query.limit);
          },
        },
      },
    });
    const error = await rejectionOf(onecode.statistics.scans(admin, { groupBy: ["region"] }));
    expect(error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [expect.objectContaining({ field: "groupBy", rule: "max_groups" })] },
    });
    expect(limits).toEqual([STATISTICS_LIMITS.maxGroups + 1]);
  });
});

describe("code statistics", () => {
  it("counts codes uploaded, bound and activated through the use cases on the days the clock says", async () => {
    const { onecode, admin, clock, merchant, codePackage, batch } = await kit();
    const pkg = await codePackage(40);
    const created = await batch();
    clock.advance(9 * 3_600_000); // 2026-05-01T17:00Z: 2 May in Shanghai.
    await onecode.traceBatches.bindPackage(admin, created.id, pkg.id);
    clock.advance(24 * 3_600_000); // 3 May.
    await onecode.traceBatches.setStatus(admin, created.id, "active");
    const stats = await onecode.statistics.codes(admin, { from: "2026-05-01", to: "2026-05-03" });
    expect(stats.groupBy).toEqual(["period", "merchantId"]);
    expect(stats.rows).toEqual([
      {
        period: "2026-05-01",
        merchantId: merchant.id,
        generated: 0,
        uploaded: 40,
        bound: 0,
        activated: 0,
      },
      {
        period: "2026-05-02",
        merchantId: merchant.id,
        generated: 0,
        uploaded: 0,
        bound: 40,
        activated: 0,
      },
      {
        period: "2026-05-03",
        merchantId: merchant.id,
        generated: 0,
        uploaded: 0,
        bound: 0,
        activated: 40,
      },
    ]);
    expect(stats.totals).toEqual({ generated: 0, uploaded: 40, bound: 40, activated: 40 });
    const other = await onecode.statistics.codes(admin, {
      from: "2026-05-01",
      to: "2026-05-03",
      merchantId: "mch_someone_else",
      groupBy: [],
    });
    expect(other.rows).toEqual([]);
    expect(other.totals).toEqual({ generated: 0, uploaded: 0, bound: 0, activated: 0 });
  });

  it("refuses a dimension scans have but codes do not", async () => {
    const { onecode, admin } = await kit();
    expect(
      await rejectionOf(onecode.statistics.codes(admin, { groupBy: ["region" as never] })),
    ).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [expect.objectContaining({ field: "groupBy.0", rule: "one_of" })] },
    });
  });
});
