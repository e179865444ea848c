import type { Merchant } from "../catalog/merchant.js";
import type {
  CatalogRepositories,
  MerchantRepository,
  ProductRepository,
} from "../catalog/ports.js";
import type { Product } from "../catalog/product.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** The catalog tables of the memory storage. */
export class MemoryCatalogTables {
  readonly merchants = new MemoryTable<Merchant>();
  readonly products = new MemoryTable<Product>();
}

/** What the catalog's delete checks need to know of the codes tables. */
export interface CodeReferences {
  /** A merchant's code rules and code packages. */
  merchantCodes(
    tenantId: string,
    merchantId: string,
  ): { codeRuleCount: number; codePackageCount: number };
  /** How many code packages name the product. */
  productPackages(tenantId: string, productId: string): number;
}

/** What the product delete check needs to know of the trace tables. */
export interface TraceReferences {
  /** How many trace batches name the product. */
  productTraceBatches(tenantId: string, productId: string): number;
}

function merchantRepository(
  tables: MemoryCatalogTables,
  undo: UndoLog | null,
  references: CodeReferences,
): MerchantRepository {
  const { merchants, products } = tables;
  return {
    async insert(merchant) {
      if (merchants.get(merchant.tenantId, merchant.id))
        throw new Error(`duplicate merchant id ${merchant.id}`);
      merchants.put(merchant, undo);
    },
    async get(tenantId, id) {
      return merchants.get(tenantId, id);
    },
    async list(tenantId, page) {
      return merchants.list(tenantId, () => true, page.beforeId, page.limit);
    },
    async update(tenantId, id, changes) {
      const current = merchants.get(tenantId, id);
      if (!current) return null;
      const next = { ...current, ...changes };
      merchants.put(next, undo);
      return structuredClone(next);
    },
    async delete(tenantId, id) {
      if (!merchants.get(tenantId, id)) return { outcome: "not_found" };
      const owned = products.some(tenantId, (product) => product.merchantId === id).length;
      if (owned > 0) return { outcome: "has_products", productCount: owned };
      const codes = references.merchantCodes(tenantId, id);
      if (codes.codeRuleCount > 0 || codes.codePackageCount > 0)
        return { outcome: "has_codes", ...codes };
      merchants.remove(tenantId, id, undo);
      return { outcome: "deleted" };
    },
  };
}

function productRepository(
  tables: MemoryCatalogTables,
  undo: UndoLog | null,
  references: CodeReferences,
  traces: TraceReferences,
): ProductRepository {
  const { merchants, products } = tables;
  const gtinTaken = (tenantId: string, gtin: string | null, exceptId: string) =>
    gtin !== null &&
    products.some(tenantId, (row) => row.gtin === gtin && row.id !== exceptId).length > 0;
  return {
    async insert(product) {
      if (!merchants.get(product.tenantId, product.merchantId))
        return { outcome: "merchant_not_found" };
      if (gtinTaken(product.tenantId, product.gtin, product.id)) return { outcome: "gtin_taken" };
      if (products.get(product.tenantId, product.id))
        throw new Error(`duplicate product id ${product.id}`);
      products.put(product, undo);
      return { outcome: "inserted" };
    },
    async get(tenantId, id) {
      return products.get(tenantId, id);
    },
    async list(tenantId, filter, page) {
      const matches = (row: Product) =>
        filter.merchantId === undefined || row.merchantId === filter.merchantId;
      return products.list(tenantId, matches, page.beforeId, page.limit);
    },
    async update(tenantId, id, changes) {
      const current = products.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      if (changes.gtin !== undefined && gtinTaken(tenantId, changes.gtin, id))
        return { outcome: "gtin_taken" };
      const next = { ...current, ...changes };
      products.put(next, undo);
      return { outcome: "updated", product: structuredClone(next) };
    },
    async delete(tenantId, id) {
      const current = products.get(tenantId, id);
      if (!current) return { outcome: "not_found" };
      const codePackageCount = references.productPackages(tenantId, id);
      const traceBatchCount = traces.productTraceBatches(tenantId, id);
      if (current.boundCodeCount > 0 || codePackageCount > 0 || traceBatchCount > 0) {
        const { boundCodeCount } = current;
        return { outcome: "has_codes", boundCodeCount, codePackageCount, traceBatchCount };
      }
      products.remove(tenantId, id, undo);
      return { outcome: "deleted" };
    },
    async adjustBoundCodes(tenantId, id, delta) {
      const current = products.get(tenantId, id);
      if (!current) return null;
      const boundCodeCount = current.boundCodeCount + delta;
      if (!Number.isSafeInteger(delta) || boundCodeCount < 0) {
        throw new RangeError(`bound code count of ${id} cannot go below zero`);
      }
      products.put({ ...current, boundCodeCount }, undo);
      return boundCodeCount;
    },
  };
}

/** Catalog repositories over the memory tables, recording undo steps when `undo` is given. */
export function memoryCatalogRepositories(
  tables: MemoryCatalogTables,
  undo: UndoLog | null,
  references: CodeReferences,
  traces: TraceReferences,
): CatalogRepositories {
  return {
    merchants: merchantRepository(tables, undo, references),
    products: productRepository(tables, undo, references, traces),
  };
}
