import { describe, expect, it } from "vitest";
import { orderRecord } from "../../testing/order-fixtures.js";
import { createOneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { money } from "../kernel/money.js";
import type { NewOutboxEvent } from "../kernel/outbox/outbox-event.js";
import { tenantContext } from "../kernel/tenant.js";
import { recordingNotifier } from "../memory/recording-notifier.js";
import { DEFAULT_ORDER_SETTINGS } from "../orders/order-settings.js";
import type { Notification, NotificationReceipt, Notifier } from "../ports/notifier.js";
import { recipientDigest } from "./recipients.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
/** 10:00 in Shanghai (the default tenant time zone): SMS goes out. */
const DAYTIME = "2026-05-01T02:00:00.000Z";
/** 00:30 in Shanghai: SMS is held back. */
const NIGHT = "2026-05-01T16:30:00.000Z";

function setup(start = DAYTIME, notifier = recordingNotifier()) {
  const clock = new ManualClock(start);
  const onecode = createOneCode({ clock, notifier });
  const record = (events: NewOutboxEvent[]) =>
    onecode.ports.storage.transaction((tx) => onecode.outbox.record(tx, admin, events));
  const log = async () => (await onecode.notifications.list(admin)).items;
  return { onecode, clock, notifier, record, log };
}

const paidOrder = () =>
  orderRecord("acme", {
    state: "to_ship",
    paidAt: DAYTIME,
    total: money(12990, "CNY"),
    delivery: {
      method: "express",
      address: { name: "Li Lei", phone: "+86 138-0013-8000", regionCode: "CN-ZJ", line: "1 Road" },
      storeId: null,
      shipOn: null,
    },
  });

describe("event notifications", () => {
  it("texts the buyer when an order is paid, once however often the event is delivered", async () => {
    const { onecode, notifier, record, log } = setup();
    const order = paidOrder();
    await onecode.ports.storage.orders.insert(order);
    const [event] = await record([
      { type: "order.paid", aggregate: { type: "order", id: order.id }, payload: {} },
    ]);
    await onecode.outbox.dispatch();
    expect(notifier.sent).toEqual([
      {
        tenantId: "acme",
        channel: "sms",
        to: "13800138000",
        template: "payment_succeeded",
        params: { orderNumber: order.number, amount: "129.90", currency: "CNY" },
        idempotencyKey: `${event?.id}:sms:${recipientDigest("acme", "sms", "13800138000")}`,
      },
    ]);
    expect(await log()).toEqual([
      expect.objectContaining({
        tenantId: "acme",
        channel: "sms",
        template: "payment_succeeded",
        recipient: "138****8000",
        outcome: "sent",
        reason: null,
        trigger: "order.paid",
        triggerId: event?.id,
        at: DAYTIME,
      }),
    ]);
  });

  it("redelivers an event after one recipient failed without sending to the others twice", async () => {
    const inner = recordingNotifier();
    let failures = 1;
    const flaky: Notifier = {
      async send(notification) {
        if (notification.channel === "webhook" && failures-- > 0) throw new Error("ETIMEDOUT");
        return inner.send(notification);
      },
    };
    const { onecode, record, log, clock } = setup(DAYTIME, flaky as never);
    await onecode.ports.storage.orderSettings.save({
      ...DEFAULT_ORDER_SETTINGS,
      tenantId: "acme",
      alertRecipients: [
        { channel: "sms", to: "13800138000" },
        { channel: "webhook", to: "https://hooks.acme.example/stock" },
      ],
      updatedAt: DAYTIME,
    });
    await record([
      {
        type: "sku.stock_low",
        aggregate: { type: "sku", id: "sku_1" },
        payload: { skuId: "sku_1", productId: "prd_1", code: "TEA", stock: 0, threshold: 2 },
      },
    ]);
    expect(await onecode.outbox.dispatch()).toMatchObject({ retried: 1 });
    clock.advance(60_000);
    expect(await onecode.outbox.dispatch()).toMatchObject({ delivered: 1 });
    expect(inner.sent.map((sent) => sent.channel)).toEqual(["sms", "webhook"]);
    expect((await log()).map((entry) => entry.channel)).toEqual(["webhook", "sms"]);
  });

  it("texts courier and tracking number on dispatch, and the amount on a refund", async () => {
    const { onecode, notifier, record } = setup();
    const order = {
      ...paidOrder(),
      state: "shipped" as const,
      shipments: [
        {
          id: "shp_1",
          items: [{ lineId: "l1", quantity: 2 }],
          courier: "SF",
          trackingNumber: "SF1234567890",
          waybillLabel: null,
          shippedAt: DAYTIME,
          shippedBy: "alice",
          signedAt: null,
        },
      ],
    };
    await onecode.ports.storage.orders.insert(order);
    const aggregate = { type: "order", id: order.id };
    await record([
      { type: "order.shipped", aggregate, payload: { shipmentId: "shp_1" } },
      {
        type: "order.refund_succeeded",
        aggregate,
        payload: { refundId: "rfd_1", amount: { amount: 505, currency: "CNY" }, afterSaleId: null },
      },
    ]);
    await onecode.outbox.dispatch();
    expect(notifier.sent.map((sent) => [sent.template, sent.params])).toEqual([
      [
        "order_dispatched",
        { orderNumber: order.number, courier: "SF", trackingNumber: "SF1234567890" },
      ],
      ["refund_succeeded", { orderNumber: order.number, amount: "5.05", currency: "CNY" }],
    ]);
  });

  it("texts withdrawals and stored-value charges from their payloads", async () => {
    const { onecode, notifier, record } = setup();
    await record([
      {
        type: "withdrawal.paid",
        aggregate: { type: "withdrawal", id: "wdr_1" },
        payload: {
          withdrawalId: "wdr_1",
          phone: "13900139000",
          amount: { amount: 10000, currency: "CNY" },
        },
      },
      {
        type: "stored_value.charged",
        aggregate: { type: "stored_value_card", id: "svc_1" },
        payload: {
          cardId: "svc_1",
          phone: "13700137000",
          amount: { amount: 5000, currency: "CNY" },
          balance: { amount: 12050, currency: "CNY" },
        },
      },
    ]);
    await onecode.outbox.dispatch();
    expect(notifier.sent.map((sent) => [sent.to, sent.template, sent.params])).toEqual([
      ["13900139000", "withdrawal_paid", { amount: "100.00", currency: "CNY" }],
      [
        "13700137000",
        "stored_value_charged",
        { amount: "50.00", balance: "120.50", currency: "CNY" },
      ],
    ]);
  });

  it("alerts every alert recipient of low stock; at night SMS is suppressed, e-mail and webhooks go", async () => {
    const { onecode, notifier, record, log, clock } = setup(NIGHT);
    await onecode.ports.storage.orderSettings.save({
      ...DEFAULT_ORDER_SETTINGS,
      tenantId: "acme",
      alertRecipients: [
        { channel: "sms", to: "13800138000" },
        { channel: "email", to: "ops@acme.example" },
        { channel: "webhook", to: "https://hooks.acme.example/stock?token=s3cret" },
      ],
      updatedAt: NIGHT,
    });
    await record([
      {
        type: "sku.stock_low",
        aggregate: { type: "sku", id: "sku_1" },
        payload: { skuId: "sku_1", productId: "prd_1", code: "TEA-RED-M", stock: 3, threshold: 5 },
      },
    ]);
    await onecode.outbox.dispatch();
    expect(notifier.sent.map((sent) => [sent.channel, sent.template, sent.params])).toEqual([
      ["email", "stock_low", { skuCode: "TEA-RED-M", stock: "3", threshold: "5" }],
      ["webhook", "stock_low", { skuCode: "TEA-RED-M", stock: "3", threshold: "5" }],
    ]);
    const entries = await log();
    expect(entries.map((entry) => [entry.channel, entry.outcome, entry.recipient])).toEqual([
      ["webhook", "sent", "https://hooks.acme.example/***"],
      ["email", "sent", "o***@acme.example"],
      ["sms", "suppressed_quiet_hours", "138****8000"],
    ]);
    // Nothing is queued: the morning sends nothing, even if the event came again.
    clock.set("2026-05-02T01:00:00.000Z");
    await onecode.outbox.dispatch();
    expect(notifier.sent).toHaveLength(2);
    const suppressed = await onecode.notifications.list(admin, {
      outcome: "suppressed_quiet_hours",
    });
    expect(suppressed.items).toHaveLength(1);
  });

  it("logs a provider's refusal without retrying, and retries a transport error", async () => {
    const inner = recordingNotifier();
    let failures = 1;
    const flaky: Notifier & { sent: readonly Notification[] } = {
      sent: inner.sent,
      async send(notification): Promise<NotificationReceipt> {
        if (notification.to === "13900139000" && failures-- > 0) {
          throw new Error("connect ECONNREFUSED");
        }
        return inner.send(notification);
      },
    };
    inner.rejectRecipient("13800138000", "blacklisted");
    const { onecode, record, log, clock } = setup(DAYTIME, flaky as never);
    const withdrawal = (phone: string, id: string): NewOutboxEvent => ({
      type: "withdrawal.paid",
      aggregate: { type: "withdrawal", id },
      payload: { withdrawalId: id, phone, amount: { amount: 100, currency: "CNY" } },
    });
    await record([withdrawal("13800138000", "wdr_1"), withdrawal("13900139000", "wdr_2")]);
    const first = await onecode.outbox.dispatch();
    expect(first).toMatchObject({ delivered: 1, retried: 1 });
    expect((await log()).map((entry) => [entry.outcome, entry.reason])).toEqual([
      ["rejected", "blacklisted"],
    ]);
    clock.advance(60_000);
    expect(await onecode.outbox.dispatch()).toMatchObject({ delivered: 1 });
    expect((await log()).map((entry) => entry.outcome)).toEqual(["sent", "rejected"]);
    expect(inner.sent.map((sent) => sent.to)).toEqual(["13900139000"]);
  });

  it("honours a deployment's own quiet hours, or none", async () => {
    const evening = createOneCode({
      clock: new ManualClock("2026-05-01T13:30:00.000Z"), // 21:30 Shanghai
      notifications: { quietHours: { from: "21:00", to: "07:00" } },
    });
    const none = createOneCode({
      clock: new ManualClock(NIGHT),
      notifications: { quietHours: null },
    });
    for (const [onecode, outcome] of [
      [evening, "suppressed_quiet_hours"],
      [none, "sent"],
    ] as const) {
      await onecode.ports.storage.transaction((tx) =>
        onecode.outbox.record(tx, admin, [
          {
            type: "withdrawal.paid",
            aggregate: { type: "withdrawal", id: "wdr_1" },
            payload: {
              withdrawalId: "wdr_1",
              phone: "13800138000",
              amount: { amount: 1, currency: "CNY" },
            },
          },
        ]),
      );
      await onecode.outbox.dispatch();
      const [entry] = (await onecode.notifications.list(admin)).items;
      expect(entry?.outcome).toBe(outcome);
    }
    expect(() =>
      createOneCode({ notifications: { quietHours: { from: "9pm", to: "07:00" } } }),
    ).toThrow(/window.from/);
  });
});
