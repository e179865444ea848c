import { describe, expect, it } from "vitest";
import type { AggregationWrite } from "../../src/trace/lifecycle/ports.js";
import {
  enterpriseRecord,
  stockDocumentRecord,
  stockItem,
  storedPackage,
} from "../distribution-fixtures.js";
import { freshTenantId } from "../fixtures.js";
import { aggregationChangeRecord } from "../lifecycle-fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const everything = [{ fromSerial: 1, toSerial: 1000 }];

/** Aggregation links beyond the layout, their history, versions and holder checks. */
export function aggregationTests({ storage }: StorageSuiteContext): void {
  const aggregation = () => storage().aggregation;

  /** A package of 30 codes (as if cases 1 and 11 held 2..10 and 12..20), a factory and a shop. */
  async function world() {
    const tenant = freshTenantId();
    const { pkg } = await storedPackage(storage(), tenant, 30);
    const factory = await storage().enterprises.insert(enterpriseRecord(tenant));
    if (factory.outcome !== "inserted") throw new Error("enterprise insert failed");
    const shop = await storage().enterprises.insert(
      enterpriseRecord(tenant, { parentId: factory.enterprise.id }),
    );
    if (shop.outcome !== "inserted") throw new Error("enterprise insert failed");
    /** A write moving `serial` under `parentSerial` (as if the layout put it under 1). */
    const write = (
      serial: number,
      parentSerial: number | null,
      overrides: Partial<AggregationWrite> = {},
    ): AggregationWrite => ({
      packageId: pkg.id,
      expectedVersion: 0,
      holders: { serials: [serial], expectedHolder: undefined },
      relinks: [{ serial, parentSerial, layoutParent: parentSerial === 1 }],
      changes: [
        aggregationChangeRecord(tenant, pkg.id, 1, { fromSerial: serial, toSerial: serial }),
      ],
      ...overrides,
    });
    return {
      tenant,
      pkg,
      factory: factory.enterprise.id,
      shop: shop.enterprise.id,
      write,
    };
  }

  describe("aggregation links and history", () => {
    it("applies links and history in one step, raising the version; reads links by serial or parent", async () => {
      const { tenant, pkg, write } = await world();
      expect(await aggregation().linksAround(tenant, pkg.id, everything)).toEqual({
        version: 0,
        links: [],
      });
      const unpack = write(3, null);
      expect(await aggregation().apply(tenant, unpack)).toEqual({ outcome: "applied", version: 1 });
      const repack = write(4, 11, { expectedVersion: 1 });
      expect(await aggregation().apply(tenant, repack)).toEqual({ outcome: "applied", version: 2 });
      expect(await aggregation().linksAround(tenant, pkg.id, everything)).toEqual({
        version: 2,
        links: [
          { serial: 3, parentSerial: null },
          { serial: 4, parentSerial: 11 },
        ],
      });
      // By serial (3, 4) or by parent serial (11); other segments see nothing.
      expect(
        (await aggregation().linksAround(tenant, pkg.id, [{ fromSerial: 4, toSerial: 4 }])).links,
      ).toEqual([{ serial: 4, parentSerial: 11 }]);
      expect(
        (
          await aggregation().linksAround(tenant, pkg.id, [
            { fromSerial: 1, toSerial: 3 },
            { fromSerial: 11, toSerial: 20 },
          ])
        ).links,
      ).toEqual([
        { serial: 3, parentSerial: null },
        { serial: 4, parentSerial: 11 },
      ]);
      expect(
        (await aggregation().linksAround(tenant, pkg.id, [{ fromSerial: 21, toSerial: 30 }])).links,
      ).toEqual([]);
      expect(
        await aggregation().changesOfPackage(tenant, pkg.id, { offset: 0, limit: 10 }),
      ).toEqual([...unpack.changes, ...repack.changes]);
      expect(await aggregation().linksAround(freshTenantId(), pkg.id, everything)).toEqual({
        version: 0,
        links: [],
      });
    });

    it("removes a code's link when it goes back under its layout parent", async () => {
      const { tenant, pkg, write } = await world();
      await aggregation().apply(tenant, write(5, null));
      await aggregation().apply(tenant, write(5, 1, { expectedVersion: 1 }));
      expect(await aggregation().linksAround(tenant, pkg.id, everything)).toEqual({
        version: 2,
        links: [],
      });
    });

    it("refuses a stale version or a holder that differs, changing nothing", async () => {
      const { tenant, pkg, factory, shop, write } = await world();
      await aggregation().apply(tenant, write(3, null));
      expect(await aggregation().apply(tenant, write(4, null))).toEqual({
        outcome: "version_changed",
        version: 1,
      });
      const entry = stockDocumentRecord(tenant, null, factory, { inboundType: "production" });
      await storage().stock.insertDocument(entry);
      await storage().stock.moveCodes(tenant, stockItem(entry, pkg.id, 1, 10), undefined, factory);
      // Codes 1..10 are in circulation now: "not held yet" no longer holds.
      expect(await aggregation().apply(tenant, write(4, null, { expectedVersion: 1 }))).toEqual({
        outcome: "holder_mismatch",
        mismatched: 1,
      });
      const atShop = write(4, null, {
        expectedVersion: 1,
        holders: { serials: [1, 4, 12], expectedHolder: shop },
      });
      expect(await aggregation().apply(tenant, atShop)).toEqual({
        outcome: "holder_mismatch",
        mismatched: 3,
      });
      const atFactory = write(4, null, {
        expectedVersion: 1,
        holders: { serials: [1, 4, 12], expectedHolder: factory },
      });
      expect(await aggregation().apply(tenant, atFactory)).toEqual({
        outcome: "holder_mismatch",
        mismatched: 1,
      });
      expect(await aggregation().linksAround(tenant, pkg.id, everything)).toEqual({
        version: 1,
        links: [{ serial: 3, parentSerial: null }],
      });
      expect(
        await aggregation().changesOfPackage(tenant, pkg.id, { offset: 0, limit: 10 }),
      ).toHaveLength(1);
      const held = write(4, null, {
        expectedVersion: 1,
        holders: { serials: [1, 4], expectedHolder: factory },
      });
      expect(await aggregation().apply(tenant, held)).toEqual({ outcome: "applied", version: 2 });
    });

    it("applies exactly one of many concurrent changes of one package", async () => {
      const { tenant, pkg, write } = await world();
      const results = await Promise.all(
        [3, 4, 5, 6, 7, 8].map((serial, i) =>
          aggregation().apply(tenant, write(serial, i % 2 ? 11 : null)),
        ),
      );
      expect(results.filter((result) => result.outcome === "applied")).toEqual([
        { outcome: "applied", version: 1 },
      ]);
      const { version, links } = await aggregation().linksAround(tenant, pkg.id, everything);
      expect(version).toBe(1);
      expect(links).toHaveLength(1);
      expect(
        await aggregation().changesOfPackage(tenant, pkg.id, { offset: 0, limit: 10 }),
      ).toHaveLength(1);
    });

    it("lists a package's history in order by offset, and a code's as parent or child", async () => {
      const { tenant, pkg, write } = await world();
      const first = write(3, null);
      const second = write(4, 11, {
        expectedVersion: 1,
        changes: [
          aggregationChangeRecord(tenant, pkg.id, 1, { fromSerial: 4, toSerial: 4 }),
          aggregationChangeRecord(
            tenant,
            pkg.id,
            11,
            { fromSerial: 4, toSerial: 4 },
            {
              action: "pack",
            },
          ),
        ],
      });
      await aggregation().apply(tenant, first);
      await aggregation().apply(tenant, second);
      const all = [...first.changes, ...second.changes];
      expect(await aggregation().changesOfPackage(tenant, pkg.id, { offset: 1, limit: 5 })).toEqual(
        all.slice(1),
      );
      expect(await aggregation().changesOfPackage(tenant, pkg.id, { offset: 0, limit: 1 })).toEqual(
        all.slice(0, 1),
      );
      expect(await aggregation().changesOfCode(tenant, pkg.id, 1)).toEqual(all.slice(0, 2));
      expect(await aggregation().changesOfCode(tenant, pkg.id, 4)).toEqual(all.slice(1));
      expect(await aggregation().changesOfCode(tenant, pkg.id, 11)).toEqual(all.slice(2));
      expect(await aggregation().changesOfCode(tenant, pkg.id, 5)).toEqual([]);
      expect(await aggregation().changesOfCode(freshTenantId(), pkg.id, 4)).toEqual([]);
    });
  });
}
