import { createdChanges, fieldChanges } from "../../kernel/audit/audit-summary.js";
import { isoNow } from "../../kernel/clock.js";
import { OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { money } from "../../kernel/money.js";
import {
  requireCapability,
  requireCapabilityAnywhere,
} from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { Order } from "../order.js";
import { orderAccessTarget } from "../order-change.js";
import { assertOrderAllows } from "../order-states.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import { refundableLeft } from "../refunds/refund-steps.js";
import { AFTER_SALE_AUDIT_TARGET, afterSaleEvents } from "./after-sale-change.js";
import {
  type AfterSaleApplication,
  type CheckedAfterSaleApplication,
  checkAfterSaleApplication,
} from "./after-sale-input.js";
import { OPEN_AFTER_SALE_STATES } from "./after-sale-states.js";
import type { StoredAfterSale } from "./ports.js";

/** Order states in which the buyer has the goods (return kinds need them: 必须是买家已收到货). */
const GOODS_RECEIVED_STATES = ["shipped", "completed"] as const;

/** Open requests of one order: few by construction (one per line at most). */
const OPEN_LIMIT = 1000;

/**
 * What an application may still ask: what the order's charge has left to
 * give back (paid, minus refunds that succeeded or are under way), less
 * what open requests ask that no live refund carries yet: those not
 * refunding yet, and those whose refund failed (still owed to them until
 * staff retry it).
 */
export function refundableForAfterSale(order: Order, open: readonly StoredAfterSale[]): number {
  const live = new Set(
    order.refunds
      .filter((refund) => refund.status !== "failed" && refund.chargeId === order.chargeId)
      .map((refund) => refund.id),
  );
  const asked = open
    .filter((request) => request.refundId === null || !live.has(request.refundId))
    .reduce((sum, request) => sum + request.refundAmount.amount, 0);
  return Math.max(0, refundableLeft(order) - asked);
}

function checkAgainstOrder(
  order: Order,
  input: CheckedAfterSaleApplication,
  open: readonly StoredAfterSale[],
): boolean {
  const check = new InputCheck();
  input.items.forEach((item, index) => {
    const at = `items.${index}`;
    const line = order.lines.find((candidate) => candidate.lineId === item.lineId);
    if (!line) {
      check.fail(`${at}.lineId`, "unknown_line", `${at}.lineId is not a line of order ${order.id}`);
      return;
    }
    if (item.quantity > line.quantity) {
      check.fail(`${at}.quantity`, "range", `${at}.quantity must be at most ${line.quantity}`);
    }
    const holder = open.find((request) => request.items.some((i) => i.lineId === item.lineId));
    if (holder) {
      check.fail(
        `${at}.lineId`,
        "open_after_sale",
        `${at}.lineId is in the open after-sales request ${holder.id}; one request per line at a time`,
      );
    }
  });
  const left = refundableForAfterSale(order, open);
  if (input.refundAmount > left) {
    check.fail(
      "refundAmount",
      "over_refundable",
      `refundAmount must be at most ${left}: what order ${order.id} has left to refund`,
    );
  }
  const shipped = (GOODS_RECEIVED_STATES as readonly string[]).includes(order.state);
  if (input.goodsReceived === true && !shipped) {
    check.fail(
      "goodsReceived",
      "not_shipped",
      `goodsReceived cannot be true: order ${order.id} is not shipped`,
    );
  }
  check.done();
  return input.goodsReceived ?? shipped;
}

/**
 * Opens an after-sales request on an order (售后申请): by its buyer, or by
 * staff with `orders.refund` on the order. The order must allow
 * `open_after_sale`; the return kinds need it shipped or completed. The
 * request is written through the order's compare-and-set, so two
 * applications on one order are judged one after the other: a line is in
 * at most one open request, and the amounts asked never exceed what is
 * left to refund.
 */
export async function applyForAfterSale(
  runtime: OrdersRuntime,
  ctx: TenantContext,
  orderId: string,
  input: AfterSaleApplication,
): Promise<StoredAfterSale> {
  const staff = ctx.actor.kind === "staff";
  if (staff) requireCapabilityAnywhere(ctx, "orders.refund");
  const checked = checkAfterSaleApplication(input);
  const { ports } = runtime;
  // The mutation may run more than once (a lost race): the last run's request is the one written.
  const made: { afterSale?: StoredAfterSale } = {};
  await runtime.changeOrder(ctx, orderId, async (order, tx) => {
    if (staff) requireCapability(ctx, "orders.refund", orderAccessTarget(order));
    assertOrderAllows(order, "open_after_sale");
    if (checked.kind !== "refund_only" && !GOODS_RECEIVED_STATES.includes(order.state as never)) {
      throw new OneCodeError(
        "INVALID_STATE_TRANSITION",
        `order ${order.id} is ${order.state}; ${checked.kind} needs the goods received (order shipped or completed)`,
        { id: order.id, from: order.state, to: checked.kind, required: "shipped or completed" },
      );
    }
    const open = await tx.afterSales.list(
      ctx.tenantId,
      { access: { all: true }, orderId: order.id, states: OPEN_AFTER_SALE_STATES },
      { beforeId: null, limit: OPEN_LIMIT },
    );
    const goodsReceived = checkAgainstOrder(order, checked, open);
    const now = isoNow(ports.clock);
    const afterSale: StoredAfterSale = {
      tenantId: ctx.tenantId,
      id: ports.ids.newId("as"),
      orderId: order.id,
      customerId: order.customerId,
      kind: checked.kind,
      state: "applied",
      version: 1,
      items: checked.items.map(({ lineId, quantity }) => ({ lineId, quantity })),
      refundAmount: money(checked.refundAmount, order.total.currency),
      reason: checked.reason,
      description: checked.description,
      evidence: checked.evidence,
      goodsReceived,
      returnAddress: null,
      returnParcel: null,
      reshipment: null,
      refundId: null,
      rejectionReason: null,
      decidedBy: null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      storeId: order.delivery.storeId,
      ownerId: order.ownerId,
    };
    made.afterSale = afterSale;
    return {
      next: order,
      action: "orders.order.after_sale_opened",
      changes: fieldChanges({ afterSaleId: { after: afterSale.id } }),
      alsoInTransaction: (repositories: StorageRepositories) =>
        insertApplied(runtime, repositories, ctx, afterSale),
    };
  });
  if (!made.afterSale) throw new Error("the order change wrote no after-sales request");
  return made.afterSale;
}

async function insertApplied(
  runtime: OrdersRuntime,
  tx: StorageRepositories,
  ctx: TenantContext,
  afterSale: StoredAfterSale,
): Promise<void> {
  await tx.afterSales.insert(afterSale);
  const { storeId: _store, ownerId: _owner, tenantId: _tenant, ...fields } = afterSale;
  await runtime.recordAudit(tx, ctx, {
    action: "orders.after_sale.applied",
    target: { type: AFTER_SALE_AUDIT_TARGET, id: afterSale.id },
    changes: createdChanges(fields),
  });
  await runtime.recordEvents(tx, ctx, afterSaleEvents(afterSale, "applied", null));
}
