import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { IPS, rejectionOf } from "../distribution/distribution-test-kit.js";
import { UNKNOWN_CLIENT_ADDRESS } from "./scan.js";
import { traced } from "./scan-test-kit.js";

describe("consumer scan signals", () => {
  it("turns suspicious past 5 distinct visitors, and stores that verdict", async () => {
    const { onecode, admin, scan, code } = await traced();
    const visitor = (i: number) => `113.108.7.${i}`; // six clients in one region
    for (let i = 1; i <= 5; i++) {
      expect((await scan(code(2), visitor(i))).verdict).toBe("genuine");
    }
    expect((await scan(code(2), visitor(1))).verdict).toBe("genuine");
    const sixth = await scan(code(2), visitor(6));
    expect(sixth.verdict).toBe("suspicious");
    expect(sixth.product).not.toBeNull();
    expect(sixth.scans?.count).toBe(7);
    const records = await onecode.scans.listScans(admin, code(2), { limit: 2 });
    expect(records.items.map((record) => record.verdict)).toEqual(["suspicious", "genuine"]);
  });

  it("turns suspicious past 3 distinct regions, or at a configured threshold", async () => {
    const { scan, code } = await traced();
    const ips = [IPS.guangdong, IPS.zhejiang, IPS.beijing, IPS.unknown];
    for (const ip of ips) expect((await scan(code(2), ip, "same")).verdict).toBe("genuine");
    expect((await scan(code(2), IPS.shanghai, "same")).verdict).toBe("suspicious");
    const strict = await traced({ suspicion: { visitors: 1, regions: 5 } });
    expect((await strict.scan(strict.code(2), IPS.guangdong)).verdict).toBe("genuine");
    expect((await strict.scan(strict.code(2), "113.108.9.9")).verdict).toBe("suspicious");
  });

  it("counts the visitor ids one client address declares as one visitor, so made-up ids do not turn a code suspicious", async () => {
    const { onecode, admin, scan, code } = await traced();
    // The genuine buyer scans first; then one client makes up six more visitor ids.
    expect((await scan(code(2), IPS.zhejiang, "buyer")).verdict).toBe("genuine");
    for (let i = 1; i <= 6; i++) {
      expect((await scan(code(2), IPS.guangdong, `made-up-${i}`)).verdict).toBe("genuine");
    }
    expect((await scan(code(2), IPS.zhejiang, "buyer")).verdict).toBe("genuine");
    const records = (await onecode.scans.listScans(admin, code(2))).items;
    expect(new Set(records.map((record) => record.visitorId)).size).toBe(2);
    // The declared ids stay on the records, for staff.
    expect(records.at(-1)).toMatchObject({ declaredVisitorId: "buyer", verdict: "genuine" });
    expect(records[1]?.declaredVisitorId).toBe("made-up-6");
  });

  it("counts an IPv6 client by its /64 network, and declared ids only when the address is unknown", async () => {
    const { scan, code } = await traced({ suspicion: { visitors: 1, regions: 9 } });
    expect((await scan(code(2), "2001:db8:1:2::1", "a")).verdict).toBe("genuine");
    expect((await scan(code(2), "2001:db8:1:2:ffff:1:2:3", "b")).verdict).toBe("genuine");
    expect((await scan(code(2), "2001:db8:1:3::1", "c")).verdict).toBe("suspicious");
    const unknown = await traced({ suspicion: { visitors: 1, regions: 9 } });
    const anonymous = (visitorId: string) =>
      unknown.onecode.scans.scan({
        tenantId: "acme",
        code: unknown.code(2),
        ip: UNKNOWN_CLIENT_ADDRESS,
        visitorId,
      });
    expect((await anonymous("a")).verdict).toBe("genuine");
    expect((await anonymous("a")).verdict).toBe("genuine");
    expect((await anonymous("b")).verdict).toBe("suspicious");
  });

  it("raises one diversion alert per code and region when the holder's sales region differs", async () => {
    const { onecode, admin, scan, code, distributor, factory } = await traced();
    await scan(code(2), IPS.guangdong);
    await scan(code(2), IPS.unknown);
    expect((await onecode.scans.listAlerts(admin)).items).toEqual([]);
    await scan(code(2), IPS.beijing);
    await scan(code(2), IPS.beijing);
    await scan(code(6), IPS.beijing); // held by the factory (CN-ZJ)
    const alerts = (await onecode.scans.listAlerts(admin)).items;
    expect(alerts).toEqual([
      {
        id: expect.stringMatching(/^alert_/),
        tenantId: "acme",
        code: code(6),
        scanRegion: "CN-BJ",
        expectedRegion: "CN-ZJ",
        enterpriseId: factory.id,
        scanId: expect.stringMatching(/^scan_/),
        detectedAt: "2026-05-01T09:00:00.000Z",
      },
      expect.objectContaining({
        code: code(2),
        scanRegion: "CN-BJ",
        expectedRegion: "CN-GD",
        enterpriseId: distributor.id,
      }),
    ]);
    const filtered = await onecode.scans.listAlerts(admin, { enterpriseId: distributor.id });
    expect(filtered.items.map((alert) => alert.code)).toEqual([code(2)]);
    const byCode = await onecode.scans.listAlerts(admin, {
      code: `https://t.acme.example/c/${code(6)}`,
    });
    expect(byCode.items).toHaveLength(1);
    const later = await onecode.scans.listAlerts(admin, { from: "2026-05-01T10:00:00Z" });
    expect(later.items).toEqual([]);
    const window = await onecode.scans.listAlerts(admin, {
      from: "2026-05-01T17:00:00+08:00",
      to: "2026-05-01T17:00:01+08:00",
      scanRegion: "CN-BJ",
    });
    expect(window.items).toHaveLength(2);
    const invalid = await rejectionOf(onecode.scans.listAlerts(admin, { from: "yesterday" }));
    expect(issuesOf(invalid)).toEqual([["from", "date_time"]]);
  });

  it("compares with the holder's current sales region after an update", async () => {
    const { onecode, admin, scan, code, distributor } = await traced();
    await scan(code(2), IPS.beijing);
    await onecode.distribution.updateEnterprise(admin, distributor.id, { salesRegion: "CN-SH" });
    await scan(code(2), IPS.guangdong);
    const alerts = (await onecode.scans.listAlerts(admin)).items;
    expect(alerts.map((alert) => [alert.scanRegion, alert.expectedRegion])).toEqual([
      ["CN-GD", "CN-SH"],
      ["CN-BJ", "CN-GD"],
    ]);
  });

  it("rate-limits per client address", async () => {
    const { scan, code, clock } = await traced({
      scanRateLimit: { limit: 3, windowMs: 60_000 },
    });
    for (let i = 0; i < 3; i++) await scan(code(2));
    const limited = await rejectionOf(scan(code(2)));
    expect(isOneCodeError(limited, "RATE_LIMITED")).toBe(true);
    expect((limited as { details: unknown }).details).toEqual({
      retryAfterMs: 20_000,
      limit: 3,
      windowMs: 60_000,
    });
    await scan("NoSuchCode000001", IPS.beijing);
    clock.advance(20_000);
    expect((await scan(code(2))).verdict).toBe("genuine");
  });

  it("refuses a limited scan without reading or writing storage", async () => {
    const { scan, code, storage, onecode, admin } = await traced({
      scanRateLimit: { limit: 1, windowMs: 60_000 },
    });
    await scan(code(2));
    const calls: string[] = [];
    for (const repository of Object.values(storage) as Record<string, unknown>[]) {
      if (typeof repository !== "object" || repository === null) continue;
      for (const [name, method] of Object.entries(repository)) {
        if (typeof method !== "function") continue;
        repository[name] = (...args: unknown[]) => {
          calls.push(name);
          return (method as (...a: unknown[]) => unknown).apply(repository, args);
        };
      }
    }
    // Codes never scanned before (no cache entry anywhere) would need storage to resolve.
    for (const scanned of [code(1), code(3), "NoSuchCode000002"]) {
      expect(isOneCodeError(await rejectionOf(scan(scanned)), "RATE_LIMITED")).toBe(true);
    }
    expect(calls).toEqual([]);
    expect((await onecode.scans.listScans(admin, code(1))).items).toEqual([]);
  });

  it("counts a client's scans across tenants, so made-up tenant ids do not escape the limit", async () => {
    const { onecode, scan, code, clock } = await traced({
      scanRateLimit: { limit: 3, windowMs: 60_000 },
    });
    await scan(code(2), IPS.shanghai);
    await onecode.scans.scan({ tenantId: "globex", code: code(2), ip: IPS.shanghai });
    await onecode.scans.scan({ tenantId: "initech", code: "NoSuchCode000001", ip: IPS.shanghai });
    const limited = await rejectionOf(
      onecode.scans.scan({ tenantId: "umbrella", code: code(2), ip: IPS.shanghai }),
    );
    expect(isOneCodeError(limited, "RATE_LIMITED")).toBe(true);
    clock.advance(20_000);
    expect((await scan(code(2), IPS.shanghai)).verdict).toBe("genuine");
  });

  it("makes the same storage reads for unknown codes as for known ones", async () => {
    const { scan, code, storage } = await traced();
    const reads: string[] = [];
    for (const name of ["holderOf", "itemsForCode"] as const) {
      const original = storage.stock[name].bind(storage.stock);
      // biome-ignore lint/suspicious/noExplicitAny: a counting wrapper of either method
      (storage.stock as any)[name] = (...args: [string, string, number]) => {
        reads.push(name);
        return original(...args);
      };
    }
    await scan(code(2));
    const known = reads.splice(0);
    await scan("NoSuchCode000001");
    expect(reads).toEqual(known);
    expect(known).toEqual(["holderOf", "itemsForCode"]);
  });

  it("puts a floor under every answer's time", async () => {
    const { scan, code } = await traced({ scanMinDurationMs: 40 });
    for (const scanned of [code(2), "NoSuchCode000001"]) {
      const started = performance.now();
      await scan(scanned);
      expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    }
  });
});
