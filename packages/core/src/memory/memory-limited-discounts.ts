import type {
  LimitedDiscount,
  LimitedDiscountTake,
} from "../promotions/limited-discounts/limited-discount.js";
import type { LimitedDiscountRepository } from "../promotions/limited-discounts/ports.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

interface StoredTake extends LimitedDiscountTake {
  readonly id: string;
}

interface BuyerCount {
  readonly tenantId: string;
  /** `<discountId>/<customerId>/<skuId>` */
  readonly id: string;
  readonly units: number;
}

/** The memory tables behind {@link memoryLimitedDiscountRepository}. */
export class MemoryLimitedDiscountTables {
  readonly discounts = new MemoryTable<LimitedDiscount>();
  readonly takes = new MemoryTable<StoredTake>();
  readonly counts = new MemoryTable<BuyerCount>();
}

const countId = (discountId: string, customerId: string, skuId: string) =>
  `${discountId}/${customerId}/${skuId}`;

/**
 * The memory time-limited discount repository. Calls are serialized by the
 * memory storage and no method awaits between its check and its write, so
 * each is atomic.
 */
export function memoryLimitedDiscountRepository(
  tables: MemoryLimitedDiscountTables,
  undo: UndoLog | null,
): LimitedDiscountRepository {
  const { discounts, takes, counts } = tables;
  const { stripTake } = { stripTake: ({ id: _id, ...take }: StoredTake) => take };
  const addUnits = (take: LimitedDiscountTake, sign: 1 | -1) => {
    const discount = discounts.get(take.tenantId, take.discountId);
    if (!discount) return;
    const items = discount.items.map((item) => {
      const line = take.lines.find((entry) => entry.skuId === item.skuId);
      return line ? { ...item, sold: item.sold + sign * line.units } : item;
    });
    discounts.put({ ...discount, items }, undo);
    for (const line of take.lines) {
      const id = countId(take.discountId, take.customerId, line.skuId);
      const units = (counts.get(take.tenantId, id)?.units ?? 0) + sign * line.units;
      counts.put({ tenantId: take.tenantId, id, units }, undo);
    }
  };
  return {
    async insert(discount) {
      for (const other of discounts.some(
        discount.tenantId,
        (row) =>
          row.state === "active" &&
          row.startsAt < discount.endsAt &&
          discount.startsAt < row.endsAt,
      )) {
        const shared = discount.items.find((item) =>
          other.items.some((entry) => entry.skuId === item.skuId),
        );
        if (shared) return { outcome: "sku_taken", skuId: shared.skuId, discountId: other.id };
      }
      discounts.put(discount, undo);
      return { outcome: "inserted" };
    },
    async get(tenantId, id) {
      return discounts.get(tenantId, id);
    },
    async list(tenantId, { beforeId, limit }) {
      return discounts.list(tenantId, () => true, beforeId, limit);
    },
    async end(tenantId, id, at) {
      const discount = discounts.get(tenantId, id);
      if (discount?.state !== "active") return null;
      const ended = { ...discount, state: "ended" as const, updatedAt: at };
      discounts.put(ended, undo);
      return ended;
    },
    async listRunning(tenantId, skuIds, at) {
      return discounts
        .some(
          tenantId,
          (row) =>
            row.state === "active" &&
            row.startsAt <= at &&
            at < row.endsAt &&
            row.items.some((item) => skuIds.includes(item.skuId)),
        )
        .map((row) => structuredClone(row))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    },
    async boughtUnits(tenantId, discountId, customerId) {
      const prefix = `${discountId}/${customerId}/`;
      const units: Record<string, number> = {};
      for (const row of counts.some(tenantId, (entry) => entry.id.startsWith(prefix))) {
        if (row.units > 0) units[row.id.slice(prefix.length)] = row.units;
      }
      return units;
    },
    async take(take) {
      const id = `${take.orderId}/${take.discountId}`;
      if (takes.get(take.tenantId, id)) return { outcome: "already_taken" };
      const discount = discounts.get(take.tenantId, take.discountId);
      if (!discount) return { outcome: "not_found" };
      for (const line of take.lines) {
        const item = discount.items.find((entry) => entry.skuId === line.skuId);
        if (!item) return { outcome: "not_found" };
        if (item.sold + line.units > item.stock) {
          return { outcome: "stock_exhausted", skuId: line.skuId, left: item.stock - item.sold };
        }
        const bought =
          counts.get(take.tenantId, countId(take.discountId, take.customerId, line.skuId))?.units ??
          0;
        if (discount.limit !== null && bought + line.units > discount.limit.quantity) {
          return {
            outcome: "limit_exceeded",
            skuId: line.skuId,
            limit: discount.limit.quantity,
            bought,
          };
        }
      }
      takes.put({ ...take, id, status: "held" }, undo);
      addUnits(take, 1);
      return { outcome: "taken" };
    },
    async release(tenantId, orderId, at) {
      const held = takes.some(tenantId, (row) => row.orderId === orderId && row.status === "held");
      for (const row of held) {
        takes.put({ ...row, status: "released", updatedAt: at }, undo);
        addUnits(row, -1);
      }
      return held.length;
    },
    async takesOf(tenantId, orderId) {
      return takes
        .some(tenantId, (row) => row.orderId === orderId)
        .map((row) => stripTake(structuredClone(row)))
        .sort((a, b) => (a.discountId < b.discountId ? -1 : 1));
    },
  };
}
