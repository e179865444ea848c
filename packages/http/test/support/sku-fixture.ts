import { money } from "@onecode/core";
import type { TestApp } from "./test-app.js";

/**
 * Stores a SKU of tenant `acme` straight through the storage port (a
 * product of its own, `reserve_on_create`, 500 g), for route tests whose
 * subject is not the catalogue.
 */
export async function storedSku(
  app: TestApp,
  { price = 3990, stock = 10 }: { readonly price?: number; readonly stock?: number } = {},
) {
  const { storage, ids } = app.onecode.ports;
  const productId = ids.newId("prd");
  const at = new Date().toISOString();
  await storage.skus.saveSettings({
    tenantId: "acme",
    productId,
    policy: "reserve_on_create",
    dimensions: [],
    updatedAt: at,
  });
  const sku = {
    tenantId: "acme",
    id: ids.newId("sku"),
    productId,
    code: `TEA-${productId.slice(-6)}`,
    spec: {},
    price: money(price, "CNY"),
    stock,
    weightGrams: 500,
    lowStockThreshold: null,
    createdAt: at,
    updatedAt: at,
  };
  await storage.skus.insert(sku);
  return sku;
}
