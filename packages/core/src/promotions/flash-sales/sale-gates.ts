import { isoNow } from "../../kernel/clock.js";
import type { OutboxHandlerRegistration } from "../../kernel/outbox/outbox-handlers.js";
import type { PricingUndo } from "../../orders/checkout/order-pricing.js";
import type { Order } from "../../orders/order.js";
import type { GateRefusal, GateStep } from "../../ports/gates.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import type { SaleTake } from "./sale-take.js";

/** The hot-state scope of one flash sale's or presale's counters. */
export const saleScope = (kind: SaleTake["kind"], saleId: string) => `${kind}:${saleId}`;
/** The counter of units sold of a SKU in a sale. */
export const soldKey = (skuId: string) => `sold:${skuId}`;
/** The counter of units one buyer bought of a SKU in a flash sale. */
export const buyerKey = (customerId: string, skuId: string) => `buyer:${customerId}:${skuId}`;

/** Units asked per SKU of a set of priced lines. */
export function unitsBySku(
  lines: readonly { readonly skuId: string; readonly quantity: number }[],
): Map<string, number> {
  const units = new Map<string, number>();
  for (const line of lines) units.set(line.skuId, (units.get(line.skuId) ?? 0) + line.quantity);
  return units;
}

/**
 * Passes one gate of a sale for an order and records the take in the
 * order's transaction. Returns the undo of the gate, or the refusal (nothing
 * taken). If recording fails, the gate is undone before the error goes on.
 */
export async function takeThroughGate(
  runtime: Pick<PromotionsRuntime, "ports">,
  tx: StorageRepositories,
  order: Order,
  take: Pick<SaleTake, "kind" | "saleId" | "items" | "terms">,
  steps: readonly GateStep[],
): Promise<{ readonly undo: PricingUndo } | { readonly refusal: GateRefusal }> {
  const { gates } = runtime.ports.hotState;
  const outcome = await gates.pass(order.tenantId, saleScope(take.kind, take.saleId), steps);
  if (!outcome.passed) return { refusal: outcome.refusal };
  const undo = async () => {
    await gates.undo(order.tenantId, outcome.receipt);
  };
  try {
    await tx.saleTakes.insert({
      ...take,
      tenantId: order.tenantId,
      orderId: order.id,
      customerId: order.customerId,
      receipt: outcome.receipt,
      returnedAt: null,
      createdAt: isoNow(runtime.ports.clock),
    });
  } catch (error) {
    await undo();
    throw error;
  }
  return { undo };
}

/** Runs each undo once, ignoring failures (the order was not stored). */
export async function undoAll(undos: readonly PricingUndo[]): Promise<void> {
  for (const undo of undos) await undo().catch(() => undefined);
}

/** Whether a closed order's sale units go back: it closed before payment, or never got its stock. */
function returnsUnits(order: Order, reason: unknown): boolean {
  return order.paidAt === null || reason === "stock_exhausted";
}

/**
 * The outbox handler of `order.closed` giving back an order's flash-sale and
 * presale units (sale stock and per-person limit) when it closed before
 * payment. Each gate receipt undoes at most once (the hot-state guarantee)
 * and the take is then marked returned, so a redelivery changes nothing.
 */
export function saleTakeHandlers(
  runtime: Pick<PromotionsRuntime, "ports">,
): OutboxHandlerRegistration[] {
  const { storage, hotState } = runtime.ports;
  return [
    {
      type: "order.closed",
      name: "promotions.timed-sales.return-units",
      async handler(event) {
        const { orderId, reason } = event.payload as { orderId?: unknown; reason?: unknown };
        if (typeof orderId !== "string") return;
        const order = await storage.orders.get(event.tenantId, orderId);
        if (!order || !returnsUnits(order, reason)) return;
        const takes = await storage.saleTakes.ofOrder(event.tenantId, orderId);
        for (const take of takes) {
          if (take.returnedAt !== null) continue;
          // Undo first: a crash before the mark undoes nothing twice (the receipt is spent).
          await hotState.gates.undo(event.tenantId, take.receipt);
          await storage.saleTakes.markReturned(
            event.tenantId,
            orderId,
            take.kind,
            take.saleId,
            isoNow(runtime.ports.clock),
          );
        }
      },
    },
  ];
}
