import { describe, expect, it } from "vitest";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** Tenant settings: one row per tenant, partial updates, tenant isolation, transactions. */
export function tenantSettingsTests({ storage }: StorageSuiteContext): void {
  const settings = () => storage().tenantSettings;

  describe("tenant settings", () => {
    it("has no row for a tenant that never changed its settings", async () => {
      expect(await settings().get(freshTenantId())).toBeNull();
    });

    it("creates the row with the defaults for what a first update leaves out, then keeps what later updates leave out", async () => {
      const tenant = freshTenantId();
      const first = await settings().update(tenant, {
        timeZone: "Europe/Berlin",
        updatedAt: "2026-05-01T00:00:00.000Z",
      });
      expect(first).toEqual({
        tenantId: tenant,
        timeZone: "Europe/Berlin",
        currency: "CNY",
        updatedAt: "2026-05-01T00:00:00.000Z",
      });
      await settings().update(tenant, { currency: "EUR", updatedAt: "2026-05-02T00:00:00.000Z" });
      expect(await settings().get(tenant)).toEqual({
        tenantId: tenant,
        timeZone: "Europe/Berlin",
        currency: "EUR",
        updatedAt: "2026-05-02T00:00:00.000Z",
      });
    });

    it("keeps each tenant's settings to itself", async () => {
      const [mine, theirs] = [freshTenantId(), freshTenantId()];
      await settings().update(mine, {
        timeZone: "America/New_York",
        currency: "USD",
        updatedAt: "2026-05-01T00:00:00.000Z",
      });
      expect(await settings().get(theirs)).toBeNull();
    });

    it("undoes an update made in a transaction that fails", async () => {
      const tenant = freshTenantId();
      await settings().update(tenant, { currency: "HKD", updatedAt: "2026-05-01T00:00:00.000Z" });
      await expect(
        storage().transaction(async (tx) => {
          await tx.tenantSettings.update(tenant, {
            currency: "JPY",
            updatedAt: "2026-05-02T00:00:00.000Z",
          });
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect((await settings().get(tenant))?.currency).toBe("HKD");
    });
  });
}
