import { fieldChanges } from "../../kernel/audit/audit-summary.js";
import { systemContext } from "../../kernel/audit/record-audit.js";
import type { OutboxEvent } from "../../kernel/outbox/outbox-event.js";
import type { OutboxHandlerRegistration } from "../../kernel/outbox/outbox-handlers.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import type { OrderRefunds } from "../refunds/order-refunds.js";
import {
  AFTER_SALE_AUDIT_TARGET,
  type AfterSaleChange,
  afterSaleChanger,
  afterSaleEvents,
} from "./after-sale-change.js";
import { afterSaleAllows } from "./after-sale-states.js";
import type { StoredAfterSale } from "./ports.js";

/** Event recorded when a request reaches `refunding`; its handler asks the order for the refund. */
export const AFTER_SALE_REFUND_DUE = "after_sale.refund_due";

/** Payload of the `after_sale.refund_due` event, which makes the outbox pay an after-sales request. */
export interface AfterSaleRefundDue {
  readonly afterSaleId: string;
  readonly orderId: string;
  /** The refund's id, chosen when the request reached `refunding`: the refund's idempotency key. */
  readonly refundId: string;
  /** Minor units. */
  readonly amount: number;
  readonly reason: string;
}

/**
 * The change moving a request to `refunding` (refund only on approval,
 * return and refund once the goods are confirmed): it picks the refund's
 * id now, so however often the handler runs, one refund is asked for.
 */
export function refundDue(
  runtime: OrdersRuntime,
  afterSale: StoredAfterSale,
  verb: string,
): AfterSaleChange {
  const refundId = runtime.ports.ids.newId("rfd");
  const due: AfterSaleRefundDue = {
    afterSaleId: afterSale.id,
    orderId: afterSale.orderId,
    refundId,
    amount: afterSale.refundAmount.amount,
    reason: afterSale.reason,
  };
  return {
    next: { ...afterSale, state: "refunding", refundId },
    verb,
    changes: fieldChanges({
      state: { before: afterSale.state, after: "refunding" },
      refundId: { after: refundId },
    }),
    events: [{ type: AFTER_SALE_REFUND_DUE, payload: { ...due } }],
  };
}

/** The payload fields of `order.refund_succeeded` / `order.refund_failed` the handlers read. */
interface RefundOutcomePayload {
  readonly refundId?: unknown;
  readonly afterSaleId?: unknown;
  readonly failureCode?: unknown;
}

function refundOutcome(event: OutboxEvent): { refundId: string; afterSaleId: string } | null {
  const payload = (event.payload ?? {}) as RefundOutcomePayload;
  return typeof payload.refundId === "string" && typeof payload.afterSaleId === "string"
    ? { refundId: payload.refundId, afterSaleId: payload.afterSaleId }
    : null;
}

/**
 * The outbox handlers of after-sales requests, for the host's wiring to
 * register (`createOneCode` does):
 * - `after_sale.refund_due` → `refunds.request` as the system, with the
 *   request's `refundId`: idempotent by it, so a repeated delivery asks
 *   for nothing twice, and a crash before the call is made up by the
 *   redelivery;
 * - `order.refund_succeeded` of the request's refund → `refunding →
 *   refunded` (audited `orders.after_sale.refunded`), once;
 * - `order.refund_failed` of the request's refund → the request stays
 *   `refunding` (staff retry the order's refund once the cause is fixed);
 *   audited `orders.after_sale.refund_failed` and recorded as the event
 *   `after_sale.refund_failed` (with the `failureCode`), once per failure,
 *   so notifications reach staff; `get` shows the refund and its reason.
 */
export function afterSaleOutboxHandlers(
  runtime: OrdersRuntime,
  refunds: OrderRefunds,
): OutboxHandlerRegistration[] {
  const change = afterSaleChanger(runtime);
  return [
    {
      type: AFTER_SALE_REFUND_DUE,
      name: "after-sales.request-refund",
      async handler(event) {
        const due = event.payload as unknown as AfterSaleRefundDue;
        await refunds.request(systemContext(event.tenantId), due.orderId, {
          refundId: due.refundId,
          amount: due.amount,
          reason: due.reason,
          afterSaleId: due.afterSaleId,
        });
      },
    },
    {
      type: "order.refund_succeeded",
      name: "after-sales.settle-refund",
      async handler(event) {
        const outcome = refundOutcome(event);
        if (!outcome) return;
        const ctx = systemContext(event.tenantId);
        const found = await runtime.ports.storage.afterSales.get(ctx.tenantId, outcome.afterSaleId);
        if (!found) return;
        await change(ctx, outcome.afterSaleId, (afterSale) => {
          if (
            afterSale.refundId !== outcome.refundId ||
            !afterSaleAllows(afterSale, "settle_refund")
          ) {
            return null;
          }
          return {
            next: { ...afterSale, state: "refunded" },
            verb: "refunded",
            changes: fieldChanges({ state: { before: afterSale.state, after: "refunded" } }),
          };
        });
      },
    },
    {
      type: "order.refund_failed",
      name: "after-sales.report-refund-failure",
      async handler(event, delivery) {
        const outcome = refundOutcome(event);
        if (!outcome) return;
        const ctx = systemContext(event.tenantId);
        const failureCode = (event.payload as RefundOutcomePayload).failureCode;
        await runtime.ports.storage.transaction(async (tx) => {
          const afterSale = await tx.afterSales.get(ctx.tenantId, outcome.afterSaleId);
          if (!afterSale || afterSale.refundId !== outcome.refundId) return;
          if (afterSale.state !== "refunding" || !(await delivery.handleOnce(tx))) return;
          const code = typeof failureCode === "string" ? failureCode : null;
          await runtime.recordAudit(tx, ctx, {
            action: "orders.after_sale.refund_failed",
            target: { type: AFTER_SALE_AUDIT_TARGET, id: afterSale.id },
            changes: fieldChanges({ refundFailureCode: { after: code } }),
          });
          await runtime.recordEvents(
            tx,
            ctx,
            afterSaleEvents(afterSale, "refund_failed", afterSale.state).map((recorded) => ({
              ...recorded,
              payload: {
                ...(recorded.payload as object),
                refundId: outcome.refundId,
                failureCode: code,
              },
            })),
          );
        });
      },
    },
  ];
}
