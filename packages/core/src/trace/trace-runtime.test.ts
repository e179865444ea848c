import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { SCAN_THRESHOLD_MAX } from "./scans/scan.js";
import { resolveTraceOptions } from "./trace-runtime.js";

describe("trace options", () => {
  it("fills in the defaults", () => {
    expect(resolveTraceOptions()).toEqual({
      suspicion: { visitors: 5, regions: 3 },
      scanRateLimit: { limit: 60, windowMs: 60_000 },
      scanCacheTtlMs: 300_000,
      scanMinDurationMs: 0,
      scanLocalCacheEntries: 100_000,
    });
  });

  it("refuses values out of range, naming the option, and accepts the largest suspicion threshold", () => {
    const refused = (options: Parameters<typeof resolveTraceOptions>[0]) => {
      try {
        resolveTraceOptions(options);
      } catch (error) {
        return issuesOf(error);
      }
      throw new Error("expected the options to be refused");
    };
    expect(refused({ scanCacheTtlMs: 0 })).toEqual([["trace.scanCacheTtlMs", "range"]]);
    expect(refused({ scanMinDurationMs: -1 })).toEqual([["trace.scanMinDurationMs", "range"]]);
    expect(refused({ suspicion: { visitors: 1.5, regions: 3 } })).toEqual([
      ["trace.suspicion.visitors", "range"],
    ]);
    expect(refused({ suspicion: { visitors: 5, regions: SCAN_THRESHOLD_MAX + 1 } })).toEqual([
      ["trace.suspicion.regions", "range"],
    ]);
    expect(
      resolveTraceOptions({ suspicion: { visitors: SCAN_THRESHOLD_MAX, regions: 1 } }).suspicion,
    ).toEqual({ visitors: SCAN_THRESHOLD_MAX, regions: 1 });
    expect(refused({ scanRateLimit: { limit: 0, windowMs: 1000 } })).toEqual([
      ["trace.scanRateLimit.limit", "range"],
    ]);
  });
});
