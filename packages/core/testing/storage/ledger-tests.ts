import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../src/trace/seals/ledger.js";
import { freshTenantId, ledgerEntryRecord } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** The sealed ledger: gapless appends, parallel appends of one sequence, anchors. */
export function ledgerTests({ storage }: StorageSuiteContext): void {
  /** Appends `count` chained entries to the tenant's ledger. */
  async function chain(tenantId: string, count: number, overrides: Partial<LedgerEntry> = {}) {
    const entries: LedgerEntry[] = [];
    for (let i = 0; i < count; i++) {
      const entry = ledgerEntryRecord(tenantId, entries.at(-1) ?? null, overrides);
      expect(await storage().ledger.append(entry)).toEqual({ outcome: "appended" });
      entries.push(entry);
    }
    return entries;
  }

  describe("sealed ledger", () => {
    it("starts empty and appends entries in sequence, reading them back unchanged", async () => {
      const tenant = freshTenantId();
      expect(await storage().ledger.last(tenant)).toBeNull();
      expect(await storage().ledger.list(tenant, 0, 10)).toEqual([]);
      const entries = await chain(tenant, 3);
      entries.push(
        ledgerEntryRecord(tenant, entries[2] ?? null, {
          subjectKind: "production_task",
          anchorId: "local:x:4",
          anchoredAt: "2026-01-02T00:00:00.000Z",
        }),
      );
      expect(await storage().ledger.append(entries[3] as LedgerEntry)).toEqual({
        outcome: "appended",
      });
      expect(await storage().ledger.last(tenant)).toEqual(entries[3]);
      expect(await storage().ledger.list(tenant, 0, 10)).toEqual(entries);
      expect(await storage().ledger.list(tenant, 1, 2)).toEqual(entries.slice(1, 3));
      expect(await storage().ledger.list(tenant, 4, 10)).toEqual([]);
    });

    it("refuses any sequence but last + 1, so the chain has no gaps", async () => {
      const tenant = freshTenantId();
      const [first] = await chain(tenant, 1);
      const again = ledgerEntryRecord(tenant, null);
      expect(await storage().ledger.append(again)).toEqual({ outcome: "sequence_taken" });
      const skipping = ledgerEntryRecord(tenant, { sequence: 2, hash: "aa".repeat(32) });
      expect(await storage().ledger.append(skipping)).toEqual({ outcome: "sequence_taken" });
      expect(await storage().ledger.list(tenant, 0, 10)).toEqual([first]);
      const empty = freshTenantId();
      const late = ledgerEntryRecord(empty, { sequence: 4, hash: "aa".repeat(32) });
      expect(await storage().ledger.append(late)).toEqual({ outcome: "sequence_taken" });
      expect(await storage().ledger.last(empty)).toBeNull();
    });

    it("lets exactly one of many parallel appends of one sequence win", async () => {
      const tenant = freshTenantId();
      const [first] = await chain(tenant, 1);
      const contenders = Array.from({ length: 8 }, () => ledgerEntryRecord(tenant, first ?? null));
      const results = await Promise.all(contenders.map((entry) => storage().ledger.append(entry)));
      const won = results.flatMap((result, i) => (result.outcome === "appended" ? [i] : []));
      expect(won).toHaveLength(1);
      expect(await storage().ledger.list(tenant, 0, 10)).toEqual([first, contenders[won[0] ?? 0]]);
    });

    it("keeps one chain per tenant", async () => {
      const a = freshTenantId();
      const b = freshTenantId();
      const [entryA] = await chain(a, 1);
      const [entryB] = await chain(b, 1);
      expect(await storage().ledger.list(a, 0, 10)).toEqual([entryA]);
      expect(await storage().ledger.last(b)).toEqual(entryB);
      expect(
        await storage().ledger.findBySubject(b, "batch", entryA?.subjectId as string),
      ).toBeNull();
      await storage().ledger.setAnchor(b, 1, "intruder", "2026-01-01T00:00:00.000Z");
      expect((await storage().ledger.last(a))?.anchorId).toBeNull();
    });

    it("finds the latest entry sealing a subject", async () => {
      const tenant = freshTenantId();
      const subjectId = "task_00000000000000000000000001";
      const entries = await chain(tenant, 3, { subjectKind: "production_task", subjectId });
      await chain(freshTenantId(), 1, { subjectKind: "production_task", subjectId });
      expect(await storage().ledger.findBySubject(tenant, "production_task", subjectId)).toEqual(
        entries[2],
      );
      expect(await storage().ledger.findBySubject(tenant, "batch", subjectId)).toBeNull();
      expect(
        await storage().ledger.findBySubject(tenant, "production_task", "task_missing"),
      ).toBeNull();
    });

    it("records an anchor receipt once and lists unanchored entries oldest first", async () => {
      const a = freshTenantId();
      const b = freshTenantId();
      // Far in the past, so other data in a shared database does not push them past the limit.
      const base = Date.UTC(1971, 0, 1) + Math.floor(Math.random() * 1e9);
      const at = (offset: number) => new Date(base + offset).toISOString();
      const [a1, a2] = await chain(a, 2, { recordedAt: at(2) });
      const [b1] = await chain(b, 1, { recordedAt: at(1) });
      try {
        const ours = async () =>
          (await storage().ledger.listUnanchored(10_000)).filter(
            (entry) => entry.tenantId === a || entry.tenantId === b,
          );
        expect(await ours()).toEqual([b1, a1, a2]);
        expect(await storage().ledger.listUnanchored(1)).toHaveLength(1);
        await storage().ledger.setAnchor(a, 1, "anchor-1", "2026-02-01T00:00:00.000Z");
        await storage().ledger.setAnchor(a, 1, "anchor-again", "2026-03-01T00:00:00.000Z");
        await storage().ledger.setAnchor(a, 9, "no-such-entry", "2026-03-01T00:00:00.000Z");
        expect((await storage().ledger.list(a, 0, 1))[0]).toEqual({
          ...a1,
          anchorId: "anchor-1",
          anchoredAt: "2026-02-01T00:00:00.000Z",
        });
        expect(await ours()).toEqual([b1, a2]);
      } finally {
        // Leave nothing unanchored behind in a shared database.
        await storage().ledger.setAnchor(a, 2, "cleanup", at(3));
        await storage().ledger.setAnchor(b, 1, "cleanup", at(3));
      }
    });
  });
}
