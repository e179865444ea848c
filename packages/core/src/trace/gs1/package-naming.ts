import type { CodePackage, CodeRecord } from "../../codes/code-package.js";
import { notFound } from "../../kernel/errors.js";
import type { TraceRuntime } from "../trace-runtime.js";
import { type Gs1Naming, gs1Naming, printedLink } from "./gs1-naming.js";

/**
 * How a package's codes are named now: its product's GTIN (the sealed
 * snapshot's once its batch is sealed), its merchant's first URL prefix,
 * the lot and expiry of the batch it is bound to (none before binding),
 * and its packaging levels' own keys.
 */
export async function packageNaming(
  runtime: TraceRuntime,
  tenantId: string,
  pkg: CodePackage,
): Promise<Gs1Naming> {
  const { storage } = runtime.ports;
  const [merchant, batchId] = await Promise.all([
    storage.merchants.get(tenantId, pkg.merchantId),
    storage.traceBatches.batchOfPackage(tenantId, pkg.id),
  ]);
  const batch = batchId === null ? null : await storage.traceBatches.get(tenantId, batchId);
  const productId = pkg.productId ?? batch?.productId ?? null;
  const product =
    batch?.sealedProduct || productId === null
      ? null
      : await storage.products.get(tenantId, productId);
  return gs1Naming(pkg, {
    gtin: batch?.sealedProduct?.gtin ?? product?.gtin ?? null,
    prefix: merchant?.urlPrefixes[0] ?? "",
    batch,
  });
}

/** How long a package's print naming is reused, so naming every code of a page is cheap. */
const NAMING_MEMO_MS = 10_000;
const NAMING_MEMO_SIZE = 100;

/**
 * The Digital Link printer that print files use (wired into the codes
 * module by `createOneCode`): for a package, a function giving each code's
 * printed Digital Link, or `null` when no level of the package has a GS1
 * key (its product has no GTIN and no packaging level has one). A
 * package's naming is looked up once and reused for a few seconds.
 */
export function digitalLinkPrinter(runtime: TraceRuntime) {
  const memo = new Map<string, { naming: Promise<Gs1Naming>; until: number }>();
  const { clock, storage } = runtime.ports;
  return async (
    tenantId: string,
    packageId: string,
  ): Promise<((record: CodeRecord) => string) | null> => {
    const key = `${tenantId}\u0000${packageId}`;
    let entry = memo.get(key);
    if (!entry || entry.until <= clock.nowMs()) {
      const naming = (async () => {
        const pkg = await storage.codePackages.get(tenantId, packageId);
        if (!pkg) throw notFound("code package", packageId);
        return packageNaming(runtime, tenantId, pkg);
      })();
      memo.delete(key);
      if (memo.size >= NAMING_MEMO_SIZE) memo.delete(memo.keys().next().value as string);
      entry = { naming, until: clock.nowMs() + NAMING_MEMO_MS };
      memo.set(key, entry);
      naming.catch(() => memo.delete(key));
    }
    const naming = await entry.naming;
    if (Object.values(naming.keys).every((levelKey) => levelKey === null)) return null;
    return (record) => printedLink(naming, record);
  };
}
