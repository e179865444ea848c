/**
 * Test support: a minimal pricing over promotion sources (unit-price
 * overrides only), standing in for the pricing pipeline in this module's
 * tests. Not exported from the package.
 */
import { money } from "../../kernel/money.js";
import type { OrderPricing, PricingUndo } from "../../orders/checkout/order-pricing.js";
import type { OrderAdjustment } from "../../orders/order.js";
import type {
  MemberStanding,
  PricingSource,
  PricingUse,
  UnitPriceOverride,
} from "../pricing/pricing-sources.js";

/** Overrides become adjustments; presale units are the line's `ownStockUnits`. */
export function sourcesTestPricing(sources: readonly PricingSource[]): OrderPricing {
  return {
    async price(request) {
      const member: MemberStanding = {
        customerId: request.customerId,
        level: null,
        firstOrder: false,
        blacklisted: false,
        pointsBalance: 0,
        pointsRedemption: null,
      };
      const found = (
        await Promise.all(sources.map((source) => source.unitPrices?.(request, member) ?? []))
      ).flat();
      const used: UnitPriceOverride[] = [];
      const totals = new Map<string, OrderAdjustment>();
      const lines = request.lines.map((line) => {
        const override = found.find((candidate) => candidate.lineId === line.lineId);
        if (!override) return { lineId: line.lineId, adjustments: [] };
        used.push(override);
        const off = (line.sku.price.amount - override.unitPrice) * override.units;
        const adjustment: OrderAdjustment = {
          source: override.source,
          label: override.label,
          amount: money(-off, request.currency),
        };
        const key = `${override.source.kind}:${override.source.id}`;
        const total = totals.get(key);
        totals.set(key, {
          ...adjustment,
          amount: money((total?.amount.amount ?? 0) - off, request.currency),
        });
        return {
          lineId: line.lineId,
          adjustments: [adjustment],
          ...(override.source.kind === "presale" && { ownStockUnits: override.units }),
        };
      });
      const windows = used.flatMap((override) =>
        override.payWithinMinutes === undefined ? [] : [override.payWithinMinutes],
      );
      const use: PricingUse = {
        member,
        unitPrices: used,
        activities: [],
        coupon: null,
        points: { used: 0, amount: 0 },
      };
      return {
        lines,
        adjustments: [...totals.values()],
        shipping: request.shipping,
        ...(windows.length > 0 && { payWithinMinutes: Math.min(...windows) }),
        commitments: use,
      };
    },
    async commit(tx, order, request, result) {
      const undos: PricingUndo[] = [];
      try {
        for (const source of sources) {
          undos.push(
            ...((await source.commit?.(tx, order, request, result.commitments as PricingUse)) ??
              []),
          );
        }
      } catch (error) {
        for (const undo of undos) await undo();
        throw error;
      }
      return undos;
    },
  };
}
