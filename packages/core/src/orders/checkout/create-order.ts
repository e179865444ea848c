import {
  type StockChange,
  stockChangesOfTakes,
  stockLowEvent,
} from "../../catalog/skus/stock-low.js";
import { systemContext } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { money } from "../../kernel/money.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import { randomBelow } from "../../kernel/random.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { zonedDate } from "../../kernel/zoned-time.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { Order, OrderLine } from "../order.js";
import { ORDER_AUDIT_TARGET } from "../order-change.js";
import { skuStockUnits } from "../order-stock.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import { type LoadedLine, loadLines, shippingFor } from "./checkout-cart.js";
import { type CheckedNewOrder, checkNewOrder } from "./new-order-input.js";
import type { PricingRequest, PricingUndo } from "./order-pricing.js";
import { pricedOrder } from "./priced-order.js";

/** Timer kind that closes an order still unpaid at the tenant's payment timeout. */
export const CLOSE_UNPAID_TIMER = "orders.close_unpaid";

/** Draws of a fresh number or verification code before giving up (each collision is ~1e-10). */
const MAX_DRAWS = 5;

const digits = (runtime: OrdersRuntime, count: number) =>
  Array.from({ length: count }, () => randomBelow(runtime.ports.random, 10)).join("");

/** The buyer of the new order: a consumer buys for themselves; staff and the system name the buyer. */
function buyerOf(ctx: TenantContext, input: CheckedNewOrder): string {
  const { actor } = ctx;
  if (actor.kind === "consumer") {
    if (input.customerId !== null && input.customerId !== actor.id) {
      throw new OneCodeError("FORBIDDEN", `consumer ${actor.id} can only order for themselves`, {
        actor: actor.id,
        capability: "orders.create",
      });
    }
    return actor.id;
  }
  requireCapability(ctx, "orders.create", {
    storeId: input.delivery.storeId,
    ownerId: actor.kind === "staff" ? actor.id : null,
  });
  if (input.customerId === null) {
    const check = new InputCheck();
    check.fail("customerId", "required", "customerId is required when staff place an order");
    check.done();
  }
  return input.customerId as string;
}

/**
 * Lines whose units are taken at payment are not reserved now, but an order
 * for more than is left is refused at once: it could never be paid. Units
 * the pricing's own stock covers (a presale's) need none of the SKU's.
 */
function refuseShortLines(lines: readonly LoadedLine[], priced: readonly OrderLine[]): void {
  lines.forEach((line, index) => {
    const units = skuStockUnits(priced[index] ?? line);
    if (line.stockPolicy === "reserve_on_pay" && line.sku.stock < units) {
      throw stockExhausted(line.sku.id, units, line.sku.stock, `lines.${index}.skuId`);
    }
  });
}

/** The `STOCK_EXHAUSTED` error of a SKU. */
export function stockExhausted(
  skuId: string,
  requested: number,
  available: number,
  field?: string,
): OneCodeError<"STOCK_EXHAUSTED"> {
  return new OneCodeError(
    "STOCK_EXHAUSTED",
    `SKU ${skuId} has ${available} unit(s) left; ${requested} asked for`,
    { skuId, requested, available, ...(field !== undefined && { field }) },
  );
}

/**
 * Takes the `reserve_on_create` lines' units as reservation `<orderId>`,
 * all or nothing, in the order's transaction.
 */
async function reserveOnCreate(
  tx: StorageRepositories,
  order: Order,
  at: string,
): Promise<StockChange[]> {
  const lines = order.lines
    .filter((line) => line.stockPolicy === "reserve_on_create" && skuStockUnits(line) > 0)
    .map((line) => ({ skuId: line.skuId, quantity: skuStockUnits(line) }));
  if (lines.length === 0) return [];
  const reserved = await tx.skus.reserve(order.tenantId, order.id, lines, at);
  if (reserved.outcome === "insufficient") {
    const line = lines.find((l) => l.skuId === reserved.skuId);
    throw stockExhausted(reserved.skuId, line?.quantity ?? 0, reserved.stock);
  }
  if (reserved.outcome === "sku_not_found") throw notFound("SKU", reserved.skuId, "skuId");
  return reserved.outcome === "reserved" ? stockChangesOfTakes(lines, reserved.stocks) : [];
}

/**
 * The `sku.stock_low` events of the takes, judged on the SKUs as checkout
 * read them (their thresholds and codes), so no SKU is read again in the
 * order's transaction.
 */
function stockLowEvents(lines: readonly LoadedLine[], changes: readonly StockChange[]) {
  return changes.flatMap((change) => {
    const sku = lines.find((line) => line.sku.id === change.skuId)?.sku;
    const event = sku && stockLowEvent(sku, change.stockBefore, change.stockAfter);
    return event ? [event] : [];
  });
}

/**
 * Places an order: checks the input, prices it through the runtime's
 * pricing function, and in one transaction reserves the `reserve_on_create`
 * stock, stores the order, audits it, records `order.created` and sets the
 * timer that closes it if still unpaid after the tenant's timeout.
 */
export async function createOrder(
  runtime: OrdersRuntime,
  ctx: TenantContext,
  input: unknown,
): Promise<Order> {
  const checked = checkNewOrder(input);
  const customerId = buyerOf(ctx, checked);
  const { tenantId } = ctx;
  const { ports } = runtime;
  const [currency, timeZone, settings] = await Promise.all([
    runtime.currencyOf(tenantId),
    runtime.timeZoneOf(tenantId),
    runtime.settingsOf(tenantId),
  ]);
  const lines = await loadLines(runtime, tenantId, checked, currency);
  const { method, address } = checked.delivery;
  const now = isoNow(ports.clock);
  const shipping = await shippingFor(
    runtime,
    tenantId,
    method,
    address.regionCode,
    lines,
    currency,
  );
  const pricingRequest: PricingRequest = {
    tenantId,
    customerId,
    lines,
    delivery: { method, regionCode: address.regionCode },
    shipping,
    currency,
    options: checked.pricingOptions,
    at: now,
  };
  const pricing = await runtime.pricing.price(pricingRequest);
  const priced = pricedOrder(lines, pricing, currency);
  refuseShortLines(lines, priced.lines);
  const payWithinMinutes = Math.min(
    settings.closeUnpaidAfterMinutes,
    pricing.payWithinMinutes ?? Number.POSITIVE_INFINITY,
  );
  const today = zonedDate(ports.clock.nowMs(), timeZone);
  if (checked.delivery.shipOn !== null && checked.delivery.shipOn < today) {
    const check = new InputCheck();
    check.fail("delivery.shipOn", "not_past", `delivery.shipOn must be ${today} or later`);
    check.done();
  }
  const id = ports.ids.newId("ord");
  const draft = (): Order => ({
    tenantId,
    id,
    number: `${today.replaceAll("-", "")}${digits(runtime, 10)}`,
    version: 1,
    state: "unpaid",
    logisticsState: "not_shipped",
    customerId,
    ownerId: ctx.actor.kind === "staff" ? ctx.actor.id : null,
    channel: checked.channel,
    delivery: checked.delivery,
    ...priced,
    stock: priced.lines.some(
      (line) => line.stockPolicy === "reserve_on_create" && skuStockUnits(line) > 0,
    )
      ? "held"
      : "none",
    priceVersion: 1,
    chargeId: null,
    refunds: [],
    refundedTotal: money(0, currency),
    cancellationRequest: null,
    verification:
      method === "express"
        ? null
        : { code: digits(runtime, 12), verifiedAt: null, verifiedBy: null },
    shipments: [],
    closeReason: null,
    buyerNote: checked.buyerNote,
    createdAt: now,
    updatedAt: now,
    paidAt: null,
    shippedAt: null,
    completedAt: null,
    closedAt: null,
  });
  const undos: PricingUndo[] = [];
  try {
    return await ports.storage.transaction(async (tx) => {
      const order = await insertOrder(tx);
      undos.push(...((await runtime.pricing.commit?.(tx, order, pricingRequest, pricing)) ?? []));
      return order;
    });
  } catch (error) {
    // The order was not stored: hot-state takes of the pricing go back, each once.
    for (const undo of undos.splice(0)) await undo().catch(() => undefined);
    throw error;
  }

  async function insertOrder(tx: StorageRepositories): Promise<Order> {
    let order = draft();
    const taken = await reserveOnCreate(tx, order, now);
    for (let draw = 1; ; draw++) {
      const inserted = await tx.orders.insert(order);
      if (inserted.outcome === "inserted") break;
      if (draw === MAX_DRAWS) {
        throw new OneCodeError("BUSY", "no free order number was drawn; retry", {
          resource: "order_number",
          attempts: draw,
        });
      }
      order = draft();
    }
    await runtime.recordAudit(tx, ctx, {
      action: "orders.order.created",
      target: { type: ORDER_AUDIT_TARGET, id },
      changes: {
        number: { after: order.number },
        customerId: { after: customerId },
        total: { after: order.total.amount },
        lines: { after: order.lines.length },
      },
    });
    await runtime.recordEvents(tx, ctx, [
      {
        type: "order.created",
        aggregate: { type: ORDER_AUDIT_TARGET, id },
        payload: { orderId: id, number: order.number, total: { ...order.total } },
      },
      ...stockLowEvents(lines, taken),
    ]);
    await runtime.timers.schedule(
      systemContext(tenantId),
      {
        kind: CLOSE_UNPAID_TIMER,
        key: id,
        afterMs: payWithinMinutes * 60_000,
      },
      { tx },
    );
    return order;
  }
}
