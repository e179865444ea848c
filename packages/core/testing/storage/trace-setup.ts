import type { CodePackage } from "../../src/codes/code-package.js";
import type { Storage } from "../../src/ports/storage.js";
import type { TraceBatch } from "../../src/trace/batches/trace-batch.js";
import {
  codePackageRecord,
  freshTenantId,
  merchantRecord,
  productRecord,
  traceBatchRecord,
} from "../fixtures.js";

/** A fresh tenant with a merchant and a product, and helpers to add batches and packages. */
export async function traceWorld(storage: Storage) {
  const tenant = freshTenantId();
  const merchant = merchantRecord(tenant);
  await storage.merchants.insert(merchant);
  const product = productRecord(tenant, merchant.id);
  await storage.products.insert(product);
  /** Inserts a batch of the product (inactive, unsealed unless overridden). */
  const batch = async (overrides: Partial<TraceBatch> = {}) => {
    const record = traceBatchRecord(tenant, product, overrides);
    const result = await storage.traceBatches.insert(record);
    if (result.outcome !== "inserted") throw new Error(`batch fixture: ${result.outcome}`);
    return record;
  };
  /** Inserts an uploaded package of the merchant, succeeded with `total` codes unless overridden. */
  const codePackage = async (total = 40, overrides: Partial<CodePackage> = {}) => {
    const record = codePackageRecord(tenant, merchant.id, null, {
      status: "succeeded",
      quantity: total,
      total,
      done: total,
      ...overrides,
    });
    const result = await storage.codePackages.insert(record);
    if (result.outcome !== "inserted") throw new Error(`package fixture: ${result.outcome}`);
    return record;
  };
  return { tenant, merchant, product, batch, codePackage };
}

/** The same batch one change later. */
export function changed(batch: TraceBatch, changes: Partial<TraceBatch>): TraceBatch {
  return { ...batch, ...changes, version: batch.version + 1 };
}
