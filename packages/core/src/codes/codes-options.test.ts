import { describe, expect, it } from "vitest";
import { createOneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { seededRandom } from "../kernel/random.js";
import { tenantContext } from "../kernel/tenant.js";
import { resolveCodesOptions } from "./codes-options.js";

async function dateCodes(timeZone?: string, tenantTimeZone?: string) {
  const onecode = createOneCode({
    clock: new ManualClock("2026-05-01T20:00:00Z"),
    random: seededRandom("zones"),
    codes: timeZone ? { timeZone } : {},
  });
  const ctx = tenantContext("acme", { id: "a", kind: "staff", roles: ["admin"] });
  if (tenantTimeZone) await onecode.tenantSettings.update(ctx, { timeZone: tenantTimeZone });
  const merchant = await onecode.merchants.create(ctx, {
    name: "m",
    codeSource: "platform",
    urlPrefixes: ["https://m.example/"],
  });
  const rule = await onecode.codeRules.createCustom(ctx, {
    merchantId: merchant.id,
    name: "Dated",
    length: 21,
    segments: [{ kind: "date" }, { kind: "random", charset: "mixed", length: 13 }],
    serials: false,
  });
  const pkg = await onecode.codePackages.generate(ctx, {
    merchantId: merchant.id,
    codeType: "single",
    rules: { item: rule.id },
    quantity: 2,
  });
  await onecode.codePackages.waitFor(ctx, pkg.id);
  const { items } = await onecode.codePackages.listCodes(ctx, pkg.id);
  return items.map((row) => row.code);
}

describe("codes options", () => {
  it("fill in the defaults", () => {
    expect(resolveCodesOptions()).toMatchObject({
      chunkSize: 10_000,
      timeZone: "Asia/Shanghai",
      autoRun: true,
      jobLeaseMs: 60_000,
      pollMs: 1_000,
      jobRetryMinMs: 500,
      jobRetryMaxMs: 60_000,
      jobConcurrency: 4,
      instanceId: null,
    });
  });

  it("date codes in Asia/Shanghai unless another time zone is configured", async () => {
    for (const code of await dateCodes()) expect(code.slice(0, 8)).toBe("20260502");
    for (const code of await dateCodes("UTC")) expect(code.slice(0, 8)).toBe("20260501");
  });

  it("date codes in the tenant's own time zone once its settings name one", async () => {
    // 20:00 UTC on 1 May is 2 May in Shanghai but still 1 May in New York.
    for (const code of await dateCodes(undefined, "America/New_York")) {
      expect(code.slice(0, 8)).toBe("20260501");
    }
    for (const code of await dateCodes("UTC", "Asia/Tokyo"))
      expect(code.slice(0, 8)).toBe("20260502");
  });

  it("generate the same codes from the same seed and clock", async () => {
    expect(await dateCodes()).toEqual(await dateCodes());
  });

  it("refuse unusable options when OneCode is created", () => {
    for (const [codes, field] of [
      [{ timeZone: "Mars/Olympus" }, "codes.timeZone"],
      [{ chunkSize: 0 }, "codes.chunkSize"],
      [{ jobLeaseMs: 10 }, "codes.jobLeaseMs"],
      [{ pollMs: 1.5 }, "codes.pollMs"],
      [{ jobRetryMinMs: 0 }, "codes.jobRetryMinMs"],
      [{ jobRetryMinMs: 5_000, jobRetryMaxMs: 1_000 }, "codes.jobRetryMaxMs"],
      [{ jobConcurrency: 0 }, "codes.jobConcurrency"],
      [{ instanceId: "node a" }, "codes.instanceId"],
      [{ instanceId: "" }, "codes.instanceId"],
    ] as const) {
      expect(() => createOneCode({ codes })).toThrow(
        expect.objectContaining({
          code: "VALIDATION_FAILED",
          details: { issues: [expect.objectContaining({ field })] },
        }),
      );
    }
  });
});
