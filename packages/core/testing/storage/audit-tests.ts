import { describe, expect, it } from "vitest";
import type { AuditEntry, AuditFilter } from "../../src/kernel/audit/audit-entry.js";
import { auditEntryRecord } from "../audit-fixtures.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const page = { limit: 100, beforeId: null };

/** The audit log: append-only, transactional, filtered, paged newest first, per tenant. */
export function auditTests({ storage }: StorageSuiteContext): void {
  const audit = () => storage().audit;
  const ids = async (tenant: string, filter: AuditFilter = {}) =>
    (await audit().list(tenant, filter, page)).map((entry) => entry.id);

  describe("audit log", () => {
    it("offers no way to change or remove an entry", () => {
      expect(Object.keys(audit()).sort()).toEqual(["append", "list"]);
    });

    it("keeps entries exactly as appended and lists them newest first", async () => {
      const tenant = freshTenantId();
      const first = auditEntryRecord(tenant);
      const second = auditEntryRecord(tenant, {
        actor: { kind: "system", id: "system" },
        action: "codes.package.succeeded",
        target: { type: "code_package", id: "pkg_1" },
        at: "2026-03-01T08:00:00.123Z",
        changes: {
          status: { before: "running", after: "succeeded" },
          codeCount: { after: 1200 },
          nested: { after: { ok: true, none: null, list: [1, "二"] } },
        },
      });
      await audit().append([first]);
      await audit().append([second]);
      expect(await audit().list(tenant, {}, page)).toEqual([second, first]);
    });

    it("appends a batch whole or not at all", async () => {
      const tenant = freshTenantId();
      const kept = auditEntryRecord(tenant);
      await audit().append([kept]);
      const fresh = auditEntryRecord(tenant);
      await expect(audit().append([fresh, kept])).rejects.toThrow();
      expect(await ids(tenant)).toEqual([kept.id]);
      const [a, b] = [auditEntryRecord(tenant), auditEntryRecord(tenant)];
      await audit().append([a, b]);
      expect(await ids(tenant)).toEqual([b.id, a.id, kept.id]);
    });

    it("leaves nothing behind when the transaction that appended fails, and keeps what a committed one appended", async () => {
      const tenant = freshTenantId();
      await expect(
        storage().transaction(async (tx) => {
          await tx.audit.append([auditEntryRecord(tenant)]);
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await ids(tenant)).toEqual([]);
      const entry = auditEntryRecord(tenant);
      await storage().transaction((tx) => tx.audit.append([entry]));
      expect(await ids(tenant)).toEqual([entry.id]);
    });

    it("filters by actor, target, action and period (from inclusive, to exclusive)", async () => {
      const tenant = freshTenantId();
      const made: AuditEntry[] = [
        auditEntryRecord(tenant, { at: "2026-03-01T00:00:00.000Z" }),
        auditEntryRecord(tenant, {
          actor: { kind: "staff", id: "bob" },
          at: "2026-03-02T00:00:00.000Z",
        }),
        auditEntryRecord(tenant, {
          action: "trace.batch.activated",
          target: { type: "trace_batch", id: "tb_1" },
          at: "2026-03-03T00:00:00.000Z",
        }),
        auditEntryRecord(tenant, {
          target: { type: "merchant", id: "mch_2" },
          at: "2026-03-04T00:00:00.000Z",
        }),
      ];
      await audit().append(made);
      const [a, b, c, d] = made.map((entry) => entry.id);
      expect(await ids(tenant)).toEqual([d, c, b, a]);
      expect(await ids(tenant, { actorId: "bob" })).toEqual([b]);
      expect(await ids(tenant, { actorId: "alice" })).toEqual([d, c, a]);
      expect(await ids(tenant, { targetType: "merchant" })).toEqual([d, b, a]);
      expect(await ids(tenant, { targetType: "merchant", targetId: "mch_1" })).toEqual([b, a]);
      expect(await ids(tenant, { targetId: "tb_1" })).toEqual([c]);
      expect(await ids(tenant, { action: "trace.batch.activated" })).toEqual([c]);
      expect(
        await ids(tenant, { from: "2026-03-02T00:00:00.000Z", to: "2026-03-04T00:00:00.000Z" }),
      ).toEqual([c, b]);
      expect(await ids(tenant, { from: "2026-03-04T00:00:00.000Z" })).toEqual([d]);
      expect(await ids(tenant, { to: "2026-03-01T00:00:00.001Z" })).toEqual([a]);
      expect(await ids(tenant, { actorId: "alice", from: "2026-03-02T00:00:00.000Z" })).toEqual([
        d,
        c,
      ]);
      expect(await ids(tenant, { actorId: "nobody" })).toEqual([]);
    });

    it("pages newest first by id with no repeats and no gaps while others append", async () => {
      const tenant = freshTenantId();
      const before = Array.from({ length: 25 }, () => auditEntryRecord(tenant));
      for (const entry of before) await audit().append([entry]);
      const seen: string[] = [];
      let beforeId: string | null = null;
      const appending = Promise.all(
        Array.from({ length: 20 }, () => audit().append([auditEntryRecord(tenant)])),
      );
      for (;;) {
        const rows = await audit().list(tenant, {}, { limit: 4, beforeId });
        seen.push(...rows.map((entry) => entry.id));
        const last = rows[rows.length - 1];
        if (rows.length < 4 || !last) break;
        beforeId = last.id;
      }
      await appending;
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...seen].sort().reverse());
      // Everything committed before the first page was read is on some page.
      for (const entry of before) expect(seen).toContain(entry.id);
      expect(await ids(tenant)).toHaveLength(45);
    });

    it("keeps each tenant's log to itself", async () => {
      const [mine, theirs] = [freshTenantId(), freshTenantId()];
      const entry = auditEntryRecord(mine);
      await audit().append([entry]);
      expect(await ids(theirs)).toEqual([]);
      expect(await ids(theirs, { targetId: entry.target.id })).toEqual([]);
      expect(await audit().list(theirs, {}, { limit: 10, beforeId: null })).toEqual([]);
      expect(await ids(mine)).toEqual([entry.id]);
    });
  });
}
