import type { AuditChanges } from "../kernel/audit/audit-entry.js";
import type { RecordAudit } from "../kernel/audit/record-audit.js";
import { type Clock, isoNow } from "../kernel/clock.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import type { JsonValue } from "../kernel/outbox/outbox-event.js";
import type { RecordEvents } from "../kernel/outbox/record-events.js";
import type { AccessTarget } from "../kernel/permissions/record-scope.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { Storage, StorageRepositories } from "../ports/storage.js";
import type { Order } from "./order.js";

/** The audit target type of orders. */
export const ORDER_AUDIT_TARGET = "order";

/** What scoped grants judge an order by: its store and its owning staff member. */
export function orderAccessTarget(order: Pick<Order, "delivery" | "ownerId">): AccessTarget {
  return { storeId: order.delivery.storeId, ownerId: order.ownerId };
}

/** An event of the changed order; its aggregate is the order. */
export interface OrderEvent {
  /** E.g. `order.paid`. */
  readonly type: string;
  readonly payload: JsonValue;
}

/**
 * One change of an order, as a mutation returns it: the order after the
 * change (version and `updatedAt` are filled in), its audit entry, its
 * events, and further writes that must commit with it (stock, timers).
 */
export interface OrderChange {
  readonly next: Order;
  /** Audit action, e.g. `orders.order.paid`. */
  readonly action: string;
  readonly changes: AuditChanges;
  readonly events?: readonly OrderEvent[];
  /** Runs in the same transaction after the order was written (stock, timers, other records). */
  readonly alsoInTransaction?: (tx: StorageRepositories, next: Order) => Promise<void>;
}

/**
 * Decides a change of the order as read in the transaction; returns `null`
 * when there is nothing to do (an idempotent repeat), and throws a typed
 * error to refuse (nothing is written then).
 */
export type OrderMutation = (
  order: Order,
  tx: StorageRepositories,
) => OrderChange | null | Promise<OrderChange | null>;

/** Runs one {@link OrderMutation} on an order; see {@link orderChanger}. */
export type ChangeOrder = (
  ctx: TenantContext,
  orderId: string,
  mutate: OrderMutation,
) => Promise<{ readonly order: Order; readonly changed: boolean }>;

/** Compare-and-set attempts before a change gives up with `BUSY`. */
const MAX_ATTEMPTS = 8;

class LostRace extends Error {}

/**
 * The one way orders change. In one transaction it reads the order, lets
 * the mutation check its state and decide, writes the order only if no
 * other change landed since the read (compare-and-set on `version`), and
 * appends the audit entry and the events; when another change won, it
 * starts over, so the mutation judges the state that actually holds. A
 * consumer reaches only their own orders (others look missing).
 */
export function orderChanger(deps: {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly recordAudit: RecordAudit;
  readonly recordEvents: RecordEvents;
}): ChangeOrder {
  const { storage, clock, recordAudit, recordEvents } = deps;
  return async (ctx, orderId, mutate) => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        return await storage.transaction(async (tx) => {
          const order = await tx.orders.get(ctx.tenantId, orderId);
          if (!order || !visibleTo(ctx, order)) throw notFound("order", orderId, "orderId");
          const change = await mutate(order, tx);
          if (change === null) return { order, changed: false };
          const next: Order = {
            ...change.next,
            version: order.version + 1,
            updatedAt: isoNow(clock),
          };
          if (!(await tx.orders.update(next, order.version))) throw new LostRace();
          await recordAudit(tx, ctx, {
            action: change.action,
            target: { type: ORDER_AUDIT_TARGET, id: order.id },
            changes: change.changes,
          });
          const events = change.events ?? [];
          if (events.length > 0) {
            await recordEvents(
              tx,
              ctx,
              events.map((event) => ({
                type: event.type,
                aggregate: { type: ORDER_AUDIT_TARGET, id: order.id },
                payload: event.payload,
              })),
            );
          }
          await change.alsoInTransaction?.(tx, next);
          return { order: next, changed: true };
        });
      } catch (error) {
        if (!(error instanceof LostRace)) throw error;
      }
    }
    throw new OneCodeError(
      "BUSY",
      `order ${orderId} kept changing under concurrent updates; retry`,
      { resource: "order", attempts: MAX_ATTEMPTS },
    );
  };
}

/** A consumer sees only their own orders; staff and the system see the tenant's. */
export function visibleTo(ctx: TenantContext, order: Pick<Order, "customerId">): boolean {
  return ctx.actor.kind !== "consumer" || ctx.actor.id === order.customerId;
}
