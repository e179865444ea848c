import { listFilterAdmits } from "../kernel/permissions/record-scope.js";
import type {
  AfterSaleFilter,
  AfterSaleRepository,
  StoredAfterSale,
} from "../orders/after-sales/ports.js";
import { withinInstants } from "./memory-orders.js";
import type { MemoryTable, UndoLog } from "./memory-table.js";

const matches = (row: StoredAfterSale, filter: AfterSaleFilter) =>
  listFilterAdmits(filter.access, { storeId: row.storeId, ownerId: row.ownerId }) &&
  (filter.orderId === undefined || row.orderId === filter.orderId) &&
  (filter.customerId === undefined || row.customerId === filter.customerId) &&
  (filter.kinds === undefined || filter.kinds.includes(row.kind)) &&
  (filter.states === undefined || filter.states.includes(row.state)) &&
  withinInstants(row.createdAt, filter.createdFrom, filter.createdTo);

/** The memory after-sales repository over `table`, undoable in a transaction. */
export function memoryAfterSaleRepository(
  table: MemoryTable<StoredAfterSale>,
  undo: UndoLog | null,
): AfterSaleRepository {
  return {
    async insert(afterSale) {
      table.put(afterSale, undo);
    },
    async get(tenantId, id) {
      return table.get(tenantId, id);
    },
    async update(afterSale, expectedVersion) {
      return table.putIfVersion(afterSale, expectedVersion, undo, (before) => ({
        orderId: before.orderId,
        createdAt: before.createdAt,
      }));
    },
    async list(tenantId, filter, page) {
      return table.list(tenantId, (row) => matches(row, filter), page.beforeId, page.limit);
    },
  };
}
