import type { RecordedScanStats, Storage } from "@onecode/core";
import { freshTenantId, scanRecord } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { recordedStorage } from "./support/recorded-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const SUSPICION = { visitors: 5, regions: 3 };

/** `count` scans of `codes` codes, round robin, each at its own time and by one of 7 visitors. */
function scansOver(tenant: string, codes: number, count: number) {
  return Array.from({ length: count }, (_, i) =>
    scanRecord(tenant, `CODE-${i % codes}`, {
      scannedAt: new Date(Date.UTC(2026, 4, 1, 0, 0, 0, i)).toISOString(),
      visitorId: `visitor-${i % 7}`,
      region: ["CN-GD", "CN-BJ", "CN-SH"][i % 3] ?? null,
    }),
  );
}

/** Statements that wrote scans (one per batch). */
const writes = (queries: readonly { sql: string }[]) =>
  queries.filter((query) => query.sql.includes("INSERT INTO onecode_scans")).length;

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("scan group commit", target), () => {
    it("records 1,000 parallel scans over 50 codes in a few statements, every count exact and in arrival order", async () => {
      const { queries, storage, tenant } = await recordedStorage(target);
      const scans = scansOver(tenant, 50, 1_000);
      const results = await Promise.all(scans.map((scan) => storage.scans.record(scan, SUSPICION)));

      // Far fewer statements than scans: they were written together.
      expect(writes(queries)).toBeGreaterThan(0);
      expect(writes(queries)).toBeLessThanOrEqual(20);
      expect(await storage.scans.count(tenant)).toBe(1_000);
      const byCode = new Map<string, RecordedScanStats[]>();
      scans.forEach((scan, i) => {
        const list = byCode.get(scan.code) ?? [];
        list.push(results[i] as RecordedScanStats);
        byCode.set(scan.code, list);
      });
      expect(byCode.size).toBe(50);
      for (const [code, stats] of byCode) {
        // The k-th call for a code saw count k: exact, gapless, in call order.
        expect(stats.map((s) => s.count)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
        const first = scans.find((scan) => scan.code === code);
        for (const s of stats) {
          expect(s.firstScannedAt).toBe(first?.scannedAt);
          expect(s.firstRegion).toBe(first?.region);
        }
        // Each code's 20 scans come from its 7 visitors in turn: counted exactly, in order.
        expect(stats.map((s) => s.distinctVisitors)).toEqual(
          Array.from({ length: 20 }, (_, k) => Math.min(k + 1, 7)),
        );
        expect(stats.map((s) => s.visitorScans)).toEqual(
          Array.from({ length: 20 }, (_, k) => Math.floor(k / 7) + 1),
        );
        const regions = stats.map((s) => s.distinctRegions);
        expect([...regions].sort((a, b) => a - b)).toEqual(regions);
        const { visitorScans: _, ...last } = stats.at(-1) as RecordedScanStats;
        expect(await storage.scans.stats(tenant, code)).toEqual(last);
        const stored = await storage.scans.listForCode(tenant, code, { limit: 50, beforeId: null });
        expect(stored.map((scan) => scan.id).sort()).toEqual(
          scans
            .filter((scan) => scan.code === code)
            .map((scan) => scan.id)
            .sort(),
        );
      }
      await storage.close();
    });

    it("stores each genuine scan's verdict as of its own position in the batch", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const suspicion = { visitors: 2, regions: 9 };
      const scans = Array.from({ length: 8 }, (_, i) =>
        scanRecord(tenant, "HOT", { visitorId: `v${i}`, region: "CN-GD" }),
      );
      const probe = scanRecord(tenant, "HOT", { visitorId: "v0", verdict: "batch_inactive" });
      const results = await Promise.all(
        [...scans, probe].map((scan) => storage.scans.record(scan, suspicion)),
      );
      expect(results.map((s) => s.distinctVisitors)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 8]);
      expect(results.map((s) => s.visitorScans)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2]);
      const stored = await storage.scans.listForCode(tenant, "HOT", { limit: 20, beforeId: null });
      const verdictOf = new Map(stored.map((scan) => [scan.id, scan.verdict]));
      // Passing the threshold (a third distinct visitor) turns a genuine scan suspicious.
      expect(scans.map((scan) => verdictOf.get(scan.id))).toEqual([
        "genuine",
        "genuine",
        ...Array(6).fill("suspicious"),
      ]);
      expect(verdictOf.get(probe.id)).toBe("batch_inactive");
      await storage.close();
    });

    it("gives batches of one visitor and region per code the same verdicts and tallies", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const suspicion = { visitors: 2, regions: 1 };
      // Each round is one batch: every code's scans in it share one visitor and one region (or
      // none), the case the adapter writes with its array statement.
      const rounds = [
        ["v0", "CN-GD"],
        ["v0", null],
        ["v1", "CN-BJ"],
        [null, "CN-SH"],
        ["v2", "CN-GD"],
        ["v3", null],
      ] as const;
      const results: RecordedScanStats[][] = [];
      const verdicts: string[][] = [];
      for (const [visitorId, region] of rounds) {
        const scans = ["HOT", "HOT", "OTHER"].map((code) =>
          scanRecord(tenant, code, { visitorId, region }),
        );
        results.push(await Promise.all(scans.map((scan) => storage.scans.record(scan, suspicion))));
        const stored = await storage.scans.listForCode(tenant, "HOT", {
          limit: 50,
          beforeId: null,
        });
        const verdictOf = new Map(stored.map((scan) => [scan.id, scan.verdict]));
        verdicts.push(scans.slice(0, 2).map((scan) => verdictOf.get(scan.id) as string));
      }
      const hot = results.map((round) => round.slice(0, 2));
      expect(hot.flat().map((s) => s.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(hot.flat().map((s) => s.distinctVisitors)).toEqual([
        1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4,
      ]);
      expect(hot.flat().map((s) => s.visitorScans)).toEqual([1, 2, 3, 4, 1, 2, 0, 0, 1, 2, 1, 2]);
      expect(hot.flat().map((s) => s.distinctRegions)).toEqual([
        1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2,
      ]);
      for (const s of hot.flat()) {
        expect(s.firstScannedAt).toBe(hot[0]?.[0]?.firstScannedAt);
        expect(s.firstRegion).toBe("CN-GD");
      }
      // Two regions pass the region threshold (1), three visitors the visitor threshold (2).
      expect(verdicts).toEqual([
        ["genuine", "genuine"],
        ["genuine", "genuine"],
        ["suspicious", "suspicious"],
        ["suspicious", "suspicious"],
        ["suspicious", "suspicious"],
        ["suspicious", "suspicious"],
      ]);
      expect(results.map((round) => round[2]?.count)).toEqual([1, 2, 3, 4, 5, 6]);
      const { visitorScans: _, ...last } = hot.flat().at(-1) as RecordedScanStats;
      expect(await storage.scans.stats(tenant, "HOT")).toEqual(last);
      await storage.close();
    });

    it("fails only the scan that breaks a batch, and records the rest", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const scans = scansOver(tenant, 5, 20);
      // A time the database cannot read fails the statement holding it.
      const broken = scanRecord(tenant, "CODE-0", { scannedAt: "not a time" });
      const outcomes = await Promise.allSettled(
        [...scans, broken].map((scan) => storage.scans.record(scan, SUSPICION)),
      );
      expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(1);
      expect(outcomes.at(-1)?.status).toBe("rejected");
      expect(await storage.scans.count(tenant)).toBe(20);
      for (let code = 0; code < 5; code++) {
        expect((await storage.scans.stats(tenant, `CODE-${code}`))?.count).toBe(4);
      }
      await storage.close();
    });

    it("answers a scan repeated within one batch with its code's statistics, counting it once", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const scans = scansOver(tenant, 5, 20);
      // The same scan twice (a replayed call): its key (tenant, code, id) is taken.
      const repeated = { ...scans[3], visitorId: "replay" } as (typeof scans)[number];
      const results = await Promise.all(
        [...scans, repeated].map((scan) => storage.scans.record(scan, SUSPICION)),
      );
      expect(await storage.scans.count(tenant)).toBe(20);
      const stats = await storage.scans.stats(tenant, "CODE-3");
      expect(stats?.count).toBe(4);
      // As now, with the repeat's own visitor ("replay", whose scan was never stored).
      expect(results.at(-1)).toEqual({ ...stats, visitorScans: 0 });
      expect(
        results
          .slice(0, 20)
          .map((s) => s.count)
          .sort(),
      ).toEqual(Array.from({ length: 20 }, (_, i) => Math.floor(i / 5) + 1));
      await storage.close();
    });

    it("writes every queued scan on close, and refuses scans after it", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db, scanGroupCommit: { windowMs: 50 } });
      const tenant = freshTenantId();
      const pending = scansOver(tenant, 10, 100).map((scan) =>
        storage.scans.record(scan, SUSPICION),
      );
      await storage.close();
      expect(
        (await Promise.all(pending))
          .map((s) => s.count)
          .sort((a, b) => a - b)
          .at(-1),
      ).toBe(10);
      await expect(storage.scans.record(scanRecord(tenant, "LATE"), SUSPICION)).rejects.toThrow(
        /closed/,
      );
      const reader = postgresStorage({ db });
      expect(await reader.scans.count(tenant)).toBe(100);
    });

    it("keeps a code's scans in order when their thresholds change between calls", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          storage.scans.record(
            scanRecord(tenant, "C", { visitorId: `v${i}` }),
            i % 2 === 0 ? { visitors: 3, regions: 1 } : { visitors: 5, regions: 1 },
          ),
        ),
      );
      expect(results.map((s) => s.count)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect((await storage.scans.stats(tenant, "C"))?.count).toBe(12);
      await storage.close();
    });

    it("records a scan inside a transaction with the transaction, not the group", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      await expect(
        storage.transaction(async (tx) => {
          expect(await tx.scans.record(scanRecord(tenant, "T"), SUSPICION)).toMatchObject({
            count: 1,
          });
          expect(await tx.scans.record(scanRecord(tenant, "T"), SUSPICION)).toMatchObject({
            count: 2,
          });
          throw new Error("undo");
        }),
      ).rejects.toThrow("undo");
      expect(await storage.scans.stats(tenant, "T")).toBeNull();
      expect(await storage.scans.record(scanRecord(tenant, "T"), SUSPICION)).toMatchObject({
        count: 1,
      });
      await storage.close();
    });

    it.skipIf(!target.parallel)(
      `counts exactly when two instances group-commit scans of the same new codes, each durable when it resolves${target.parallel ? "" : " (skipped: PGlite serves one connection, so there is no second instance)"}`,
      async () => {
        const fresh = await target.fresh();
        await migrate(fresh.db);
        const instances: Storage[] = [
          postgresStorage({ db: fresh.db }),
          postgresStorage({ db: fresh.connect() }),
        ];
        const observer = postgresStorage({ db: fresh.connect(), scanGroupCommit: false });
        const tenant = freshTenantId();
        const scans = scansOver(tenant, 10, 400);
        const notDurable: string[] = [];
        const results = await Promise.all(
          scans.map(async (scan, i) => {
            const stats = await (instances[i % 2] as Storage).scans.record(scan, SUSPICION);
            // Another connection sees this very scan the moment its call resolves: the newest
            // of the code's scans with an id up to its own ("~" sorts after every id character)
            // is the scan itself.
            const seen = await observer.scans.listForCode(tenant, scan.code, {
              limit: 1,
              beforeId: `${scan.id}~`,
            });
            if (seen[0]?.id !== scan.id) notDurable.push(scan.id);
            return stats;
          }),
        );
        expect(notDurable).toEqual([]);
        for (let code = 0; code < 10; code++) {
          const counts = results
            .filter((_, i) => i % 10 === code)
            .map((s) => s.count)
            .sort((a, b) => a - b);
          expect(counts).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
          expect((await observer.scans.stats(tenant, `CODE-${code}`))?.count).toBe(40);
        }
        expect(await observer.scans.count(tenant)).toBe(400);
        await Promise.all(instances.map((storage) => storage.close()));
      },
    );
  });
}
