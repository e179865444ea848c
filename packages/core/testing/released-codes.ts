import type { OneCode } from "../src/create-one-code.js";
import type { TenantContext } from "../src/kernel/tenant.js";

/** What {@link releasedCodes} made: the batch, its package and the package's codes in serial order. */
export interface ReleasedCodes {
  readonly batchId: string;
  readonly packageId: string;
  readonly codes: readonly string[];
}

/**
 * Codes consumers can scan as genuine, made through the SDK's own use cases:
 * a platform merchant (`https://t.acme.example/c/`), a product, a quick rule,
 * one generated package of `quantity` single codes, and a trace batch with
 * the package bound, made active. `ctx` needs the `admin` role. For tests
 * of hosts and adapters that need real scans rather than storage rows.
 */
export async function releasedCodes(
  onecode: OneCode,
  ctx: TenantContext,
  options: {
    readonly quantity?: number;
    /** `false`: bind the package to no trace batch (codes only in campaigns); `batchId` is then `""`. */
    readonly traced?: boolean;
  } = {},
): Promise<ReleasedCodes> {
  const merchant = await onecode.merchants.create(ctx, {
    name: "Acme Tea",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
  });
  const product = await onecode.products.create(ctx, {
    merchantId: merchant.id,
    name: "Longjing",
  });
  const rule = await onecode.codeRules.createQuick(ctx, {
    merchantId: merchant.id,
    charset: "mixed",
    length: 16,
    serials: true,
  });
  const quantity = options.quantity ?? 5;
  const queued = await onecode.codePackages.generate(ctx, {
    merchantId: merchant.id,
    productId: product.id,
    codeType: "single",
    rules: { item: rule.id },
    quantity,
  });
  const pkg = await onecode.codePackages.waitFor(ctx, queued.id);
  const listing = await onecode.codePackages.listCodes(ctx, pkg.id, { limit: quantity });
  const codes = listing.items.map((code) => code.code);
  if (options.traced === false) return { batchId: "", packageId: pkg.id, codes };
  const batch = await onecode.traceBatches.create(ctx, {
    batchNumber: "B-1",
    productId: product.id,
    productionDate: "2026-04-01",
  });
  await onecode.traceBatches.bindPackage(ctx, batch.id, pkg.id);
  await onecode.traceBatches.setStatus(ctx, batch.id, "active");
  return { batchId: batch.id, packageId: pkg.id, codes };
}
