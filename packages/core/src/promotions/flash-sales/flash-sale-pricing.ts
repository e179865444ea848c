import type { FlashUnitsRefusal } from "../../kernel/error-details.js";
import { OneCodeError } from "../../kernel/errors.js";
import type { PricingUndo } from "../../orders/checkout/order-pricing.js";
import type { PricingSource, UnitPriceOverride } from "../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import type { FlashSale, FlashSaleItem } from "./flash-sale.js";
import {
  buyerKey,
  saleScope,
  soldKey,
  takeThroughGate,
  undoAll,
  unitsBySku,
} from "./sale-gates.js";

function refusal(
  code: "FLASH_SALE_LIMIT_EXCEEDED" | "FLASH_SALE_SOLD_OUT",
  details: FlashUnitsRefusal,
): OneCodeError<typeof code> {
  const what =
    code === "FLASH_SALE_SOLD_OUT"
      ? `flash sale ${details.saleId} has ${details.remaining} unit(s) of SKU ${details.skuId} left`
      : `the buyer may buy ${details.remaining} more unit(s) of SKU ${details.skuId} in flash sale ${details.saleId}`;
  return new OneCodeError(
    code,
    `line ${details.lineId}: ${what}; ${details.requested} asked for`,
    details,
  );
}

/**
 * The flash sales' part of pricing (§4.3): lines whose SKU is in a running
 * flash sale are priced at the sale's price (exclusive: no activity or
 * coupon applies to them) and must be paid within the sale's payment
 * window. The order's transaction takes the units through one hot-state
 * gate per sale (the sale's stock and the buyer's per-SKU counter), so
 * under any concurrency a sale is never oversold and no buyer passes the
 * limit; closing the order unpaid gives both back.
 */
export function flashSalePricingSource(runtime: Pick<PromotionsRuntime, "ports">): PricingSource {
  const { storage, hotState } = runtime.ports;

  const matchOf = (sales: readonly FlashSale[], skuId: string) => {
    for (const sale of sales) {
      const item = sale.items.find((candidate) => candidate.skuId === skuId);
      if (item) return { sale, item };
    }
    return null;
  };

  return {
    async unitPrices(request) {
      const sales = await storage.flashSales.running(request.tenantId, request.at);
      if (sales.length === 0) return [];
      const overrides: UnitPriceOverride[] = [];
      const asked = new Map<string, number>();
      for (const line of request.lines) {
        const match = matchOf(sales, line.sku.id);
        if (!match) continue;
        const { sale, item } = match;
        const scope = saleScope("flash_sale", sale.id);
        const [sold, bought] = await Promise.all([
          hotState.gates.counter(request.tenantId, scope, soldKey(item.skuId)),
          hotState.gates.counter(request.tenantId, scope, buyerKey(request.customerId, item.skuId)),
        ]);
        const before = asked.get(item.skuId) ?? 0;
        asked.set(item.skuId, before + line.quantity);
        const base = {
          saleId: sale.id,
          lineId: line.lineId,
          skuId: item.skuId,
          requested: line.quantity,
        };
        const personLeft = Math.max(0, item.perPersonLimit - bought - before);
        if (line.quantity > personLeft) {
          throw refusal("FLASH_SALE_LIMIT_EXCEEDED", { ...base, remaining: personLeft });
        }
        const stockLeft = Math.max(0, item.stock - sold - before);
        if (line.quantity > stockLeft) {
          throw refusal("FLASH_SALE_SOLD_OUT", { ...base, remaining: stockLeft });
        }
        overrides.push({
          lineId: line.lineId,
          source: { kind: "flash_sale", id: sale.id },
          label: sale.name,
          units: line.quantity,
          unitPrice: Math.min(item.price, line.sku.price.amount),
          exclusive: true,
          payWithinMinutes: sale.payWithinMinutes,
        });
      }
      return overrides;
    },

    async commit(tx, order, request, use) {
      const mine = use.unitPrices.filter((override) => override.source.kind === "flash_sale");
      const bySale = new Map<string, UnitPriceOverride[]>();
      for (const override of mine) {
        bySale.set(override.source.id, [...(bySale.get(override.source.id) ?? []), override]);
      }
      const undos: PricingUndo[] = [];
      try {
        for (const [saleId, overrides] of bySale) {
          const sale = await tx.flashSales.get(order.tenantId, saleId);
          if (!sale) continue;
          const lines = overrides.map((override) => ({
            lineId: override.lineId,
            skuId: request.lines.find((line) => line.lineId === override.lineId)?.sku.id ?? "",
            quantity: override.units,
          }));
          const units = unitsBySku(lines);
          const items = [...units].flatMap(([skuId, quantity]) => {
            const item = sale.items.find((candidate) => candidate.skuId === skuId);
            return item ? [{ item, quantity }] : [];
          });
          const steps = items.flatMap(({ item, quantity }) => [
            {
              kind: "take" as const,
              key: soldKey(item.skuId),
              amount: quantity,
              limit: item.stock,
            },
            {
              kind: "take" as const,
              key: buyerKey(order.customerId, item.skuId),
              amount: quantity,
              limit: item.perPersonLimit,
            },
          ]);
          const taken = await takeThroughGate(
            runtime,
            tx,
            order,
            {
              kind: "flash_sale",
              saleId,
              items: items.map(({ item, quantity }) => ({ skuId: item.skuId, quantity })),
              terms: {},
            },
            steps,
          );
          if ("refusal" in taken) {
            const { item, quantity } = items[Math.floor(taken.refusal.step / 2)] as {
              item: FlashSaleItem;
              quantity: number;
            };
            const stockStep = taken.refusal.step % 2 === 0;
            const limit = stockStep ? item.stock : item.perPersonLimit;
            throw refusal(stockStep ? "FLASH_SALE_SOLD_OUT" : "FLASH_SALE_LIMIT_EXCEEDED", {
              saleId,
              lineId: lines.find((line) => line.skuId === item.skuId)?.lineId ?? "",
              skuId: item.skuId,
              requested: quantity,
              remaining: Math.max(0, limit - taken.refusal.value),
            });
          }
          undos.push(taken.undo);
        }
      } catch (error) {
        await undoAll(undos);
        throw error;
      }
      return undos;
    },
  };
}
