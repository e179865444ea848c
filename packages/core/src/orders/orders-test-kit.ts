import type { Sku, StockPolicy } from "../catalog/skus/sku.js";
import { createOneCode, type OneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { money } from "../kernel/money.js";
import { seededRandom } from "../kernel/random.js";
import { type TenantContext, tenantContext } from "../kernel/tenant.js";
import { memoryStorage } from "../memory/memory-storage.js";
import { recordingNotifier } from "../memory/recording-notifier.js";
import {
  type RecordingPaymentGateway,
  recordingPaymentGateway,
} from "../memory/recording-payment.js";
import type { HotState } from "../ports/hot-state.js";
import type { Storage } from "../ports/storage.js";
import type { NewOrderInput } from "./checkout/new-order-input.js";
import type { OrderPricing } from "./checkout/order-pricing.js";

/** A deterministic OneCode with a recording payment gateway, staff and buyers, for order tests. */
export function ordersTestKit(
  options: { readonly pricing?: OrderPricing; readonly hotState?: HotState } = {},
) {
  const clock = new ManualClock("2026-05-01T02:00:00Z");
  const payment: RecordingPaymentGateway = recordingPaymentGateway();
  const storage: Storage = memoryStorage();
  const notifier = recordingNotifier();
  const onecode: OneCode = createOneCode({
    clock,
    storage,
    payment,
    notifier,
    random: seededRandom("orders-tests"),
    ...(options.pricing !== undefined && { orders: { pricing: options.pricing } }),
    ...(options.hotState !== undefined && { hotState: options.hotState }),
  });
  const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
  const buyer = (id = "buyer-1", tenantId = "acme"): TenantContext =>
    tenantContext(tenantId, { id, kind: "consumer" });

  /** A product with one SKU of `stock` units at 39.90, 500 g, under `policy`. */
  const sku = async (
    options: {
      stock?: number;
      policy?: StockPolicy;
      price?: number;
      tenantId?: string;
      code?: string;
      lowStockThreshold?: number;
    } = {},
  ): Promise<Sku> => {
    const tenantId = options.tenantId ?? "acme";
    const productId = onecode.ports.ids.newId("prd");
    const at = new Date(clock.nowMs()).toISOString();
    await storage.skus.saveSettings({
      tenantId,
      productId,
      policy: options.policy ?? "reserve_on_create",
      dimensions: [],
      updatedAt: at,
    });
    const record: Sku = {
      tenantId,
      id: onecode.ports.ids.newId("sku"),
      productId,
      code: options.code ?? `SKU-${productId.slice(-8)}`,
      spec: {},
      price: money(options.price ?? 3990, "CNY"),
      stock: options.stock ?? 10,
      weightGrams: 500,
      lowStockThreshold: options.lowStockThreshold ?? null,
      createdAt: at,
      updatedAt: at,
    };
    await storage.skus.insert(record);
    return record;
  };

  /** An express order input for `quantity` units of `skuId`. */
  const orderInput = (skuId: string, quantity = 1): NewOrderInput => ({
    lines: [{ skuId, quantity }],
    delivery: {
      method: "express",
      address: { name: "Li Lei", phone: "13800138000", regionCode: "CN-ZJ", line: "1 Wensan Road" },
    },
  });

  const stockOf = async (skuId: string, tenantId = "acme") =>
    (await storage.skus.get(tenantId, skuId))?.stock;

  return { onecode, clock, payment, notifier, storage, admin, buyer, sku, orderInput, stockOf };
}
