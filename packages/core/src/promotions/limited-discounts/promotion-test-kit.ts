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
import type { Storage } from "../../ports/storage.js";
import { distributorPricingSource } from "../distributors/distributor-commissions.js";
import type { PricingSource } from "../pricing/pricing-sources.js";
import { promotionPricing } from "../pricing/promotion-pricing.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import { limitedDiscountPricingSource } from "./limited-discount-pricing-source.js";

/** A deterministic OneCode whose orders are priced by the limited-discount and distributor sources. */
export function promotionTestKit() {
  const clock = new ManualClock("2026-05-01T02:00:00Z");
  const payment: RecordingPaymentGateway = recordingPaymentGateway();
  const storage: Storage = memoryStorage();
  const sources: PricingSource[] = [];
  const onecode: OneCode = createOneCode({
    clock,
    storage,
    payment,
    random: seededRandom("promotion-tests"),
    orders: { pricing: promotionPricing(sources) },
  });
  const runtime = {
    ports: onecode.ports,
    timeZoneOf: async () => "Asia/Shanghai",
  } as unknown as PromotionsRuntime;
  sources.push(limitedDiscountPricingSource(runtime), distributorPricingSource(runtime));
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
