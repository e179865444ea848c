import type { PageQuery } from "../kernel/pagination.js";
import type { Merchant } from "./merchant.js";
import type { Product, ProductFields } from "./product.js";

/** Fields a merchant update may change, plus the new `updatedAt`. */
export type MerchantChanges = Partial<Pick<Merchant, "name" | "remark" | "urlPrefixes">> & {
  readonly updatedAt: string;
};

/** Result of {@link MerchantRepository.delete}. */
export type MerchantDeletion =
  | { readonly outcome: "deleted" }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "has_products"; readonly productCount: number }
  /** The merchant owns no products but has code rules or code packages. */
  | {
      readonly outcome: "has_codes";
      readonly codeRuleCount: number;
      readonly codePackageCount: number;
    };

/**
 * Storage of merchants. Every method is scoped by the tenant: a record of
 * another tenant behaves exactly as if it did not exist.
 */
export interface MerchantRepository {
  /** Stores a new merchant under `merchant.tenantId`. Ids are fresh; a duplicate id is a bug and throws. */
  insert(merchant: Merchant): Promise<void>;
  /** The merchant, or `null` when it does not exist in this tenant. */
  get(tenantId: string, id: string): Promise<Merchant | null>;
  /** Merchants with id below `page.beforeId`, newest first, at most `page.limit`. */
  list(tenantId: string, page: PageQuery): Promise<Merchant[]>;
  /**
   * Applies the present fields in one atomic write and returns the result, or
   * `null` when the merchant does not exist. Fields absent from `changes` keep
   * their stored value even when a concurrent update changed them.
   */
  update(tenantId: string, id: string, changes: MerchantChanges): Promise<Merchant | null>;
  /**
   * Deletes the merchant unless it owns products, code rules or code packages
   * (products are reported first). The check and the delete are atomic with
   * respect to concurrent inserts: afterwards either the merchant exists or
   * nothing references it.
   */
  delete(tenantId: string, id: string): Promise<MerchantDeletion>;
}

/** Result of {@link ProductRepository.insert}. */
export type ProductInsertion =
  | { readonly outcome: "inserted" }
  | { readonly outcome: "merchant_not_found" }
  | { readonly outcome: "gtin_taken" };

/** Result of {@link ProductRepository.update}. */
export type ProductUpdate =
  | { readonly outcome: "updated"; readonly product: Product }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "gtin_taken" };

/** Result of {@link ProductRepository.delete}. */
export type ProductDeletion =
  | { readonly outcome: "deleted" }
  | { readonly outcome: "not_found" }
  /**
   * Codes are bound to the product, or code packages or trace batches name it
   * (even ones whose codes were never bound).
   */
  | {
      readonly outcome: "has_codes";
      readonly boundCodeCount: number;
      readonly codePackageCount: number;
      readonly traceBatchCount: number;
    };

/** Filters of {@link ProductRepository.list}. */
export interface ProductFilter {
  readonly merchantId?: string;
}

/** Storage of products, scoped by tenant like {@link MerchantRepository}. */
export interface ProductRepository {
  /**
   * Stores a new product. Refuses, writing nothing, when its merchant does not
   * exist in the tenant (atomically with respect to a concurrent merchant
   * delete) or when another product of the tenant has the same GTIN.
   */
  insert(product: Product): Promise<ProductInsertion>;
  get(tenantId: string, id: string): Promise<Product | null>;
  /** Products matching `filter`, newest first, paged like {@link MerchantRepository.list}. */
  list(tenantId: string, filter: ProductFilter, page: PageQuery): Promise<Product[]>;
  /** Applies the present fields atomically; refuses a GTIN used by another product of the tenant. */
  update(
    tenantId: string,
    id: string,
    changes: Partial<ProductFields> & { readonly updatedAt: string },
  ): Promise<ProductUpdate>;
  /** Deletes the product unless codes are bound to it or code packages or trace batches name it; check and delete are one atomic step. */
  delete(tenantId: string, id: string): Promise<ProductDeletion>;
  /**
   * Atomically adds `delta` (may be negative) to the product's bound-code
   * count and returns the new count, or `null` when the product does not
   * exist. The count never goes below zero: a delta that would make it
   * negative changes nothing and throws a `RangeError` (callers never unbind more than they bound).
   */
  adjustBoundCodes(tenantId: string, id: string, delta: number): Promise<number | null>;
}

/** The repositories of the catalog module, gathered into the storage port. */
export interface CatalogRepositories {
  readonly merchants: MerchantRepository;
  readonly products: ProductRepository;
}
