import { describe, expect, it } from "vitest";
import type { Enterprise } from "../../src/trace/distribution/distribution.js";
import {
  enterpriseRecord,
  stockDocumentRecord,
  stockItem,
  storedPackage,
} from "../distribution-fixtures.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-03-01T00:00:00.000Z";
const page = { limit: 50, beforeId: null };

export function enterpriseTests({ storage }: StorageSuiteContext): void {
  const enterprises = () => storage().enterprises;

  /** Inserts an enterprise under `parentId` and returns it as stored. */
  async function insert(tenant: string, parentId: string | null = null, name = "E") {
    const result = await enterprises().insert(enterpriseRecord(tenant, { parentId, name }));
    if (result.outcome !== "inserted") throw new Error(`insert failed: ${result.outcome}`);
    return result.enterprise;
  }

  describe("enterprises", () => {
    it("stores roots and children, deriving ancestorIds from the parent, and reads them back", async () => {
      const tenant = freshTenantId();
      const root = enterpriseRecord(tenant, {
        socialCreditCode: null,
        gln: null,
        customFields: [],
      });
      expect(await enterprises().insert(root)).toEqual({ outcome: "inserted", enterprise: root });
      expect(await enterprises().get(tenant, root.id)).toEqual(root);
      const child = enterpriseRecord(tenant, { parentId: root.id, ancestorIds: ["bogus"] });
      const stored = { ...child, ancestorIds: [root.id] };
      expect(await enterprises().insert(child)).toEqual({
        outcome: "inserted",
        enterprise: stored,
      });
      const grandchild = await insert(tenant, child.id);
      expect(grandchild.ancestorIds).toEqual([root.id, child.id]);
      expect(await enterprises().get(tenant, child.id)).toEqual(stored);
    });

    it("refuses a missing parent and stores nothing", async () => {
      const tenant = freshTenantId();
      const orphan = enterpriseRecord(tenant, { parentId: "ent_00000000000000000000000000" });
      expect(await enterprises().insert(orphan)).toEqual({ outcome: "parent_not_found" });
      expect(await enterprises().get(tenant, orphan.id)).toBeNull();
    });

    it("lists children of a parent or the roots, newest first, paged", async () => {
      const tenant = freshTenantId();
      const root = await insert(tenant);
      const children: Enterprise[] = [];
      for (let i = 0; i < 3; i++) children.push(await insert(tenant, root.id, `c${i}`));
      await insert(tenant, children[0]?.id ?? null);
      const ids = async (parentId: string | null, beforeId: string | null = null, limit = 50) =>
        (await enterprises().listChildren(tenant, parentId, { limit, beforeId })).map((e) => e.id);
      expect(await ids(root.id)).toEqual(children.map((e) => e.id).reverse());
      expect(await ids(null)).toEqual([root.id]);
      expect(await ids(root.id, children[2]?.id ?? null, 1)).toEqual([children[1]?.id]);
    });

    it("updates only the given fields; null when absent", async () => {
      const tenant = freshTenantId();
      const root = await insert(tenant);
      const updated = await enterprises().update(tenant, root.id, {
        salesRegion: "CN-SH",
        socialCreditCode: null,
        gln: "6901234000023",
        updatedAt: AT,
      });
      expect(updated).toEqual({
        ...root,
        salesRegion: "CN-SH",
        socialCreditCode: null,
        gln: "6901234000023",
        updatedAt: AT,
      });
      expect(await enterprises().get(tenant, root.id)).toEqual(updated);
      expect(
        await enterprises().update(tenant, "ent_00000000000000000000000000", { updatedAt: AT }),
      ).toBeNull();
    });

    it("moves a whole subtree, rewriting every descendant's path but not its updatedAt", async () => {
      const tenant = freshTenantId();
      const a = await insert(tenant);
      const b = await insert(tenant);
      const child = await insert(tenant, a.id);
      const grandchild = await insert(tenant, child.id);
      const moved = await enterprises().move(tenant, child.id, b.id, AT);
      expect(moved).toEqual({
        outcome: "moved",
        enterprise: { ...child, parentId: b.id, ancestorIds: [b.id], updatedAt: AT },
      });
      expect(await enterprises().get(tenant, grandchild.id)).toEqual({
        ...grandchild,
        ancestorIds: [b.id, child.id],
      });
      expect(await enterprises().listChildren(tenant, a.id, page)).toEqual([]);
      const root = await enterprises().move(tenant, child.id, null, AT);
      expect(root).toMatchObject({ enterprise: { parentId: null, ancestorIds: [] } });
      expect((await enterprises().get(tenant, grandchild.id))?.ancestorIds).toEqual([child.id]);
    });

    it("refuses cycles, missing enterprises and missing parents", async () => {
      const tenant = freshTenantId();
      const a = await insert(tenant);
      const child = await insert(tenant, a.id);
      const grandchild = await insert(tenant, child.id);
      expect(await enterprises().move(tenant, a.id, a.id, AT)).toEqual({ outcome: "cycle" });
      expect(await enterprises().move(tenant, a.id, grandchild.id, AT)).toEqual({
        outcome: "cycle",
      });
      const missing = "ent_00000000000000000000000000";
      expect(await enterprises().move(tenant, missing, null, AT)).toEqual({ outcome: "not_found" });
      expect(await enterprises().move(tenant, a.id, missing, AT)).toEqual({
        outcome: "parent_not_found",
      });
      expect(await enterprises().get(tenant, a.id)).toEqual(a);
    });

    it("never lets racing moves make a cycle", async () => {
      const tenant = freshTenantId();
      for (let round = 0; round < 5; round++) {
        const a = await insert(tenant);
        const b = await insert(tenant);
        const below = await insert(tenant, b.id);
        const results = await Promise.all([
          enterprises().move(tenant, a.id, below.id, AT),
          enterprises().move(tenant, b.id, a.id, AT),
        ]);
        expect(results.map((r) => r.outcome).sort()).toEqual(["cycle", "moved"]);
        for (const id of [a.id, b.id, below.id]) {
          const stored = (await enterprises().get(tenant, id)) as Enterprise;
          expect(stored.ancestorIds).not.toContain(id);
          const parent = stored.parentId && (await enterprises().get(tenant, stored.parentId));
          expect(stored.ancestorIds).toEqual(parent ? [...parent.ancestorIds, parent.id] : []);
        }
      }
    });

    it("gives a child inserted while its parent moves the parent's final path", async () => {
      const tenant = freshTenantId();
      const a = await insert(tenant);
      const b = await insert(tenant);
      const [, inserted] = await Promise.all([
        enterprises().move(tenant, a.id, b.id, AT),
        enterprises().insert(enterpriseRecord(tenant, { parentId: a.id })),
      ]);
      if (inserted.outcome !== "inserted") throw new Error("insert failed");
      expect((await enterprises().get(tenant, inserted.enterprise.id))?.ancestorIds).toEqual([
        b.id,
        a.id,
      ]);
    });

    it("deletes only an enterprise without children, held codes or documents", async () => {
      const tenant = freshTenantId();
      const root = await insert(tenant);
      const child = await insert(tenant, root.id);
      expect(await enterprises().delete(tenant, root.id)).toEqual({
        outcome: "not_empty",
        childCount: 1,
        heldCodeCount: 0,
        documentCount: 0,
      });
      const { pkg } = await storedPackage(storage(), tenant, 5);
      const document = stockDocumentRecord(tenant, null, child.id, {
        outboundType: null,
        inboundType: "production",
      });
      await storage().stock.insertDocument(document);
      expect(await enterprises().delete(tenant, child.id)).toEqual({
        outcome: "not_empty",
        childCount: 0,
        heldCodeCount: 0,
        documentCount: 1,
      });
      await storage().stock.moveCodes(
        tenant,
        stockItem(document, pkg.id, 1, 3),
        undefined,
        child.id,
      );
      expect(await enterprises().delete(tenant, child.id)).toEqual({
        outcome: "not_empty",
        childCount: 0,
        heldCodeCount: 3,
        documentCount: 1,
      });
      const empty = await insert(tenant, root.id);
      expect(await enterprises().delete(tenant, empty.id)).toEqual({ outcome: "deleted" });
      expect(await enterprises().get(tenant, empty.id)).toBeNull();
      expect(await enterprises().delete(tenant, empty.id)).toEqual({ outcome: "not_found" });
    });

    it("never leaves a child of a deleted enterprise when delete and insert race", async () => {
      const tenant = freshTenantId();
      for (let round = 0; round < 5; round++) {
        const parent = await insert(tenant);
        const [deletion, insertion] = await Promise.all([
          enterprises().delete(tenant, parent.id),
          enterprises().insert(enterpriseRecord(tenant, { parentId: parent.id })),
        ]);
        if (deletion.outcome === "deleted") expect(insertion.outcome).toBe("parent_not_found");
        else expect(insertion.outcome).toBe("inserted");
      }
    });
  });
}
