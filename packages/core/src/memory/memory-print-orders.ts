import type { PrintOrderRepository } from "../codes/ports.js";
import type { PrintOrder } from "../codes/print-order.js";
import type { MemoryCodesTables } from "./memory-codes.js";
import type { UndoLog } from "./memory-table.js";

/** The memory print-order repository. */
export function memoryPrintOrderRepository(
  tables: MemoryCodesTables,
  undo: UndoLog | null,
): PrintOrderRepository {
  const { printOrders } = tables;
  return {
    async insert(order) {
      if (printOrders.get(order.tenantId, order.id))
        throw new Error(`duplicate print order id ${order.id}`);
      printOrders.put(order, undo);
    },
    async get(tenantId, id) {
      return printOrders.get(tenantId, id);
    },
    async list(tenantId, filter, page) {
      const matches = (order: PrintOrder) =>
        filter.status === undefined || order.status === filter.status;
      return printOrders.list(tenantId, matches, page.beforeId, page.limit);
    },
    async transition(tenantId, id, from, change) {
      const current = printOrders.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      if (current.status !== from) return { outcome: "wrong_status", status: current.status };
      const next: PrintOrder = {
        ...current,
        status: change.status,
        updatedAt: change.updatedAt,
        ...(change.trackingNumber !== undefined && { trackingNumber: change.trackingNumber }),
        ...(change.courier !== undefined && { courier: change.courier }),
      };
      printOrders.put(next, undo);
      return { outcome: "updated", order: structuredClone(next) };
    },
  };
}
