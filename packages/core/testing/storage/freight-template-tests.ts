import { describe, expect, it } from "vitest";
import type { FreightTemplate } from "../../src/orders/freight/ports.js";
import { freshId, freshTenantId } from "../fixtures.js";
import { freightTemplateRecord } from "../freight-fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const template = freightTemplateRecord;

/** Freight templates: CRUD with every field kept, pages, tenant isolation, rollback. */
export function freightTemplateTests({ storage }: StorageSuiteContext): void {
  const templates = () => storage().freightTemplates;

  describe("freight templates", () => {
    it("keeps every field of an inserted template, region rules and regions in order", async () => {
      const tenant = freshTenantId();
      const stored = template(tenant);
      await templates().insert(stored);
      expect(await templates().get(tenant, stored.id)).toEqual(stored);
      expect(await templates().get(tenant, freshId("ft"))).toBeNull();
    });

    it("lists newest first in pages", async () => {
      const tenant = freshTenantId();
      const [a, b, c] = [template(tenant), template(tenant), template(tenant)];
      for (const row of [a, b, c]) await templates().insert(row);
      const first = await templates().list(tenant, { beforeId: null, limit: 2 });
      expect(first.map((row) => row.id)).toEqual([c.id, b.id]);
      const next = await templates().list(tenant, { beforeId: b.id, limit: 2 });
      expect(next.map((row) => row.id)).toEqual([a.id]);
    });

    it("replaces every field but createdAt on update, and reports a missing template", async () => {
      const tenant = freshTenantId();
      const stored = template(tenant);
      await templates().insert(stored);
      const changed: FreightTemplate = {
        ...stored,
        name: "Heavy goods",
        regionRules: [],
        undeliveredRegions: [],
        selfPickup: false,
        createdAt: "2030-01-01T00:00:00.000Z",
        updatedAt: "2026-05-02T00:00:00.000Z",
      };
      expect(await templates().update(changed)).toBe(true);
      expect(await templates().get(tenant, stored.id)).toEqual({
        ...changed,
        createdAt: stored.createdAt,
      });
      expect(await templates().update(template(tenant))).toBe(false);
    });

    it("deletes once", async () => {
      const tenant = freshTenantId();
      const stored = template(tenant);
      await templates().insert(stored);
      expect(await templates().delete(tenant, stored.id)).toBe(true);
      expect(await templates().delete(tenant, stored.id)).toBe(false);
      expect(await templates().get(tenant, stored.id)).toBeNull();
    });

    it("keeps each tenant's templates to itself", async () => {
      const [mine, theirs] = [freshTenantId(), freshTenantId()];
      const stored = template(mine);
      await templates().insert(stored);
      expect(await templates().get(theirs, stored.id)).toBeNull();
      expect(await templates().list(theirs, { beforeId: null, limit: 10 })).toEqual([]);
      expect(await templates().update({ ...stored, tenantId: theirs, name: "x" })).toBe(false);
      expect(await templates().delete(theirs, stored.id)).toBe(false);
      expect(await templates().get(mine, stored.id)).toEqual(stored);
    });

    it("undoes inserts, updates and deletes made in a transaction that fails", async () => {
      const tenant = freshTenantId();
      const kept = template(tenant);
      const removed = template(tenant);
      await templates().insert(kept);
      await templates().insert(removed);
      const added = template(tenant);
      await expect(
        storage().transaction(async (tx) => {
          await tx.freightTemplates.insert(added);
          await tx.freightTemplates.update({ ...kept, name: "changed" });
          await tx.freightTemplates.delete(tenant, removed.id);
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await templates().get(tenant, added.id)).toBeNull();
      expect(await templates().get(tenant, kept.id)).toEqual(kept);
      expect(await templates().get(tenant, removed.id)).toEqual(removed);
    });
  });
}
