import { describe, expect, it } from "vitest";
import type { NotificationLogEntry } from "../../src/notifications/notification-log.js";
import { freshId, freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

function logEntry(
  tenantId: string,
  overrides: Partial<NotificationLogEntry> = {},
): NotificationLogEntry {
  const id = overrides.id ?? freshId("ntl");
  return {
    tenantId,
    id,
    channel: "sms",
    template: "payment_succeeded",
    recipient: "138****8000",
    idempotencyKey: `evt_x:${id}`,
    outcome: "sent",
    reason: null,
    providerId: "ntf_1",
    trigger: "order.paid",
    triggerId: "evt_x",
    at: "2026-05-01T02:00:00.000Z",
    ...overrides,
  };
}

/** The notification log: idempotent appends by key, lookups by key, filtered pages, isolation, rollback. */
export function notificationLogTests({ storage }: StorageSuiteContext): void {
  const log = () => storage().notificationLog;

  describe("notification log", () => {
    it("keeps every field and finds an entry by its idempotency key", async () => {
      const tenant = freshTenantId();
      const sent = logEntry(tenant);
      const rejected = logEntry(tenant, {
        channel: "webhook",
        recipient: "https://hooks.example/***",
        outcome: "rejected",
        reason: "410 Gone",
        providerId: null,
      });
      expect(await log().append([sent, rejected])).toBe(2);
      expect(await log().findByKey(tenant, sent.idempotencyKey)).toEqual(sent);
      expect(await log().findByKey(tenant, rejected.idempotencyKey)).toEqual(rejected);
      expect(await log().findByKey(tenant, "evt_unknown:sms")).toBeNull();
    });

    it("appends a key once, whether repeated later or within one batch", async () => {
      const tenant = freshTenantId();
      const first = logEntry(tenant, { idempotencyKey: "bulk:b1:13800138000" });
      expect(await log().append([first])).toBe(1);
      const again = logEntry(tenant, {
        idempotencyKey: "bulk:b1:13800138000",
        outcome: "rejected",
        reason: "blacklisted",
      });
      const fresh = logEntry(tenant, { idempotencyKey: "bulk:b1:13900139000" });
      const twin = logEntry(tenant, { idempotencyKey: "bulk:b1:13900139000" });
      expect(await log().append([again, fresh, twin])).toBe(1);
      expect(await log().append([])).toBe(0);
      const all = await log().list(tenant, {}, { beforeId: null, limit: 10 });
      expect(all.map((entry) => entry.id)).toEqual([fresh.id, first.id]);
      expect(await log().findByKey(tenant, first.idempotencyKey)).toEqual(first);
    });

    it("lists newest first in pages, by outcome, channel, template, trigger and period", async () => {
      const tenant = freshTenantId();
      const a = logEntry(tenant, { at: "2026-05-01T01:00:00.000Z" });
      const b = logEntry(tenant, {
        at: "2026-05-01T02:00:00.000Z",
        outcome: "suppressed_quiet_hours",
        providerId: null,
        template: "stock_low",
        trigger: "sku.stock_low",
        triggerId: "evt_y",
      });
      const c = logEntry(tenant, { at: "2026-05-01T03:00:00.000Z", channel: "email" });
      expect(await log().append([a, b, c])).toBe(3);
      const page = async (filter: object, beforeId: string | null = null, limit = 10) =>
        (await log().list(tenant, filter, { beforeId, limit })).map((entry) => entry.id);
      expect(await page({}, null, 2)).toEqual([c.id, b.id]);
      expect(await page({}, b.id, 2)).toEqual([a.id]);
      expect(await page({ outcome: "suppressed_quiet_hours" })).toEqual([b.id]);
      expect(await page({ channel: "email" })).toEqual([c.id]);
      expect(await page({ template: "payment_succeeded" })).toEqual([c.id, a.id]);
      expect(await page({ trigger: "sku.stock_low", triggerId: "evt_y" })).toEqual([b.id]);
      expect(
        await page({ from: "2026-05-01T02:00:00.000Z", to: "2026-05-01T03:00:00.000Z" }),
      ).toEqual([b.id]);
    });

    it("keeps each tenant's log to itself", async () => {
      const [mine, theirs] = [freshTenantId(), freshTenantId()];
      const entry = logEntry(mine, { idempotencyKey: "shared-key" });
      await log().append([entry]);
      expect(await log().findByKey(theirs, "shared-key")).toBeNull();
      expect(await log().list(theirs, {}, { beforeId: null, limit: 10 })).toEqual([]);
      // The same key in another tenant is another notification.
      expect(await log().append([logEntry(theirs, { idempotencyKey: "shared-key" })])).toBe(1);
    });

    it("undoes appends made in a transaction that fails", async () => {
      const tenant = freshTenantId();
      const entry = logEntry(tenant);
      await expect(
        storage().transaction(async (tx) => {
          expect(await tx.notificationLog.append([entry])).toBe(1);
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await log().findByKey(tenant, entry.idempotencyKey)).toBeNull();
      expect(await log().append([entry])).toBe(1);
    });
  });
}
