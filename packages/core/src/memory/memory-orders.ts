import { listFilterAdmits } from "../kernel/permissions/record-scope.js";
import { zonedDate } from "../kernel/zoned-time.js";
import type { Order } from "../orders/order.js";
import type { OrderSettings } from "../orders/order-settings.js";
import type {
  OrderFilter,
  OrderRepository,
  OrderSettingsRepository,
  OrderStatisticsQuery,
  OrderStatisticsRow,
} from "../orders/ports.js";
import type { MemoryTable, UndoLog } from "./memory-table.js";

/** Whether the instant `value` is in `[from, to)`; compared as instants, so any ISO-8601 offset works. */
export const withinInstants = (value: string | null, from?: string, to?: string) =>
  (from === undefined || (value !== null && Date.parse(value) >= Date.parse(from))) &&
  (to === undefined || (value !== null && Date.parse(value) < Date.parse(to)));

const within = withinInstants;

const withinDates = (value: string | null, from?: string, to?: string) =>
  (from === undefined || (value !== null && value >= from)) &&
  (to === undefined || (value !== null && value <= to));

/** Whether `order` matches every field of `filter` (shared with the after-sales table). */
export function orderMatches(order: Order, filter: OrderFilter): boolean {
  const target = { storeId: order.delivery.storeId, ownerId: order.ownerId };
  return (
    listFilterAdmits(filter.access, target) &&
    (filter.states === undefined || filter.states.includes(order.state)) &&
    (filter.logisticsStates === undefined ||
      filter.logisticsStates.includes(order.logisticsState)) &&
    (filter.deliveryMethods === undefined ||
      filter.deliveryMethods.includes(order.delivery.method)) &&
    (filter.customerId === undefined || order.customerId === filter.customerId) &&
    (filter.productId === undefined ||
      order.lines.some((line) => line.productId === filter.productId)) &&
    (filter.skuId === undefined || order.lines.some((line) => line.skuId === filter.skuId)) &&
    (filter.channel === undefined || order.channel === filter.channel) &&
    (filter.number === undefined || order.number === filter.number) &&
    (filter.cancellationRequested === undefined ||
      (order.cancellationRequest !== null) === filter.cancellationRequested) &&
    within(order.createdAt, filter.createdFrom, filter.createdTo) &&
    within(order.paidAt, filter.paidFrom, filter.paidTo) &&
    within(order.shippedAt, filter.shippedFrom, filter.shippedTo) &&
    withinDates(order.delivery.shipOn, filter.shipOnFrom, filter.shipOnTo)
  );
}

/** Half-up rounding of a non-negative share, as the SQL `round()` does. */
const shareOf = (amount: number, part: number, whole: number) =>
  whole === 0 ? 0 : Math.floor((amount * part) / whole + 0.5);

function statisticsOf(orders: readonly Order[], query: OrderStatisticsQuery): OrderStatisticsRow[] {
  const rows = new Map<string, OrderStatisticsRow>();
  const add = (key: string, figures: Partial<Omit<OrderStatisticsRow, "key">>) => {
    const row = rows.get(key) ?? {
      key,
      ordersCreated: 0,
      ordersPaid: 0,
      paidAmount: 0,
      refundedAmount: 0,
      unitsPaid: 0,
    };
    rows.set(key, {
      key,
      ordersCreated: row.ordersCreated + (figures.ordersCreated ?? 0),
      ordersPaid: row.ordersPaid + (figures.ordersPaid ?? 0),
      paidAmount: row.paidAmount + (figures.paidAmount ?? 0),
      refundedAmount: row.refundedAmount + (figures.refundedAmount ?? 0),
      unitsPaid: row.unitsPaid + (figures.unitsPaid ?? 0),
    });
  };
  const inRange = (at: string | null) => within(at, query.from, query.to);
  const dayOf = (at: string) => zonedDate(Date.parse(at), query.timeZone);
  for (const order of orders) {
    const refunds = order.refunds.filter(
      (refund) => refund.status === "succeeded" && inRange(refund.decidedAt),
    );
    const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
    if (query.groupBy === "product") {
      const linesTotal = order.lines.reduce((sum, line) => sum + line.amount.amount, 0);
      for (const productId of new Set(order.lines.map((line) => line.productId))) {
        const lines = order.lines.filter((line) => line.productId === productId);
        const amount = lines.reduce((sum, line) => sum + line.amount.amount, 0);
        const paid = inRange(order.paidAt);
        if (inRange(order.createdAt)) add(productId, { ordersCreated: 1 });
        if (paid) {
          add(productId, {
            ordersPaid: 1,
            paidAmount: amount,
            unitsPaid: lines.reduce((sum, line) => sum + line.quantity, 0),
          });
        }
        for (const refund of refunds) {
          add(productId, { refundedAmount: shareOf(refund.amount.amount, amount, linesTotal) });
        }
      }
      continue;
    }
    const keyAt = (at: string) => (query.groupBy === "day" ? dayOf(at) : order.channel);
    if (inRange(order.createdAt)) add(keyAt(order.createdAt), { ordersCreated: 1 });
    if (order.paidAt !== null && inRange(order.paidAt)) {
      add(keyAt(order.paidAt), {
        ordersPaid: 1,
        paidAmount: order.total.amount,
        unitsPaid: units,
      });
    }
    for (const refund of refunds) {
      add(keyAt(refund.decidedAt as string), { refundedAmount: refund.amount.amount });
    }
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The memory order repository over `table`, undoable in a transaction. */
export function memoryOrderRepository(
  table: MemoryTable<Order>,
  undo: UndoLog | null,
): OrderRepository {
  const findOne = (tenantId: string, where: (order: Order) => boolean) => {
    const [found] = table.some(tenantId, where);
    return found ? structuredClone(found) : null;
  };
  return {
    async insert(order) {
      if (table.some(order.tenantId, (row) => row.number === order.number).length > 0) {
        return { outcome: "number_taken" };
      }
      const code = order.verification?.code;
      if (
        code !== undefined &&
        table.some(order.tenantId, (row) => row.verification?.code === code).length > 0
      ) {
        return { outcome: "verification_code_taken" };
      }
      table.put(order, undo);
      return { outcome: "inserted" };
    },
    async get(tenantId, id) {
      return table.get(tenantId, id);
    },
    async getByNumber(tenantId, number) {
      return findOne(tenantId, (row) => row.number === number);
    },
    async getByVerificationCode(tenantId, code) {
      return findOne(tenantId, (row) => row.verification?.code === code);
    },
    async update(order, expectedVersion) {
      return table.putIfVersion(order, expectedVersion, undo, (before) => ({
        number: before.number,
        createdAt: before.createdAt,
      }));
    },
    async list(tenantId, filter, page) {
      return table.list(tenantId, (row) => orderMatches(row, filter), page.beforeId, page.limit);
    },
    async countByState(tenantId, filter) {
      const counts: Partial<Record<Order["state"], number>> = {};
      for (const row of table.some(tenantId, (row) => orderMatches(row, filter))) {
        counts[row.state] = (counts[row.state] ?? 0) + 1;
      }
      return counts;
    },
    async statistics(tenantId, query) {
      return statisticsOf(
        table.some(tenantId, () => true),
        query,
      );
    },
  };
}

/** The memory order-settings repository over `rows` (one per tenant), undoable in a transaction. */
export function memoryOrderSettingsRepository(
  rows: Map<string, OrderSettings>,
  undo: UndoLog | null,
): OrderSettingsRepository {
  return {
    async get(tenantId) {
      const row = rows.get(tenantId);
      return row ? structuredClone(row) : null;
    },
    async save(settings) {
      const before = rows.get(settings.tenantId);
      rows.set(settings.tenantId, structuredClone(settings));
      undo?.push(() =>
        before ? rows.set(settings.tenantId, before) : rows.delete(settings.tenantId),
      );
    },
  };
}
