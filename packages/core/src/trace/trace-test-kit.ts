import type { Merchant } from "../catalog/merchant.js";
import type { Product } from "../catalog/product.js";
import type { CodePackage } from "../codes/code-package.js";
import { storedUploadPackage } from "../codes/codes-test-kit.js";
import { createOneCode, type OneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { seededRandom } from "../kernel/random.js";
import { type Role, type TenantContext, tenantContext } from "../kernel/tenant.js";
import { localLedgerAnchor } from "../memory/local-ledger-anchor.js";
import { memoryHotState } from "../memory/memory-hot-state.js";
import { memoryStorage } from "../memory/memory-storage.js";
import type { HotState } from "../ports/hot-state.js";
import type { LedgerAnchor } from "../ports/ledger-anchor.js";
import type { Storage } from "../ports/storage.js";
import type { NewTraceBatchInput, TraceBatch } from "./batches/trace-batch.js";

/** Options of {@link traceTestKit}. */
export interface TraceTestKitOptions {
  readonly storage?: Storage;
  readonly hotState?: HotState;
  readonly ledgerAnchor?: LedgerAnchor;
}

/**
 * A deterministic OneCode on memory ports for trace use-case tests: a
 * platform merchant with a product in tenant `acme`, and helpers for
 * succeeded code packages and batches.
 */
export async function traceTestKit(options: TraceTestKitOptions = {}) {
  const clock = new ManualClock("2026-05-01T08:00:00Z");
  const storage = options.storage ?? memoryStorage();
  const hotState = options.hotState ?? memoryHotState({ clock });
  const anchor = localLedgerAnchor(clock);
  const onecode: OneCode = createOneCode({
    clock,
    random: seededRandom("trace-tests"),
    storage,
    hotState,
    ledgerAnchor: options.ledgerAnchor ?? anchor,
    codes: { autoRun: false },
  });
  const staff = (tenantId: string, ...roles: Role[]): TenantContext =>
    tenantContext(tenantId, { id: `${tenantId}-staff`, kind: "staff", roles });
  const admin = staff("acme", "admin");
  const merchant: Merchant = await onecode.merchants.create(admin, {
    name: "Acme Tea",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
  });
  const product: Product = await onecode.products.create(admin, {
    merchantId: merchant.id,
    name: "龙井 Longjing",
    specification: "250g",
    images: ["https://img.acme.example/1.png"],
  });
  /** Stores a succeeded upload package of `total` codes (no product unless overridden). */
  const codePackage = (
    total = 40,
    overrides: Partial<CodePackage> = {},
    ctx: TenantContext = admin,
  ): Promise<CodePackage> =>
    storedUploadPackage(
      onecode,
      { tenantId: ctx.tenantId, merchantId: merchant.id },
      total,
      overrides,
    );
  let batches = 0;
  /** Creates a batch of the product through the SDK. */
  const batch = (input: Partial<NewTraceBatchInput> = {}, ctx: TenantContext = admin) => {
    batches += 1;
    return onecode.traceBatches.create(ctx, {
      batchNumber: `B${String(batches).padStart(4, "0")}`,
      productId: product.id,
      productionDate: "2026-04-01",
      ...input,
    });
  };
  /** A batch with one bound package of `total` codes, ready to seal. */
  const boundBatch = async (total = 40): Promise<TraceBatch> => {
    const created = await batch();
    return onecode.traceBatches.bindPackage(admin, created.id, (await codePackage(total)).id);
  };
  return {
    onecode,
    clock,
    storage,
    hotState,
    anchor,
    staff,
    admin,
    merchant,
    product,
    codePackage,
    batch,
    boundBatch,
  };
}
