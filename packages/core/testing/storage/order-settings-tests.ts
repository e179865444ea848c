import { describe, expect, it } from "vitest";
import type { OrderSettings } from "../../src/orders/order-settings.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** Settings with every optional field filled. */
function settingsOf(tenantId: string): OrderSettings {
  return {
    tenantId,
    closeUnpaidAfterMinutes: 45,
    completeShippedAfterDays: 10,
    sender: { name: "Tea House", phone: "057100000000", regionCode: "CN-ZJ", line: "3 Road" },
    freightTemplateId: "ft_1",
    alertRecipients: [
      { channel: "sms", to: "13800138000" },
      { channel: "email", to: "ops@example.com" },
    ],
    updatedAt: "2026-05-01T00:00:00.000Z",
  };
}

/** Order settings: none until saved, kept whole, replaced by a later save, per tenant, undone on rollback. */
export function orderSettingsTests({ storage }: StorageSuiteContext): void {
  const settings = () => storage().orderSettings;

  describe("order settings", () => {
    it("has none until saved, then keeps every field and replaces them on the next save", async () => {
      const tenant = freshTenantId();
      expect(await settings().get(tenant)).toBeNull();
      const first = settingsOf(tenant);
      await settings().save(first);
      expect(await settings().get(tenant)).toEqual(first);
      const second: OrderSettings = {
        ...first,
        closeUnpaidAfterMinutes: 30,
        sender: null,
        freightTemplateId: null,
        alertRecipients: [],
        updatedAt: null,
      };
      await settings().save(second);
      expect(await settings().get(tenant)).toEqual(second);
    });

    it("keeps each tenant's settings to itself and undoes a save in a failed transaction", async () => {
      const [mine, theirs] = [freshTenantId(), freshTenantId()];
      const saved = settingsOf(mine);
      await settings().save(saved);
      expect(await settings().get(theirs)).toBeNull();
      await expect(
        storage().transaction(async (tx) => {
          await tx.orderSettings.save({ ...saved, completeShippedAfterDays: 20 });
          await tx.orderSettings.save(settingsOf(theirs));
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await settings().get(mine)).toEqual(saved);
      expect(await settings().get(theirs)).toBeNull();
    });
  });
}
