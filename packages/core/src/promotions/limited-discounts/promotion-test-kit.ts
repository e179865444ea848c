import { createOneCode, type OneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import { money } from "../../kernel/money.js";
import { seededRandom } from "../../kernel/random.js";
import { type TenantContext, tenantContext } from "../../kernel/tenant.js";
import { memoryStorage } from "../../memory/memory-storage.js";
import {
  type RecordingPaymentGateway,
  recordingPaymentGateway,
} from "../../memory/recording-payment.js";
import type { OrderPricing } from "../../orders/checkout/order-pricing.js";
import type { Storage } from "../../ports/storage.js";
import { distributorPricingSource } from "../distributors/distributor-commissions.js";
import type { MemberStanding, PricingSource, PricingUse } from "../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import { limitedDiscountPricingSource } from "./limited-discount-pricing-source.js";

const GUEST: MemberStanding = Object.freeze({
  customerId: "",
  level: null,
  firstOrder: false,
  blacklisted: false,
  pointsBalance: 0,
  pointsRedemption: null,
});

/**
 * A stand-in for the promotion pipeline over some pricing sources: unit
 * price overrides become adjustments of their lines and `commit` hands the
 * use to every source. Enough to run the limited-discount and distributor
 * sources through real orders.
 */
export function sourcesPricing(sources: () => readonly PricingSource[]): OrderPricing {
  return {
    async price(request) {
      const member = { ...GUEST, customerId: request.customerId };
      const overrides = (
        await Promise.all(sources().map((source) => source.unitPrices?.(request, member) ?? []))
      ).flat();
      const lines = request.lines.map((line) => ({
        lineId: line.lineId,
        adjustments: overrides
          .filter((override) => override.lineId === line.lineId)
          .map((override) => ({
            source: { kind: override.source.kind, id: override.source.id },
            label: override.label,
            amount: money(
              -(line.sku.price.amount - override.unitPrice) * override.units,
              request.currency,
            ),
          })),
      }));
      const use: PricingUse = {
        member,
        unitPrices: overrides,
        activities: [],
        coupon: null,
        points: { used: 0, amount: 0 },
      };
      return {
        lines,
        adjustments: lines.flatMap((line) => line.adjustments),
        shipping: request.shipping,
        commitments: use,
      };
    },
    async commit(tx, order, request, result) {
      const undos = [];
      for (const source of sources()) {
        undos.push(
          ...((await source.commit?.(tx, order, request, result.commitments as PricingUse)) ?? []),
        );
      }
      return undos;
    },
  };
}

/** A deterministic OneCode whose orders are priced by the limited-discount and distributor sources. */
export function promotionTestKit() {
  const clock = new ManualClock("2026-05-01T02:00:00Z");
  const payment: RecordingPaymentGateway = recordingPaymentGateway();
  const storage: Storage = memoryStorage();
  let sources: PricingSource[] = [];
  const onecode: OneCode = createOneCode({
    clock,
    storage,
    payment,
    random: seededRandom("promotion-tests"),
    orders: { pricing: sourcesPricing(() => sources) },
  });
  const runtime = {
    ports: onecode.ports,
    timeZoneOf: async () => "Asia/Shanghai",
  } as unknown as PromotionsRuntime;
  sources = [limitedDiscountPricingSource(runtime), distributorPricingSource(runtime)];
  const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
  const buyer = (id = "buyer-1"): TenantContext => tenantContext("acme", { id, kind: "consumer" });

  /** A product with one SKU of `stock` units at `price` (default 100.00). */
  const sku = async (options: { stock?: number; price?: number } = {}) => {
    const productId = onecode.ports.ids.newId("prd");
    const at = new Date(clock.nowMs()).toISOString();
    await storage.skus.saveSettings({
      tenantId: "acme",
      productId,
      policy: "reserve_on_create",
      dimensions: [],
      updatedAt: at,
    });
    const record = {
      tenantId: "acme",
      id: onecode.ports.ids.newId("sku"),
      productId,
      code: `SKU-${productId.slice(-8)}`,
      spec: {},
      price: money(options.price ?? 10_000, "CNY"),
      stock: options.stock ?? 100,
      weightGrams: 500,
      lowStockThreshold: null,
      createdAt: at,
      updatedAt: at,
    };
    await storage.skus.insert(record);
    return record;
  };

  /** Places an express order of `quantity` units of `skuId` for `ctx`. */
  const order = (
    ctx: TenantContext,
    skuId: string,
    quantity = 1,
    pricingOptions: Record<string, unknown> = {},
  ) =>
    onecode.orders.create(ctx, {
      lines: [{ skuId, quantity }],
      delivery: {
        method: "express",
        address: {
          name: "Li Lei",
          phone: "13800138000",
          regionCode: "CN-ZJ",
          line: "1 Wensan Road",
        },
      },
      pricingOptions,
    });

  /** Delivers every pending outbox event. */
  const settle = async () => {
    for (let round = 0; round < 5; round++) await onecode.outbox.dispatch({ limit: 100 });
  };

  return { onecode, clock, payment, storage, admin, buyer, sku, order, settle };
}
