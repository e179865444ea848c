/**
 * What checkout and quotes share: the cart's lines as stored (SKU, product
 * name, stock policy) and their shipping under the tenant's freight
 * template.
 */
import type { StockPolicy } from "../../catalog/skus/sku.js";
import { InputCheck } from "../../kernel/input-check.js";
import { money } from "../../kernel/money.js";
import { freightFor } from "../freight/freight-price.js";
import type { OrderDeliveryMethod } from "../order.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import type { CheckedNewOrder } from "./new-order-input.js";
import type { PricingLine } from "./order-pricing.js";

/** A cart line as checkout loaded it. */
export type LoadedLine = PricingLine & { readonly stockPolicy: StockPolicy };

/** Reads the SKUs, their products' names and stock policies; refuses unknown SKUs and other currencies. */
export async function loadLines(
  runtime: OrdersRuntime,
  tenantId: string,
  input: Pick<CheckedNewOrder, "lines">,
  currency: string,
): Promise<LoadedLine[]> {
  const { storage } = runtime.ports;
  const check = new InputCheck();
  const loaded = await Promise.all(
    input.lines.map(async (line, index): Promise<LoadedLine | null> => {
      const field = `lines.${index}.skuId`;
      const sku = await storage.skus.get(tenantId, line.skuId);
      if (!sku) {
        check.fail(field, "not_found", `${field}: no SKU ${line.skuId} in this tenant`);
        return null;
      }
      if (sku.price.currency !== currency) {
        check.fail(
          field,
          "currency",
          `${field}: SKU ${sku.id} is priced in ${sku.price.currency}; the tenant's currency is ${currency}`,
        );
      }
      const [product, settings] = await Promise.all([
        storage.products.get(tenantId, sku.productId),
        storage.skus.getSettings(tenantId, sku.productId),
      ]);
      return {
        lineId: `l${index + 1}`,
        sku,
        productTitle: product?.name ?? sku.code,
        quantity: line.quantity,
        stockPolicy: settings?.policy ?? "reserve_on_create",
      };
    }),
  );
  check.done();
  return loaded as LoadedLine[];
}

/** Shipping of the lines as the tenant's freight template prices it (zero in store or without a template). */
export async function shippingFor(
  runtime: OrdersRuntime,
  tenantId: string,
  method: OrderDeliveryMethod,
  regionCode: string,
  lines: readonly LoadedLine[],
  currency: string,
) {
  const settings = await runtime.settingsOf(tenantId);
  if (method === "in_store" || settings.freightTemplateId === null) return money(0, currency);
  const template = await runtime.ports.storage.freightTemplates.get(
    tenantId,
    settings.freightTemplateId,
  );
  if (!template) return money(0, currency);
  const weightGrams = lines.reduce((sum, line) => sum + line.sku.weightGrams * line.quantity, 0);
  return freightFor(template, { weightGrams, regionCode, deliveryMethod: method });
}
