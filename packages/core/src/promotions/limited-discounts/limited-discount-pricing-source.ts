import { isoNow } from "../../kernel/clock.js";
import { OneCodeError } from "../../kernel/errors.js";
import type { OutboxHandlerRegistration } from "../../kernel/outbox/outbox-handlers.js";
import type { PricingSource, UnitPriceOverride } from "../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import { discountedUnitPrice } from "./limited-discount-price.js";
import { isRunningAt } from "./limited-discount-schedule.js";

/**
 * Time-limited discounts as the pricing pipeline reads them (step 1).
 * `unitPrices` gives every line whose SKU has a discount running now an
 * exclusive override (no activity, coupon or free shipping applies to the
 * line), after the buyer's per-person limit and the discount's own stock;
 * `commit` takes the units and the buyer's count in the order's
 * transaction, atomically, refusing the order when a concurrent order took
 * them first.
 */
export function limitedDiscountPricingSource(runtime: PromotionsRuntime): PricingSource {
  const { storage } = runtime.ports;
  return {
    async unitPrices(request) {
      const skuIds = [...new Set(request.lines.map((line) => line.sku.id))];
      const found = await storage.limitedDiscounts.listRunning(
        request.tenantId,
        skuIds,
        request.at,
      );
      if (found.length === 0) return [];
      const timeZone = await runtime.timeZoneOf(request.tenantId);
      const running = found.filter((discount) => isRunningAt(discount, request.at, timeZone));
      const overrides: UnitPriceOverride[] = [];
      const bought = new Map<string, Readonly<Record<string, number>>>();
      const asked = new Map<string, number>();
      for (const line of request.lines) {
        const discount = running.find((d) => d.items.some((item) => item.skuId === line.sku.id));
        const item = discount?.items.find((entry) => entry.skuId === line.sku.id);
        if (!discount || !item) continue;
        if (!bought.has(discount.id)) {
          bought.set(
            discount.id,
            await storage.limitedDiscounts.boughtUnits(
              request.tenantId,
              discount.id,
              request.customerId,
            ),
          );
        }
        const key = `${discount.id}/${item.skuId}`;
        const before = (bought.get(discount.id)?.[item.skuId] ?? 0) + (asked.get(key) ?? 0);
        let units = line.quantity;
        const limit = discount.limit;
        if (limit !== null && before + line.quantity > limit.quantity) {
          if (limit.mode === "refuse") {
            throw new OneCodeError(
              "LIMITED_DISCOUNT_LIMIT_EXCEEDED",
              `at most ${limit.quantity} of SKU ${item.skuId} per buyer under discount ${discount.id}`,
              {
                discountId: discount.id,
                skuId: item.skuId,
                limit: limit.quantity,
                bought: before,
                requested: line.quantity,
              },
            );
          }
          units = limit.mode === "lose_all" ? 0 : Math.max(0, limit.quantity - before);
        }
        units = Math.min(units, Math.max(0, item.stock - item.sold - (asked.get(key) ?? 0)));
        if (units <= 0) continue;
        asked.set(key, (asked.get(key) ?? 0) + units);
        overrides.push({
          lineId: line.lineId,
          source: { kind: "limited_discount", id: discount.id },
          label: discount.name,
          units,
          unitPrice: discountedUnitPrice(
            discount.kind,
            discount.rounding,
            item,
            line.sku.price.amount,
            request.currency,
          ),
          exclusive: true,
        });
      }
      return overrides;
    },

    async commit(tx, order, request, use) {
      const byDiscount = new Map<string, Map<string, number>>();
      for (const override of use.unitPrices) {
        if (override.source.kind !== "limited_discount") continue;
        const line = request.lines.find((entry) => entry.lineId === override.lineId);
        if (!line) continue;
        const lines = byDiscount.get(override.source.id) ?? new Map<string, number>();
        lines.set(line.sku.id, (lines.get(line.sku.id) ?? 0) + override.units);
        byDiscount.set(override.source.id, lines);
      }
      const now = isoNow(runtime.ports.clock);
      for (const [discountId, lines] of byDiscount) {
        const taken = await tx.limitedDiscounts.take({
          tenantId: order.tenantId,
          orderId: order.id,
          discountId,
          customerId: order.customerId,
          lines: [...lines].map(([skuId, units]) => ({ skuId, units })),
          status: "held",
          createdAt: now,
          updatedAt: now,
        });
        if (taken.outcome === "stock_exhausted" || taken.outcome === "not_found") {
          const skuId = taken.outcome === "not_found" ? ([...lines.keys()][0] ?? "") : taken.skuId;
          throw new OneCodeError(
            "LIMITED_DISCOUNT_STOCK_EXHAUSTED",
            `discount ${discountId} has no more discounted units of SKU ${skuId}; price the cart again`,
            { discountId, skuId, left: taken.outcome === "not_found" ? 0 : taken.left },
          );
        }
        if (taken.outcome === "limit_exceeded") {
          throw new OneCodeError(
            "LIMITED_DISCOUNT_LIMIT_EXCEEDED",
            `at most ${taken.limit} of SKU ${taken.skuId} per buyer under discount ${discountId}`,
            {
              discountId,
              skuId: taken.skuId,
              limit: taken.limit,
              bought: taken.bought,
              requested: lines.get(taken.skuId) ?? 0,
            },
          );
        }
      }
      return undefined;
    },
  };
}

/**
 * The outbox handler giving an order's discounted units and per-person
 * counts back when it closes before payment (timeout, cancellation);
 * exactly once per order, however often the event is delivered.
 */
export function limitedDiscountOutboxHandlers(
  runtime: PromotionsRuntime,
): OutboxHandlerRegistration[] {
  const { storage } = runtime.ports;
  return [
    {
      type: "order.closed",
      name: "promotions.limited-discounts.release",
      handler: async (event, delivery) => {
        const { orderId } = event.payload as { orderId: string };
        const order = await storage.orders.get(event.tenantId, orderId);
        if (!order || order.paidAt !== null) return;
        await storage.transaction(async (tx) => {
          if (!(await delivery.handleOnce(tx))) return;
          await tx.limitedDiscounts.release(event.tenantId, orderId, isoNow(runtime.ports.clock));
        });
      },
    },
  ];
}
