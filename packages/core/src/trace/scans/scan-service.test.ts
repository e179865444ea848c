import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { ManualClock } from "../../kernel/clock.js";
import { memoryHotState } from "../../memory/memory-hot-state.js";
import type { HotState } from "../../ports/hot-state.js";
import {
  distributionTestKit,
  IPS,
  KIT_GTIN,
  rejectionOf,
} from "../distribution/distribution-test-kit.js";
import { buildDigitalLink, digitalLinkSerial } from "../gs1/digital-link.js";
import type { ScanResult } from "./scan.js";
import { traced } from "./scan-test-kit.js";

const EMPTY = {
  product: null,
  batch: null,
  productionTasks: [],
  distribution: [],
  scans: null,
  countAlert: null,
  campaign: null,
  codeStatus: null,
};

describe("consumer scan", () => {
  it("answers a code of an active batch with product, visible trace info, tasks, visible steps and stats", async () => {
    const { scan, code, product } = await traced();
    const result = await scan(code(2), IPS.guangdong, "visitor-1");
    expect(result).toEqual({
      verdict: "genuine",
      batchState: null,
      product: {
        name: product.name,
        specification: "250g/box",
        description: "",
        images: [],
        gtin: KIT_GTIN,
      },
      batch: {
        batchNumber: "B-1",
        productionDate: "2026-04-01",
        expiryDate: "2027-04-01",
        customFields: [
          { title: "产地 Origin", type: "text", content: "杭州 Hangzhou", showOnScan: true },
        ],
        template: expect.objectContaining({ kind: "basic" }),
        sealed: false,
      },
      productionTasks: [
        {
          name: "杀青 Fixing",
          executedAt: "2026-04-01T01:00:00.000Z",
          personInCharge: "李师傅",
          line: { name: "Line 1", workshop: "W1", factory: "Hangzhou" },
          customFields: [{ title: "温度", type: "text", content: "250°C", showOnScan: true }],
        },
      ],
      distribution: [
        {
          at: "2026-05-01T09:00:00.000Z",
          from: "工厂 Factory",
          to: "广东经销商",
          outboundType: "sale",
          inboundType: "purchase",
        },
      ],
      scans: { count: 1, firstScannedAt: "2026-05-01T09:00:00.000Z", firstRegion: "CN-GD" },
      countAlert: null,
      campaign: null,
      codeStatus: null,
    });
  });

  it("reads codes from code URLs and GS1 Digital Links", async () => {
    const { scan, code, pkg } = await traced();
    expect((await scan(`https://t.acme.example/c/${code(3)}`)).verdict).toBe("genuine");
    const link = buildDigitalLink("https://t.acme.example", {
      gtin: KIT_GTIN,
      serial: digitalLinkSerial(pkg.id, 3),
      code: code(3),
    });
    const result = await scan(link);
    expect(result.verdict).toBe("genuine");
    expect(result.scans?.count).toBe(2);
  });

  it("answers unknown and unbound codes with the empty shape and still records them", async () => {
    const { onecode, admin, scan, makePackage } = await traced();
    const unknown = await scan("NoSuchCode000001");
    expect(unknown).toEqual({ verdict: "unknown_code", batchState: null, ...EMPTY });
    const { codes } = await makePackage({ quantity: 1 });
    const unbound = await scan(codes[0]?.code as string);
    expect(unbound).toEqual(unknown);
    const records = await onecode.scans.listScans(admin, "NoSuchCode000001");
    expect(records.items).toEqual([
      {
        id: expect.stringMatching(/^scan_/),
        tenantId: "acme",
        code: "NoSuchCode000001",
        scannedAt: "2026-05-01T09:00:00.000Z",
        region: "CN-GD",
        visitorId: expect.stringMatching(/^ip:[0-9a-f]{16}$/),
        declaredVisitorId: null,
        userId: null,
        verdict: "unknown_code",
        batchId: null,
        productId: null,
      },
    ]);
  });

  it("records the batch and product a scan resolved to, whatever the batch's status", async () => {
    const { onecode, admin, scan, code, batch } = await traced();
    await scan(code(2), IPS.guangdong, "cookie-7");
    await onecode.traceBatches.setStatus(admin, batch.id, "frozen");
    expect((await scan(code(2))).verdict).toBe("batch_inactive");
    const records = (await onecode.scans.listScans(admin, code(2))).items;
    expect(records.map((record) => [record.verdict, record.batchId, record.productId])).toEqual([
      ["batch_inactive", batch.id, batch.productId],
      ["genuine", batch.id, batch.productId],
    ]);
    expect(records[1]?.declaredVisitorId).toBe("cookie-7");
  });

  it("gives unknown codes exactly the keys of known ones, emptied", async () => {
    const { scan, code } = await traced();
    const known = await scan(code(2));
    const unknown = await scan("NoSuchCode000001");
    expect(Object.keys(unknown)).toEqual(Object.keys(known));
    for (const key of Object.keys(known) as Array<keyof ScanResult>) {
      const value = known[key];
      if (Array.isArray(value)) expect(unknown[key]).toEqual([]);
      else if (value !== null && typeof value === "object") expect(unknown[key]).toBeNull();
      else expect(unknown[key] === null || typeof unknown[key] === typeof value).toBe(true);
    }
  });

  it("makes the same hot-state reads and the same record write for unknown codes as for known ones", async () => {
    const clock = new ManualClock("2026-05-01T08:00:00Z");
    const inner = memoryHotState({ clock });
    let reads = 0;
    const hotState: HotState = {
      ...inner,
      cache: {
        ...inner.cache,
        get: (tenantId, key) => {
          reads++;
          return inner.cache.get(tenantId, key);
        },
      },
    };
    const kit = await distributionTestKit({ hotState });
    const { pkg, codes } = await kit.makePackage({ quantity: 1 });
    await kit.makeBatch([pkg.id]);
    const readsOf = async (code: string) => {
      await kit.onecode.scans.scan({ tenantId: "acme", code, ip: IPS.guangdong });
      const before = reads;
      await kit.onecode.scans.scan({ tenantId: "acme", code, ip: IPS.guangdong });
      return reads - before;
    };
    const known = await readsOf(codes[0]?.code as string);
    const unknown = await readsOf("NoSuchCode000001");
    expect(unknown).toBe(known);
    expect(await kit.storage.scans.count("acme")).toBe(4);
  });

  it("answers batch_inactive without trace info for inactive and frozen batches", async () => {
    const { onecode, admin, scan, code, batch, makePackage, makeBatch } = await traced();
    await onecode.traceBatches.setStatus(admin, batch.id, "frozen");
    expect(await scan(code(2))).toEqual({
      verdict: "batch_inactive",
      batchState: "suspended",
      ...EMPTY,
    });
    const { pkg, codes } = await makePackage({ quantity: 1 });
    await makeBatch([pkg.id], { status: "inactive" });
    expect(await scan(codes[0]?.code as string)).toEqual({
      verdict: "batch_inactive",
      batchState: "inactive",
      ...EMPTY,
    });
  });

  it("refuses malformed input and bad tenants before any work, every broken rule at once", async () => {
    const { onecode } = await traced();
    const malformed = await rejectionOf(
      onecode.scans.scan({ tenantId: "acme", code: "not a code", ip: "" }),
    );
    expect(issuesOf(malformed)).toEqual([
      ["code", "code_format"],
      ["ip", "required"],
    ]);
    const tenant = await rejectionOf(
      onecode.scans.scan({ tenantId: "-", code: "x", ip: "1.1.1.1" }),
    );
    expect(issuesOf(tenant)).toEqual([["tenantId", "tenant_id_format"]]);
    const everything = await rejectionOf(
      onecode.scans.scan({ tenantId: "-", code: "x\u0000", ip: "1.1.1.1", visitorId: "\ud83c" }),
    );
    expect(issuesOf(everything)).toEqual([
      ["tenantId", "tenant_id_format"],
      ["code", "characters"],
      ["code", "code_format"],
      ["visitorId", "characters"],
    ]);
  });

  it("keeps scans of one tenant away from another", async () => {
    const { onecode, staff, scan, code } = await traced();
    await scan(code(2), IPS.beijing);
    const other = staff("globex", "admin");
    const elsewhere = await onecode.scans.scan({
      tenantId: "globex",
      code: code(2),
      ip: IPS.beijing,
    });
    expect(elsewhere.verdict).toBe("unknown_code");
    expect((await onecode.scans.listScans(other, code(2))).items).toHaveLength(1);
    expect((await onecode.scans.listAlerts(other)).items).toEqual([]);
  });
});
