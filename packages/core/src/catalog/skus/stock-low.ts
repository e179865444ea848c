import type { NewOutboxEvent, OutboxEvent } from "../../kernel/outbox/outbox-event.js";
import { OUTBOX_EVENT_LIMITS, type RecordEvents } from "../../kernel/outbox/record-events.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import { mergedReservationLines } from "./reservation-lines.js";
import type { ReservationLine, Sku } from "./sku.js";

/** The outbox event type raised when a SKU's stock falls to its low-stock threshold. */
export const SKU_STOCK_LOW_EVENT = "sku.stock_low";

/**
 * The payload of a `sku.stock_low` event (aggregate `{ type: "sku", id }`):
 * a take or a staff count left the SKU's stock at or below its
 * `lowStockThreshold` while it was above it before. One event per crossing:
 * further takes below the threshold raise none until the stock rises above
 * it again (a release, a count) and falls again.
 */
export type SkuStockLowPayload = {
  readonly skuId: string;
  readonly productId: string;
  /** The SKU's code, for the alert's text. */
  readonly code: string;
  /** Units left after the change. */
  readonly stock: number;
  /** The SKU's `lowStockThreshold` when the change was made. */
  readonly threshold: number;
};

/** One SKU's stock change: the stock before and after it, from the atomic write that made it. */
export interface StockChange {
  readonly skuId: string;
  readonly stockBefore: number;
  readonly stockAfter: number;
}

/** Whether a change from `before` to `after` crosses `threshold` downwards (`null`: alerts off). */
export function crossesLowStock(threshold: number | null, before: number, after: number): boolean {
  return threshold !== null && before > threshold && after <= threshold;
}

/**
 * The `sku.stock_low` event of a change of the SKU's stock, or `null` when
 * the change does not cross its threshold downwards.
 */
export function stockLowEvent(
  sku: Pick<Sku, "id" | "productId" | "code" | "lowStockThreshold">,
  stockBefore: number,
  stockAfter: number,
): NewOutboxEvent | null {
  const threshold = sku.lowStockThreshold;
  if (threshold === null || !crossesLowStock(threshold, stockBefore, stockAfter)) return null;
  const payload: SkuStockLowPayload = {
    skuId: sku.id,
    productId: sku.productId,
    code: sku.code,
    stock: stockAfter,
    threshold,
  };
  return { type: SKU_STOCK_LOW_EVENT, aggregate: { type: "sku", id: sku.id }, payload };
}

/**
 * The stock changes of a successful `skus.reserve` (or several `take`s):
 * the lines (repeated SKUs summed) with the stocks the repository returned
 * after the take; the stock before is after + taken, exact because the
 * take was one atomic write.
 */
export function stockChangesOfTakes(
  lines: readonly ReservationLine[],
  stocksAfter: Readonly<Record<string, number>>,
): StockChange[] {
  return mergedReservationLines(lines).flatMap((line) => {
    const stockAfter = stocksAfter[line.skuId];
    return stockAfter === undefined
      ? []
      : [{ skuId: line.skuId, stockBefore: stockAfter + line.quantity, stockAfter }];
  });
}

/**
 * Records, in the caller's transaction `tx`, a `sku.stock_low` event for
 * every change that crosses its SKU's threshold downwards; returns them.
 */
export type RecordStockLow = (
  tx: StorageRepositories,
  ctx: TenantContext,
  changes: readonly StockChange[],
) => Promise<OutboxEvent[]>;

/**
 * Builds {@link RecordStockLow}. The orders module calls it in the
 * transaction that takes stock, right after the take:
 *
 * @example
 * ```ts
 * const recordStockLow = stockLowRecorder(runtime.recordEvents);
 * const reserved = await tx.skus.reserve(ctx.tenantId, order.id, lines, at);
 * if (reserved.outcome === "reserved") {
 *   await recordStockLow(tx, ctx, stockChangesOfTakes(lines, reserved.stocks));
 * }
 * ```
 */
export function stockLowRecorder(recordEvents: RecordEvents): RecordStockLow {
  return async (tx, ctx, changes) => {
    const events: NewOutboxEvent[] = [];
    for (const change of changes) {
      // Only a crossing needs the SKU's threshold and code; most takes stay clear of it.
      if (change.stockAfter >= change.stockBefore) continue;
      const sku = await tx.skus.get(ctx.tenantId, change.skuId);
      const event = sku && stockLowEvent(sku, change.stockBefore, change.stockAfter);
      if (event) events.push(event);
    }
    const recorded: OutboxEvent[] = [];
    for (let start = 0; start < events.length; start += OUTBOX_EVENT_LIMITS.maxEvents) {
      const batch = events.slice(start, start + OUTBOX_EVENT_LIMITS.maxEvents);
      recorded.push(...(await recordEvents(tx, ctx, batch)));
    }
    return recorded;
  };
}
