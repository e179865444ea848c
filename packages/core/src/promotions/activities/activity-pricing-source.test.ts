import { describe, expect, it } from "vitest";
import { auditRecorder, systemContext } from "../../kernel/audit/record-audit.js";
import type { OutboxEvent } from "../../kernel/outbox/outbox-event.js";
import { eventRecorder } from "../../kernel/outbox/record-events.js";
import { zheRate } from "../../kernel/rates.js";
import type { PricingRequest } from "../../orders/checkout/order-pricing.js";
import type { Order } from "../../orders/order.js";
import type { ActivityRule, PricingUse } from "../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import { ActivityCache } from "./activity-cache.js";
import { activityPricingSource, COUPON_GIFT_DUE_EVENT } from "./activity-pricing-source.js";
import { activityService } from "./activity-service.js";
import { activityTestKit, spendSave } from "./activity-test-kit.js";

async function sourceKit() {
  const kit = await activityTestKit();
  const { ports } = kit.onecode;
  const runtime = {
    ports,
    recordAudit: auditRecorder(ports),
    recordEvents: eventRecorder(ports),
  } as unknown as PromotionsRuntime;
  const cache = new ActivityCache(ports.clock);
  return {
    ...kit,
    activities: activityService(runtime, cache),
    source: activityPricingSource(runtime, cache),
  };
}

const NOW = "2026-05-01T08:00:00.000Z";

describe("activity pricing source", () => {
  it("hands the running activities to pricing as rules, 折 as rates", async () => {
    const { activities, source, admin, tea, cup } = await sourceKit();
    const discount = await activities.create(admin, {
      name: "9折",
      terms: { kind: "spend_discount", basis: "count", tiers: [{ threshold: 2, zhe: "9" }] },
      scope: { kind: "products", productIds: [cup.id] },
      audience: { kind: "levels", levelIds: ["lvl_gold"] },
      endsAt: "2026-07-01T00:00:00Z",
    });
    const save = await activities.create(admin, spendSave([tea.id]));
    await activities.create(admin, spendSave([cup.id], { startsAt: "2026-08-01T00:00:00Z" }));
    const rules = await source.activities?.("acme", NOW);
    expect(rules).toEqual([
      {
        id: discount.id,
        name: "9折",
        scope: { kind: "products", productIds: [cup.id] },
        audience: { kind: "levels", levelIds: ["lvl_gold"] },
        terms: {
          kind: "spend_discount",
          basis: "count",
          tiers: [{ threshold: 2, rate: zheRate("9") }],
        },
      },
      {
        id: save.id,
        name: "Spend 50 save 15",
        scope: { kind: "products", productIds: [tea.id] },
        audience: { kind: "everyone" },
        terms: { kind: "spend_save", mode: "tiered", tiers: [{ threshold: 5000, save: 1500 }] },
      },
    ] satisfies ActivityRule[]);
    expect(await source.activities?.("other-tenant", NOW)).toEqual([]);
  });

  it("sees this process's writes at once, others' within the TTL, and starts on time", async () => {
    const { activities, source, admin, clock, onecode, tea, cup } = await sourceKit();
    const ids = async (at: string) =>
      ((await source.activities?.("acme", at)) ?? []).map((r) => r.id);
    expect(await ids(NOW)).toEqual([]);
    const mine = await activities.create(admin, spendSave([tea.id]));
    expect(await ids(NOW)).toEqual([mine.id]);
    // Another process writes straight to storage: this cache does not know.
    const foreign = {
      ...mine,
      id: "act_zz_foreign",
      scope: { kind: "products", productIds: [cup.id] },
    } as const;
    await onecode.ports.storage.activities.insert(foreign);
    expect(await ids(NOW)).toEqual([mine.id]);
    clock.advance(5_000);
    const later = new Date(clock.nowMs()).toISOString();
    expect(await ids(later)).toEqual([mine.id, foreign.id]);
    const future = await activities.create(admin, {
      name: "Free",
      terms: { kind: "free_shipping" },
      startsAt: "2026-05-01T09:00:00Z",
      endsAt: "2026-05-01T10:00:00Z",
    });
    expect(await ids(later)).toEqual([mine.id, foreign.id]);
    expect(await ids("2026-05-01T09:00:00Z")).toEqual([mine.id, future.id, foreign.id]);
    expect(await ids("2026-05-01T10:00:00Z")).toEqual([mine.id, foreign.id]);
  });
});

describe("gift coupons (满赠券)", () => {
  async function giftKit() {
    const kit = await sourceKit();
    const gift = await kit.activities.create(kit.admin, {
      name: "Spend 100 get a coupon",
      terms: { kind: "gift_coupon", threshold: 10_000, couponId: "cpn_thanks" },
    });
    const [rule] = (await kit.source.activities?.("acme", NOW)) ?? [];
    const order = { tenantId: "acme", id: "ord_1", customerId: "cus_1" } as Order;
    const use = { activities: [{ rule, amountOff: 0 }] } as unknown as PricingUse;
    await kit.onecode.ports.storage.transaction(async (tx) => {
      expect(await kit.source.commit?.(tx, order, {} as PricingRequest, use)).toBeUndefined();
    });
    const due: OutboxEvent[] = [];
    kit.onecode.outbox.on(COUPON_GIFT_DUE_EVENT, "test.collect", async (event) => {
      due.push(event);
    });
    const orderEvent = (type: string) =>
      kit.onecode.ports.storage.transaction((tx) =>
        kit.onecode.outbox.record(tx, systemContext("acme"), [
          { type, aggregate: { type: "order", id: order.id }, payload: {} },
        ]),
      );
    return { ...kit, gift, order, due, orderEvent };
  }

  it("records what the order earned at commit and gives it once when the order completes", async () => {
    const { onecode, gift, due, orderEvent, clock } = await giftKit();
    expect(await onecode.ports.storage.activities.listGifts("acme", "ord_1")).toEqual([
      {
        tenantId: "acme",
        orderId: "ord_1",
        activityId: gift.id,
        couponId: "cpn_thanks",
        customerId: "cus_1",
        createdAt: NOW,
      },
    ]);
    // A second handler fails once, so the event is delivered twice.
    let failures = 0;
    onecode.outbox.on("order.completed", "test.flaky", async () => {
      if (failures++ === 0) throw new Error("flaky");
    });
    await orderEvent("order.completed");
    await onecode.outbox.dispatch();
    clock.advance(3_600_000);
    await onecode.outbox.dispatch();
    await onecode.outbox.dispatch();
    expect(failures).toBe(2);
    expect(due.map((event) => event.payload)).toEqual([
      { couponId: "cpn_thanks", customerId: "cus_1", orderId: "ord_1", activityId: gift.id },
    ]);
    expect(due[0]?.aggregate).toEqual({ type: "order", id: "ord_1" });
  });

  it("gives nothing when the order closes instead", async () => {
    const { onecode, due, orderEvent } = await giftKit();
    await orderEvent("order.closed");
    await onecode.outbox.dispatch();
    expect(due).toEqual([]);
  });
});
