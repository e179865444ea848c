import type { ListFilter } from "../../kernel/permissions/record-scope.js";
import type { AfterSale, AfterSaleKind, AfterSaleState } from "./after-sale.js";

/**
 * Which requests {@link AfterSaleRepository.list} returns: those matching
 * every field given; times are ISO-8601, `from` inclusive, `to` exclusive.
 */
export interface AfterSaleFilter {
  /** What the actor may see, judged on the order's store and owner (kept on the request). */
  readonly access: ListFilter;
  readonly orderId?: string;
  readonly customerId?: string;
  readonly kinds?: readonly AfterSaleKind[];
  readonly states?: readonly AfterSaleState[];
  readonly createdFrom?: string;
  readonly createdTo?: string;
}

/** A stored after-sales request with the access fields of its order. */
export interface StoredAfterSale extends AfterSale {
  /** The order's `delivery.storeId`, for scoped grants. */
  readonly storeId: string | null;
  /** The order's `ownerId`, for `own` grants. */
  readonly ownerId: string | null;
}

/** Storage of after-sales requests; writes are compare-and-set on `version`. */
export interface AfterSaleRepository {
  /** Stores a new request (version 1). */
  insert(afterSale: StoredAfterSale): Promise<void>;
  /** The request, or `null` when the tenant has none with this id. */
  get(tenantId: string, id: string): Promise<StoredAfterSale | null>;
  /**
   * Replaces the request (every field but `tenantId`, `id`, `orderId`,
   * `createdAt`) when its stored version is `expectedVersion`; `false` when
   * another change won or it does not exist.
   */
  update(afterSale: StoredAfterSale, expectedVersion: number): Promise<boolean>;
  /** Up to `limit` matching requests, newest first, with ids below `beforeId` when given. */
  list(
    tenantId: string,
    filter: AfterSaleFilter,
    page: { readonly beforeId: string | null; readonly limit: number },
  ): Promise<StoredAfterSale[]>;
}

/** The after-sales part of the storage port. */
export interface AfterSaleRepositories {
  readonly afterSales: AfterSaleRepository;
}
