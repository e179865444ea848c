import { orderLineRecord, orderRecord } from "../../../testing/order-fixtures.js";
import { resolvePorts } from "../../core-ports.js";
import { ManualClock } from "../../kernel/clock.js";
import { money } from "../../kernel/money.js";
import { outboxRuntime } from "../../kernel/outbox/outbox-config.js";
import type { OutboxEvent } from "../../kernel/outbox/outbox-event.js";
import { outboxService } from "../../kernel/outbox/outbox-service.js";
import { eventRecorder } from "../../kernel/outbox/record-events.js";
import { paymentDecisionEvents } from "../../kernel/payments/payment-events.js";
import { paymentsKernel } from "../../kernel/payments/payment-use-cases.js";
import { seededRandom } from "../../kernel/random.js";
import { type TenantContext, tenantContext } from "../../kernel/tenant.js";
import { timersService } from "../../kernel/timers/timer-service.js";
import type { Order, OrderRefund } from "../order.js";
import { type OrdersRuntime, ordersRuntime } from "../orders-runtime.js";
import type { OrderRefunds, RefundRequestInput } from "../refunds/order-refunds.js";
import { afterSaleOutboxHandlers } from "./after-sale-refund-handlers.js";
import { afterSaleService } from "./after-sale-service.js";

/** A test double of {@link OrderRefunds}: records the refund on the order, idempotent by id. */
export class RefundsDouble implements OrderRefunds {
  readonly calls: RefundRequestInput[] = [];
  /** Set to make the next calls throw (a payment port outage). */
  failWith: Error | null = null;

  constructor(private readonly runtime: OrdersRuntime) {}

  async request(ctx: TenantContext, orderId: string, input: RefundRequestInput) {
    this.calls.push(input);
    if (this.failWith) throw this.failWith;
    const refundId = input.refundId ?? "rfd_generated";
    const { order } = await this.runtime.changeOrder(ctx, orderId, (current) => {
      if (current.refunds.some((refund) => refund.id === refundId)) return null;
      const refund: OrderRefund = {
        id: refundId,
        chargeId: current.chargeId ?? "",
        amount: money(input.amount, current.total.currency),
        reason: input.reason,
        status: "requested",
        failureCode: null,
        paymentId: null,
        afterSaleId: input.afterSaleId ?? null,
        requestedBy: { kind: ctx.actor.kind, id: ctx.actor.id },
        requestedAt: current.updatedAt,
        attempts: 1,
        decidedAt: null,
      };
      return {
        next: { ...current, refunds: [...current.refunds, refund] },
        action: "orders.order.refund_requested",
        changes: {},
      };
    });
    const refund = order.refunds.find((candidate) => candidate.id === refundId) as OrderRefund;
    return { order, refund };
  }

  async retry(): Promise<never> {
    throw new Error("not used by these tests");
  }

  /** The provider's answer: the refund succeeds or fails, with the order's event. */
  async settle(orderId: string, refundId: string, outcome: "succeeded" | "failed"): Promise<Order> {
    const ctx = tenantContext("acme");
    const { order } = await this.runtime.changeOrder(ctx, orderId, (current) => {
      const refund = current.refunds.find((candidate) => candidate.id === refundId);
      if (!refund) throw new Error(`no refund ${refundId}`);
      const failureCode = outcome === "failed" ? "insufficient_balance" : null;
      const settled: OrderRefund = {
        ...refund,
        status: outcome,
        failureCode: failureCode as never,
      };
      const succeeded = outcome === "succeeded" ? refund.amount.amount : 0;
      return {
        next: {
          ...current,
          refunds: current.refunds.map((candidate) =>
            candidate.id === refundId ? settled : candidate,
          ),
          refundedTotal: money(current.refundedTotal.amount + succeeded, current.total.currency),
        },
        action: `orders.order.refund_${outcome}`,
        changes: {},
        events: [
          {
            type: `order.refund_${outcome}`,
            payload: {
              refundId,
              amount: { amount: refund.amount.amount, currency: refund.amount.currency },
              afterSaleId: refund.afterSaleId,
              failureCode,
            },
          },
        ],
      };
    });
    return order;
  }
}

/** Contexts of the tests: tenant `acme`, its buyer `customer-1` (the fixture's), another buyer. */
export const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
export const inspector = tenantContext("acme", { id: "ivan", kind: "staff", roles: ["inspector"] });
export const buyer = tenantContext("acme", { id: "customer-1", kind: "consumer" });
export const otherBuyer = tenantContext("acme", { id: "customer-2", kind: "consumer" });

/** A return address staff give on approval. */
export const returnAddress = Object.freeze({
  name: "Acme returns desk",
  phone: "0571-88886666",
  regionCode: "CN-ZJ",
  line: "9 Tea Road, Hangzhou",
});

/**
 * The after-sales service over memory ports, a {@link RefundsDouble}, the
 * outbox handlers registered, and a spy of every after-sales event.
 */
export function afterSalesKit() {
  const clock = new ManualClock("2026-05-03T02:00:00.000Z");
  const ports = resolvePorts({ clock, random: seededRandom("after-sales") });
  const outbox = outboxRuntime(ports);
  const timeZoneOf = async () => "Asia/Shanghai";
  const timers = timersService({ ...ports, timeZoneOf });
  const payments = paymentsKernel(ports, paymentDecisionEvents(eventRecorder(ports)));
  const runtime = ordersRuntime(ports, {
    timers,
    outbox: outbox.handlers,
    payments,
    timeZoneOf,
    currencyOf: async () => "CNY",
  });
  const refunds = new RefundsDouble(runtime);
  for (const { type, name, handler } of afterSaleOutboxHandlers(runtime, refunds)) {
    outbox.handlers.on(type, name, handler);
  }
  const events: OutboxEvent[] = [];
  const verbs = [
    "applied",
    "approved",
    "rejected",
    "withdrawn",
    "shipped_back",
    "return_confirmed",
    "reshipped",
    "refunded",
    "refund_due",
    "refund_failed",
  ];
  for (const verb of verbs) {
    outbox.handlers.on(`after_sale.${verb}`, "test.spy", async (event) => {
      events.push(event);
    });
  }
  const service = afterSaleService(runtime);
  const dispatcher = outboxService(outbox);

  /** A paid order of `customer-1`: 2 × 39.90 (l1) and 1 × 20.00 (l2), 10.00 shipping: 109.80. */
  let orders = 0;
  async function paidOrder(overrides: Partial<Order> = {}): Promise<Order> {
    orders++;
    const order = orderRecord("acme", {
      number: `2026050100000000${String(orders).padStart(2, "0")}`,
      lines: [
        orderLineRecord({ lineId: "l1", quantity: 2, shippedQuantity: 2 }),
        orderLineRecord({
          lineId: "l2",
          quantity: 1,
          unitPrice: money(2000, "CNY"),
          shippedQuantity: 1,
        }),
      ],
      state: "shipped",
      logisticsState: "shipped",
      stock: "committed",
      chargeId: "ch_1",
      paidAt: "2026-05-01T02:10:00.000Z",
      shippedAt: "2026-05-02T02:00:00.000Z",
      ...overrides,
    });
    const inserted = await ports.storage.orders.insert(order);
    if (inserted.outcome !== "inserted") throw new Error(`order not inserted: ${inserted.outcome}`);
    return order;
  }

  const audit = async (targetId: string) =>
    (await ports.storage.audit.list("acme", { targetId }, { beforeId: null, limit: 100 }))
      .map((entry) => entry.action)
      .reverse();

  const dispatch = () => dispatcher.dispatch({ limit: 1000 });

  return { clock, ports, runtime, refunds, service, events, paidOrder, audit, dispatch, outbox };
}
