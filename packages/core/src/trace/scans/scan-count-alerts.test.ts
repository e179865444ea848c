import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { seededRandom } from "../../kernel/random.js";
import { memoryHotState } from "../../memory/memory-hot-state.js";
import { IPS, rejectionOf } from "../distribution/distribution-test-kit.js";
import { SCAN_THRESHOLD_MAX } from "./scan.js";
import { traced } from "./scan-test-kit.js";

const FIRST = { firstScannedAt: "2026-05-01T09:00:00.000Z", firstRegion: "CN-GD" };

describe("scan-count alerts (查询次数超限)", () => {
  it("tells a visitor past the tenant's per-visitor threshold how often and since when the code was queried, and stores one alert", async () => {
    const { onecode, admin, scan, code, batch, clock } = await traced();
    await onecode.scans.updateAlertSettings(admin, { visitorScans: 2 });
    expect((await scan(code(2))).countAlert).toBeNull();
    clock.advance(60_000);
    expect((await scan(code(2), IPS.zhejiang)).countAlert).toBeNull();
    expect((await scan(code(2))).countAlert).toBeNull();
    const third = await scan(code(2));
    expect(third.verdict).toBe("genuine");
    expect(third.countAlert).toEqual({
      kinds: ["visitor_scans"],
      previousScans: 3,
      previousVisitorScans: 2,
      distinctVisitors: 2,
      ...FIRST,
    });
    expect((await scan(code(2))).countAlert).toMatchObject({ previousVisitorScans: 3 });
    expect((await scan(code(2), IPS.zhejiang)).countAlert).toBeNull();
    const alerts = (await onecode.scans.listCountAlerts(admin)).items;
    expect(alerts).toEqual([
      {
        id: expect.stringMatching(/^calert_/),
        tenantId: "acme",
        code: code(2),
        kind: "visitor_scans",
        threshold: 2,
        observed: 3,
        scanCount: 4,
        ...FIRST,
        visitorId: expect.stringMatching(/^ip:[0-9a-f]{16}$/),
        scanId: expect.stringMatching(/^scan_/),
        batchId: batch.id,
        detectedAt: "2026-05-01T09:01:00.000Z",
      },
    ]);
  });

  it("raises the distinct-visitor alert past more than that many visitors, both kinds in one answer", async () => {
    const { onecode, admin, scan, code } = await traced();
    await onecode.scans.updateAlertSettings(admin, { visitorScans: 1, visitors: 2 });
    await scan(code(3), "113.108.5.1");
    await scan(code(3), "113.108.5.2");
    const third = await scan(code(3), "113.108.5.3");
    expect(third.countAlert).toMatchObject({ kinds: ["visitors"], distinctVisitors: 3 });
    const again = await scan(code(3), "113.108.5.3");
    expect(again.countAlert?.kinds).toEqual(["visitor_scans", "visitors"]);
    const alerts = (await onecode.scans.listCountAlerts(admin, { code: code(3) })).items;
    expect(alerts.map((alert) => [alert.kind, alert.threshold, alert.observed])).toEqual([
      ["visitor_scans", 1, 2],
      ["visitors", 2, 3],
    ]);
    expect((await onecode.scans.listCountAlerts(admin, { kind: "visitors" })).items).toHaveLength(
      1,
    );
  });

  it("uses a batch's own thresholds in place of the tenant's, and a batch edit shows on the next scan", async () => {
    const { onecode, admin, scan, code, batch } = await traced();
    await onecode.scans.updateAlertSettings(admin, { visitorScans: 1 });
    await onecode.traceBatches.update(admin, batch.id, {
      countAlert: { visitorScans: null, visitors: null },
    });
    await scan(code(2));
    expect((await scan(code(2))).countAlert).toBeNull();
    await onecode.traceBatches.update(admin, batch.id, { countAlert: null });
    expect((await scan(code(2))).countAlert?.kinds).toEqual(["visitor_scans"]);
    await onecode.traceBatches.update(admin, batch.id, {
      countAlert: { visitorScans: 5, visitors: null },
    });
    expect((await scan(code(2))).countAlert).toBeNull();
    expect((await onecode.traceBatches.get(admin, batch.id)).countAlert).toEqual({
      visitorScans: 5,
      visitors: null,
    });
  });

  it("applies a settings change at once in the process that made it, and within 30 s in another", async () => {
    const kit = await traced();
    // A second process: its own clock and ids, the same storage and hot state.
    const clock = new ManualClock("2026-05-01T09:00:00Z");
    const other = createOneCode({
      clock,
      random: seededRandom("another process"),
      storage: kit.storage,
      hotState: kit.hotState,
    });
    const scanThere = () =>
      other.scans.scan({ tenantId: "acme", code: kit.code(2), ip: IPS.guangdong });
    await kit.scan(kit.code(2));
    expect((await scanThere()).countAlert).toBeNull(); // reads (and remembers) "no settings"
    await kit.onecode.scans.updateAlertSettings(kit.admin, { visitorScans: 1 });
    expect((await kit.scan(kit.code(2))).countAlert?.kinds).toEqual(["visitor_scans"]);
    expect((await scanThere()).countAlert).toBeNull();
    clock.advance(30_000);
    // The first scan after the 30 s still uses what it remembered while reading again.
    await scanThere();
    expect((await scanThere()).countAlert?.kinds).toEqual(["visitor_scans"]);
  });

  it("leaves scans of inactive batches and unknown codes without count alerts", async () => {
    const { onecode, admin, scan, code, batch } = await traced();
    await onecode.scans.updateAlertSettings(admin, { visitorScans: 1 });
    await onecode.traceBatches.setStatus(admin, batch.id, "frozen");
    for (const scanned of [code(2), code(2), "NoSuchCode000001", "NoSuchCode000001"]) {
      expect((await scan(scanned)).countAlert).toBeNull();
    }
    expect((await onecode.scans.listCountAlerts(admin)).items).toEqual([]);
  });

  it("answers the scan when storing its alert fails, and stores it with the next scan past the threshold", async () => {
    const { onecode, admin, scan, code, storage } = await traced();
    await onecode.scans.updateAlertSettings(admin, { visitorScans: 1 });
    const insert = storage.scans.insertCountAlert.bind(storage.scans);
    storage.scans.insertCountAlert = () => Promise.reject(new Error("storage down"));
    await scan(code(2));
    expect((await scan(code(2))).countAlert?.kinds).toEqual(["visitor_scans"]);
    storage.scans.insertCountAlert = insert;
    await scan(code(2));
    const alerts = (await onecode.scans.listCountAlerts(admin)).items;
    expect(alerts.map((alert) => alert.observed)).toEqual([3]);
  });

  it("answers a scan whose tenant settings cannot be read without a count alert, and reads them again on the next scan", async () => {
    const { onecode, admin, scan, code, storage } = await traced();
    await onecode.scans.updateAlertSettings(admin, { visitorScans: 1 });
    // A fresh process has not read the settings yet.
    const other = createOneCode({
      clock: new ManualClock("2026-05-01T09:00:00Z"),
      random: seededRandom("another process"),
      storage,
      hotState: memoryHotState(),
    });
    const read = storage.scans.alertSettings.bind(storage.scans);
    storage.scans.alertSettings = () => Promise.reject(new Error("storage down"));
    await scan(code(2));
    const scanThere = () =>
      other.scans.scan({ tenantId: "acme", code: code(2), ip: IPS.guangdong });
    expect((await scanThere()).countAlert).toBeNull();
    storage.scans.alertSettings = read;
    expect((await scanThere()).countAlert?.kinds).toEqual(["visitor_scans"]);
  });

  it("keeps settings per tenant: defaults off, admins change only what they name", async () => {
    const { onecode, admin, staff, clock } = await traced();
    expect(await onecode.scans.getAlertSettings(admin)).toEqual({
      tenantId: "acme",
      visitorScans: null,
      visitors: null,
      updatedAt: null,
    });
    await onecode.scans.updateAlertSettings(admin, { visitorScans: 3 });
    clock.advance(1_000);
    const changed = await onecode.scans.updateAlertSettings(admin, {
      visitors: SCAN_THRESHOLD_MAX,
    });
    expect(changed).toEqual({
      tenantId: "acme",
      visitorScans: 3,
      visitors: SCAN_THRESHOLD_MAX,
      updatedAt: "2026-05-01T09:00:01.000Z",
    });
    const inspector = staff("acme", "inspector");
    expect(await onecode.scans.getAlertSettings(inspector)).toEqual(changed);
    const forbidden = await rejectionOf(
      onecode.scans.updateAlertSettings(inspector, { visitors: 2 }),
    );
    expect(isOneCodeError(forbidden, "FORBIDDEN")).toBe(true);
    expect((await onecode.scans.getAlertSettings(staff("globex", "admin"))).visitors).toBeNull();
  });

  it("refuses thresholds outside 1 to 1,000 and filters it cannot read, naming the field", async () => {
    const { onecode, admin, product } = await traced();
    const refused = async (promise: Promise<unknown>) => issuesOf(await rejectionOf(promise));
    expect(
      await refused(
        onecode.scans.updateAlertSettings(admin, {
          visitorScans: 0,
          visitors: SCAN_THRESHOLD_MAX + 1,
        }),
      ),
    ).toEqual([
      ["visitorScans", "range"],
      ["visitors", "range"],
    ]);
    expect(await refused(onecode.scans.updateAlertSettings(admin, { visitorScans: 1.5 }))).toEqual([
      ["visitorScans", "range"],
    ]);
    const create = (countAlert: unknown) =>
      onecode.traceBatches.create(admin, {
        batchNumber: "B-X",
        productId: product.id,
        productionDate: "2026-04-01",
        countAlert: countAlert as never,
      });
    expect(await refused(create({ visitorScans: 2 }))).toEqual([
      ["countAlert.visitors", "required"],
    ]);
    expect(await refused(create({ visitorScans: "3", visitors: null }))).toEqual([
      ["countAlert.visitorScans", "range"],
    ]);
    expect(await refused(create(7))).toEqual([["countAlert", "type"]]);
    expect(await refused(onecode.scans.listCountAlerts(admin, { kind: "often" as never }))).toEqual(
      [["kind", "one_of"]],
    );
    expect(await refused(onecode.scans.listCountAlerts(admin, { from: "today" }))).toEqual([
      ["from", "date_time"],
    ]);
  });
});
