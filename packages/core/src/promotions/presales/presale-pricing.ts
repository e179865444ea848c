import { OneCodeError } from "../../kernel/errors.js";
import type { PricingUndo } from "../../orders/checkout/order-pricing.js";
import {
  saleScope,
  soldKey,
  takeThroughGate,
  undoAll,
  unitsBySku,
} from "../flash-sales/sale-gates.js";
import type { PricingSource, UnitPriceOverride } from "../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";

function soldOut(
  presaleId: string,
  lineId: string,
  skuId: string,
  requested: number,
  remaining: number,
): OneCodeError<"PRESALE_SOLD_OUT"> {
  return new OneCodeError(
    "PRESALE_SOLD_OUT",
    `line ${lineId}: presale ${presaleId} has ${remaining} unit(s) of SKU ${skuId} left; ${requested} asked for`,
    { presaleId, lineId, skuId, requested, remaining },
  );
}

/**
 * The presale's part of pricing (§4.3): lines whose SKU is in the running
 * presale are priced at the presale price and sold from its virtual stock.
 * The overrides are `exclusive`: the presale price is itself the offer, paid
 * in full now for goods delivered later, so cart-wide activities and coupons
 * (which assume goods in stock and shipped together) do not stack on it.
 * The pricing pipeline must set the line's `ownStockUnits` to the presale
 * units so orders take none of the SKU's real stock for them (oversell up to
 * the virtual stock). The order's transaction takes the units through a
 * gate; closing the order unpaid gives them back.
 */
export function presalePricingSource(runtime: Pick<PromotionsRuntime, "ports">): PricingSource {
  const { storage, hotState } = runtime.ports;
  return {
    async unitPrices(request) {
      const [presale] = await storage.presales.running(request.tenantId, request.at);
      if (!presale) return [];
      const scope = saleScope("presale", presale.id);
      const overrides: UnitPriceOverride[] = [];
      const asked = new Map<string, number>();
      for (const line of request.lines) {
        const item = presale.items.find((candidate) => candidate.skuId === line.sku.id);
        if (!item) continue;
        const sold = await hotState.gates.counter(request.tenantId, scope, soldKey(item.skuId));
        const before = asked.get(item.skuId) ?? 0;
        asked.set(item.skuId, before + line.quantity);
        const left = Math.max(0, item.virtualStock - sold - before);
        if (line.quantity > left) {
          throw soldOut(presale.id, line.lineId, item.skuId, line.quantity, left);
        }
        overrides.push({
          lineId: line.lineId,
          source: { kind: "presale", id: presale.id },
          label: presale.name,
          units: line.quantity,
          unitPrice: Math.min(item.price, line.sku.price.amount),
          exclusive: true,
        });
      }
      return overrides;
    },

    async commit(tx, order, request, use) {
      const mine = use.unitPrices.filter((override) => override.source.kind === "presale");
      const undos: PricingUndo[] = [];
      try {
        for (const presaleId of new Set(mine.map((override) => override.source.id))) {
          const presale = await tx.presales.get(order.tenantId, presaleId);
          if (!presale) continue;
          const lines = mine
            .filter((override) => override.source.id === presaleId)
            .map((override) => ({
              lineId: override.lineId,
              skuId: request.lines.find((line) => line.lineId === override.lineId)?.sku.id ?? "",
              quantity: override.units,
            }));
          const items = [...unitsBySku(lines)].flatMap(([skuId, quantity]) => {
            const item = presale.items.find((candidate) => candidate.skuId === skuId);
            return item ? [{ item, quantity }] : [];
          });
          const taken = await takeThroughGate(
            runtime,
            tx,
            order,
            {
              kind: "presale",
              saleId: presaleId,
              items: items.map(({ item, quantity }) => ({ skuId: item.skuId, quantity })),
              terms: { delivery: presale.delivery },
            },
            items.map(({ item, quantity }) => ({
              kind: "take" as const,
              key: soldKey(item.skuId),
              amount: quantity,
              limit: item.virtualStock,
            })),
          );
          if ("refusal" in taken) {
            const short = items[taken.refusal.step];
            const skuId = short?.item.skuId ?? "";
            throw soldOut(
              presaleId,
              lines.find((line) => line.skuId === skuId)?.lineId ?? "",
              skuId,
              short?.quantity ?? 0,
              Math.max(0, (short?.item.virtualStock ?? 0) - taken.refusal.value),
            );
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
