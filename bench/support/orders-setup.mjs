// The orders benchmark's catalog, made through the reference server's API:
// a merchant and, per stock policy, a product with one SKU.

/**
 * Creates, through `api` (adminApi of onecode-setup.mjs), a merchant and one
 * product per policy of `policies`, each configured with that stock policy,
 * no spec dimensions and one SKU of `stock` units (price 19.90 in the
 * tenant's currency, 250 g). Resolves with `{ [policy]: skuId }`.
 */
export async function createOrderCatalog(api, policies, stock, suffix) {
  const merchant = await api("POST", "/v1/merchants", {
    name: "Bench Merchant",
    codeSource: "platform",
    urlPrefixes: ["https://t.example.com/c/"],
  });
  const skus = {};
  for (const policy of policies) {
    const product = await api("POST", "/v1/products", {
      merchantId: merchant.id,
      name: `龙井 Bench 250g (${policy})`,
    });
    const configured = await api("PUT", `/v1/products/${product.id}/skus`, {
      policy,
      dimensions: [],
      skus: [
        {
          spec: {},
          code: `BENCH-${suffix}-${policy}`,
          price: 1990,
          stock,
          weightGrams: 250,
        },
      ],
    });
    // The configured SKUs: `{ items }`.
    const listed = configured.items;
    const [sku] = listed;
    if (listed.length !== 1 || sku.stock !== stock) {
      throw new Error(
        `product ${product.id}: expected one SKU of ${stock} units, got ${JSON.stringify(listed)}`,
      );
    }
    skus[policy] = sku.id;
  }
  return skus;
}
