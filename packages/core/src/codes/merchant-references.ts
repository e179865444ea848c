import type { Merchant } from "../catalog/merchant.js";
import type { Product } from "../catalog/product.js";
import type { CorePorts } from "../core-ports.js";
import { invalidField, notFound, OneCodeError } from "../kernel/errors.js";
import type { TenantContext } from "../kernel/tenant.js";

/** The merchant an input names, or `NOT_FOUND` naming `merchantId`. */
export async function requireMerchant(
  ports: CorePorts,
  ctx: TenantContext,
  merchantId: string,
): Promise<Merchant> {
  const merchant = await ports.storage.merchants.get(ctx.tenantId, merchantId);
  if (!merchant) throw notFound("merchant", merchantId, "merchantId");
  return merchant;
}

/**
 * Throws `CODE_SOURCE_MISMATCH` unless the merchant's code source is
 * `required`: rules and generation need `platform`, uploads `external`.
 */
export function requireCodeSource(
  merchant: Merchant,
  required: Merchant["codeSource"],
  operation: string,
): void {
  if (merchant.codeSource === required) return;
  throw new OneCodeError(
    "CODE_SOURCE_MISMATCH",
    `${operation} needs a merchant whose code source is ${required}; merchant ${merchant.id} is ${merchant.codeSource}`,
    { merchantId: merchant.id, codeSource: merchant.codeSource, required },
  );
}

/** Checks that an optional product exists and belongs to the merchant; returns it. */
export async function requireProductOf(
  ports: CorePorts,
  ctx: TenantContext,
  productId: string | null,
  merchantId: string,
): Promise<Product | null> {
  if (productId === null) return null;
  const product = await ports.storage.products.get(ctx.tenantId, productId);
  if (!product) throw notFound("product", productId, "productId");
  if (product.merchantId !== merchantId) {
    throw invalidField(
      "productId",
      "product_merchant",
      `productId must be a product of merchant ${merchantId}`,
    );
  }
  return product;
}
