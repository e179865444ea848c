import type { AuditChanges } from "../../kernel/audit/audit-entry.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import type { JsonValue, NewOutboxEvent } from "../../kernel/outbox/outbox-event.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import type { AfterSale, AfterSaleState } from "./after-sale.js";
import type { StoredAfterSale } from "./ports.js";

/** The audit target type and event aggregate type of after-sales requests. */
export const AFTER_SALE_AUDIT_TARGET = "after_sale";

/** States a request is finished in; `closedAt` is set on reaching one. */
export const CLOSED_AFTER_SALE_STATES: readonly AfterSaleState[] = Object.freeze([
  "rejected",
  "refunded",
  "reshipped",
  "withdrawn",
]);

/** An extra event of the changed request (its aggregate is the request). */
export interface AfterSaleEvent {
  readonly type: string;
  readonly payload: JsonValue;
}

/**
 * One change of a request, as a mutation returns it: the request after the
 * change (`version`, `updatedAt` and `closedAt` are filled in), the verb
 * naming it (audit action `orders.after_sale.<verb>`, event
 * `after_sale.<verb>`), the audit changes, further events and writes that
 * must commit with it.
 */
export interface AfterSaleChange {
  readonly next: StoredAfterSale;
  readonly verb: string;
  readonly changes: AuditChanges;
  /** Events beside `after_sale.<verb>`, e.g. `after_sale.refund_due`. */
  readonly events?: readonly AfterSaleEvent[];
  readonly alsoInTransaction?: (tx: StorageRepositories, next: StoredAfterSale) => Promise<void>;
}

/**
 * Decides a change of the request as read in the transaction; `null` when
 * there is nothing to do (an idempotent repeat); throws to refuse.
 */
export type AfterSaleMutation = (
  afterSale: StoredAfterSale,
  tx: StorageRepositories,
) => AfterSaleChange | null | Promise<AfterSaleChange | null>;

/** Runs one {@link AfterSaleMutation}; see {@link afterSaleChanger}. */
export type ChangeAfterSale = (
  ctx: TenantContext,
  id: string,
  mutate: AfterSaleMutation,
) => Promise<{ readonly afterSale: StoredAfterSale; readonly changed: boolean }>;

const MAX_ATTEMPTS = 8;

class LostRace extends Error {}

/** A consumer sees only their own requests; staff and the system see the tenant's. */
export function afterSaleVisibleTo(
  ctx: TenantContext,
  afterSale: Pick<AfterSale, "customerId">,
): boolean {
  return ctx.actor.kind !== "consumer" || ctx.actor.id === afterSale.customerId;
}

/** The payload of every `after_sale.<verb>` event. */
export function afterSaleEventPayload(
  afterSale: StoredAfterSale,
  from: AfterSaleState | null,
): JsonValue {
  return {
    afterSaleId: afterSale.id,
    orderId: afterSale.orderId,
    customerId: afterSale.customerId,
    kind: afterSale.kind,
    from,
    state: afterSale.state,
  };
}

/** The `after_sale.<verb>` event of a change and its extra events, ready to record. */
export function afterSaleEvents(
  afterSale: StoredAfterSale,
  verb: string,
  from: AfterSaleState | null,
  extra: readonly AfterSaleEvent[] = [],
): NewOutboxEvent[] {
  const aggregate = { type: AFTER_SALE_AUDIT_TARGET, id: afterSale.id };
  return [
    { type: `after_sale.${verb}`, aggregate, payload: afterSaleEventPayload(afterSale, from) },
    ...extra.map((event) => ({ ...event, aggregate })),
  ];
}

/**
 * The one way after-sales requests change, like the order changer: in one
 * transaction it reads the request, lets the mutation check and decide,
 * writes it only if no other change landed since (compare-and-set on
 * `version`), and appends the audit entry and the events; when another
 * change won it starts over, so the mutation judges the state that holds.
 * A consumer reaches only their own requests (others look missing).
 */
export function afterSaleChanger(runtime: OrdersRuntime): ChangeAfterSale {
  const { ports, recordAudit, recordEvents } = runtime;
  return async (ctx, id, mutate) => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        return await ports.storage.transaction(async (tx) => {
          const afterSale = await tx.afterSales.get(ctx.tenantId, id);
          if (!afterSale || !afterSaleVisibleTo(ctx, afterSale)) {
            throw notFound("after-sales request", id);
          }
          const change = await mutate(afterSale, tx);
          if (change === null) return { afterSale, changed: false };
          const now = isoNow(ports.clock);
          const closes =
            CLOSED_AFTER_SALE_STATES.includes(change.next.state) &&
            !CLOSED_AFTER_SALE_STATES.includes(afterSale.state);
          const next: StoredAfterSale = {
            ...change.next,
            version: afterSale.version + 1,
            updatedAt: now,
            closedAt: closes ? now : change.next.closedAt,
          };
          if (!(await tx.afterSales.update(next, afterSale.version))) throw new LostRace();
          await recordAudit(tx, ctx, {
            action: `orders.after_sale.${change.verb}`,
            target: { type: AFTER_SALE_AUDIT_TARGET, id },
            changes: change.changes,
          });
          await recordEvents(
            tx,
            ctx,
            afterSaleEvents(next, change.verb, afterSale.state, change.events),
          );
          await change.alsoInTransaction?.(tx, next);
          return { afterSale: next, changed: true };
        });
      } catch (error) {
        if (!(error instanceof LostRace)) throw error;
      }
    }
    throw new OneCodeError(
      "BUSY",
      `after-sales request ${id} kept changing under concurrent updates; retry`,
      { resource: "after_sale", attempts: MAX_ATTEMPTS },
    );
  };
}
