import { notFound } from "../kernel/errors.js";
import { InputCheck } from "../kernel/input-check.js";
import { paginate, resolvePage } from "../kernel/pagination.js";
import { listFilterFor, requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import { createOrder } from "./checkout/create-order.js";
import { orderLifecycle } from "./lifecycle/order-lifecycle.js";
import type { Order } from "./order.js";
import { orderAccessTarget, visibleTo } from "./order-change.js";
import type { OrderService } from "./order-service-types.js";
import type { OrdersRuntime } from "./orders-runtime.js";
import { orderPayments } from "./payment/order-payment.js";
import type { OrderFilter } from "./ports.js";
import { orderRefunds } from "./refunds/refund-use-cases.js";
import { type OrderQuery, orderFilterOf } from "./views/order-query.js";
import { ordersCsv } from "./views/orders-csv.js";

const EXPORT_PAGE = 200;
const GROUPINGS = ["day", "product", "channel"] as const;

/** The order use cases over the runtime; registers their timer and outbox handlers. */
export function orderService(runtime: OrdersRuntime): OrderService {
  const { storage, clock } = runtime.ports;
  const payments = orderPayments(runtime);
  const lifecycle = orderLifecycle(runtime);
  const refunds = orderRefunds(runtime);

  /** The repository filter of a query: staff by their `orders.read` reach, a consumer their own orders. */
  const filterFor = async (ctx: TenantContext, query: OrderQuery = {}): Promise<OrderFilter> => {
    const access =
      ctx.actor.kind === "consumer" ? ({ all: true } as const) : listFilterFor(ctx, "orders.read");
    const filter = orderFilterOf(
      query,
      access,
      clock.nowMs(),
      await runtime.timeZoneOf(ctx.tenantId),
    );
    return ctx.actor.kind === "consumer" ? { ...filter, customerId: ctx.actor.id } : filter;
  };

  const readable = (ctx: TenantContext, order: Order | null, id: string): Order => {
    if (!order || !visibleTo(ctx, order)) throw notFound("order", id, "orderId");
    if (ctx.actor.kind !== "consumer")
      requireCapability(ctx, "orders.read", orderAccessTarget(order));
    return order;
  };

  return {
    create: (ctx, input) => createOrder(runtime, ctx, input),

    async get(ctx, orderId) {
      return readable(ctx, await storage.orders.get(ctx.tenantId, orderId), orderId);
    },

    async getByNumber(ctx, number) {
      return readable(ctx, await storage.orders.getByNumber(ctx.tenantId, number), number);
    },

    async list(ctx, query = {}) {
      const { limit, cursor, ...rest } = query;
      resolvePage({ limit, cursor });
      // A buyer asking for another buyer's orders has none to see.
      if (
        ctx.actor.kind === "consumer" &&
        rest.customerId !== undefined &&
        rest.customerId !== ctx.actor.id
      ) {
        return { items: [], nextCursor: null };
      }
      const filter = await filterFor(ctx, rest);
      return paginate({ limit, cursor }, (page) => storage.orders.list(ctx.tenantId, filter, page));
    },

    async countByState(ctx, query) {
      return storage.orders.countByState(ctx.tenantId, await filterFor(ctx, query));
    },

    exportCsv(ctx, query) {
      // Staff only: a consumer holds no reach and is refused here, before the stream starts.
      listFilterFor(ctx, "orders.read");
      const pages = async function* () {
        const filter = await filterFor(ctx, query);
        let beforeId: string | null = null;
        for (;;) {
          const page = await storage.orders.list(ctx.tenantId, filter, {
            beforeId,
            limit: EXPORT_PAGE,
          });
          yield page;
          const last = page[page.length - 1];
          if (page.length < EXPORT_PAGE || !last) return;
          beforeId = last.id;
        }
      };
      return ordersCsv(pages());
    },

    async statistics(ctx, input) {
      requireCapability(ctx, "orders.read");
      const check = new InputCheck();
      const raw = (input ?? {}) as unknown as Record<string, unknown>;
      const instant = (field: "from" | "to") => {
        const value = raw[field];
        if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
          check.fail(field, "date_time", `${field} must be an ISO-8601 date-time`);
          return "";
        }
        return new Date(value).toISOString();
      };
      const from = instant("from");
      const to = instant("to");
      const groupBy = check.oneOf("groupBy", raw.groupBy, GROUPINGS);
      if (from && to && from >= to) check.fail("to", "after_from", "to must be later than from");
      check.done();
      const [timeZone, currency] = await Promise.all([
        runtime.timeZoneOf(ctx.tenantId),
        runtime.currencyOf(ctx.tenantId),
      ]);
      const rows = await storage.orders.statistics(ctx.tenantId, { from, to, timeZone, groupBy });
      return { currency, timeZone, rows };
    },

    pay: (ctx, orderId, input) => payments.pay(ctx, orderId, input),
    cancel: (ctx, orderId) => lifecycle.cancel(ctx, orderId),
    changePrice: (ctx, orderId, input) => lifecycle.changePrice(ctx, orderId, input),
    requestCancellation: (ctx, orderId, input) =>
      lifecycle.requestCancellation(ctx, orderId, input?.reason),
    rejectCancellation: (ctx, orderId, input) =>
      lifecycle.rejectCancellation(ctx, orderId, input?.reason),

    async close(ctx, orderId, input) {
      const { order, refundId } = await lifecycle.closePaid(ctx, orderId, input);
      if (refundId === null) return { order, refund: null };
      const done = await refunds.performSoon(ctx, order, refundId);
      return { order: done.order, refund: done.refund };
    },

    refund: (ctx, orderId, input) => refunds.request(ctx, orderId, input),
    retryRefund: (ctx, orderId, refundId) => refunds.retry(ctx, orderId, refundId),
  };
}
