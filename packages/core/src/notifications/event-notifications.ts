import type { OutboxEvent } from "../kernel/outbox/outbox-event.js";
import type { OutboxHandlerRegistration } from "../kernel/outbox/outbox-handlers.js";
import type { Order } from "../orders/order.js";
import type { Notification } from "../ports/notifier.js";
import { type NotificationTrigger, notifyOnce } from "./notification-delivery.js";
import {
  formatMinorUnits,
  type OrderRefundSucceededPayload,
  type OrderShippedPayload,
  SKU_STOCK_LOW,
  type SkuStockLowPayload,
  STORED_VALUE_CHARGED,
  type StoredValueChargedPayload,
  WITHDRAWAL_PAID,
  type WithdrawalPaidPayload,
} from "./notification-events.js";
import type { NotificationsRuntime } from "./notifications-runtime.js";
import { normalizeMobileNumber, recipientDigest } from "./recipients.js";

/**
 * The templates core sends, with the parameters each one gets (every value
 * a string). Providers register templates under these names.
 */
export const NOTIFICATION_TEMPLATES = Object.freeze({
  /** `order.paid` → the buyer: `orderNumber`, `amount` (yuan, `129.90`), `currency`. */
  payment_succeeded: ["orderNumber", "amount", "currency"],
  /** `order.shipped` → the buyer: `orderNumber`, `courier`, `trackingNumber`. */
  order_dispatched: ["orderNumber", "courier", "trackingNumber"],
  /** `order.refund_succeeded` → the buyer: `orderNumber`, `amount`, `currency`. */
  refund_succeeded: ["orderNumber", "amount", "currency"],
  /** `withdrawal.paid` → the payee: `amount`, `currency`. */
  withdrawal_paid: ["amount", "currency"],
  /** `stored_value.charged` → the card holder: `amount`, `balance`, `currency`. */
  stored_value_charged: ["amount", "balance", "currency"],
  /** `sku.stock_low` → every alert recipient of the order settings: `skuCode`, `stock`, `threshold`. */
  stock_low: ["skuCode", "stock", "threshold"],
} as const);

/** A template core sends; see {@link NOTIFICATION_TEMPLATES}. */
export type NotificationTemplate = keyof typeof NOTIFICATION_TEMPLATES;

type Message = Omit<Notification, "tenantId" | "idempotencyKey" | "channel"> & {
  readonly channel?: Notification["channel"];
};

function triggerOf(event: OutboxEvent): NotificationTrigger {
  return { type: event.type, id: event.id };
}

/** The phone as the provider gets it: canonical when it is a mainland mobile, otherwise trimmed. */
function phoneOf(raw: string): string {
  return normalizeMobileNumber(raw) ?? raw.trim();
}

/** Sends `message` for `event`, keyed by the event and the recipient. */
async function notifyFor(
  runtime: NotificationsRuntime,
  event: OutboxEvent,
  message: Message,
): Promise<void> {
  const channel = message.channel ?? "sms";
  const to = channel === "sms" ? phoneOf(message.to) : message.to.trim();
  if (to === "") return;
  await notifyOnce(
    runtime,
    {
      tenantId: event.tenantId,
      channel,
      to,
      template: message.template,
      params: message.params,
      idempotencyKey: `${event.id}:${channel}:${recipientDigest(event.tenantId, channel, to)}`,
    },
    triggerOf(event),
  );
}

/** The order an order event is about; `null` when it is gone (it cannot reappear). */
async function orderOf(runtime: NotificationsRuntime, event: OutboxEvent): Promise<Order | null> {
  if (event.aggregate.type !== "order") return null;
  return runtime.ports.storage.orders.get(event.tenantId, event.aggregate.id);
}

function orderHandler(
  runtime: NotificationsRuntime,
  type: string,
  name: string,
  message: (order: Order, event: OutboxEvent) => Message | null,
): OutboxHandlerRegistration {
  return {
    type,
    name,
    async handler(event) {
      const order = await orderOf(runtime, event);
      const built = order ? message(order, event) : null;
      if (built) await notifyFor(runtime, event, built);
    },
  };
}

/**
 * The outbox handlers that notify on domain events, each idempotent by the
 * event and the recipient (a redelivered event sends nothing twice and logs
 * nothing twice). SMS inside the tenant's quiet hours is logged as
 * suppressed and never sent later; a provider's refusal is logged, not
 * retried; a transport error throws so the outbox retries the event.
 */
export function notificationHandlers(
  runtime: NotificationsRuntime,
): readonly OutboxHandlerRegistration[] {
  return [
    orderHandler(runtime, "order.paid", "notifications.payment-succeeded", (order) => ({
      to: order.delivery.address.phone,
      template: "payment_succeeded",
      params: {
        orderNumber: order.number,
        amount: formatMinorUnits(order.total.amount),
        currency: order.total.currency,
      },
    })),
    orderHandler(runtime, "order.shipped", "notifications.order-dispatched", (order, event) => {
      const { shipmentId } = event.payload as unknown as OrderShippedPayload;
      const shipment = order.shipments.find((candidate) => candidate.id === shipmentId);
      if (!shipment) return null;
      return {
        to: order.delivery.address.phone,
        template: "order_dispatched",
        params: {
          orderNumber: order.number,
          courier: shipment.courier,
          trackingNumber: shipment.trackingNumber,
        },
      };
    }),
    orderHandler(
      runtime,
      "order.refund_succeeded",
      "notifications.refund-succeeded",
      (order, event) => {
        const { amount } = event.payload as unknown as OrderRefundSucceededPayload;
        return {
          to: order.delivery.address.phone,
          template: "refund_succeeded",
          params: {
            orderNumber: order.number,
            amount: formatMinorUnits(amount.amount),
            currency: amount.currency,
          },
        };
      },
    ),
    {
      type: WITHDRAWAL_PAID,
      name: "notifications.withdrawal-paid",
      async handler(event) {
        const { phone, amount } = event.payload as unknown as WithdrawalPaidPayload;
        await notifyFor(runtime, event, {
          to: phone,
          template: "withdrawal_paid",
          params: { amount: formatMinorUnits(amount.amount), currency: amount.currency },
        });
      },
    },
    {
      type: STORED_VALUE_CHARGED,
      name: "notifications.stored-value-charged",
      async handler(event) {
        const { phone, amount, balance } = event.payload as unknown as StoredValueChargedPayload;
        await notifyFor(runtime, event, {
          to: phone,
          template: "stored_value_charged",
          params: {
            amount: formatMinorUnits(amount.amount),
            balance: formatMinorUnits(balance.amount),
            currency: amount.currency,
          },
        });
      },
    },
    {
      type: SKU_STOCK_LOW,
      name: "notifications.stock-low",
      async handler(event) {
        const { code, stock, threshold } = event.payload as unknown as SkuStockLowPayload;
        const { alertRecipients } = await runtime.orderSettingsOf(event.tenantId);
        // One key per recipient: a retry after one recipient failed skips those done.
        for (const recipient of alertRecipients) {
          await notifyFor(runtime, event, {
            channel: recipient.channel,
            to: recipient.to,
            template: "stock_low",
            params: { skuCode: code, stock: String(stock), threshold: String(threshold) },
          });
        }
      },
    },
  ];
}
