import type { ListFilter } from "../kernel/permissions/record-scope.js";
import type { AfterSaleRepositories } from "./after-sales/ports.js";
import type { LogisticsState, Order, OrderDeliveryMethod, OrderState } from "./order.js";
import type { OrderSettings } from "./order-settings.js";

/** Result of {@link OrderRepository.insert}. */
export type OrderInsertion =
  | { readonly outcome: "inserted" }
  /** Another order of the tenant has this number; nothing was written (draw another). */
  | { readonly outcome: "number_taken" }
  /** Another order of the tenant has this verification code; nothing was written. */
  | { readonly outcome: "verification_code_taken" };

/**
 * Which orders {@link OrderRepository.list} returns: those matching every
 * field given. Time bounds are ISO-8601 instants, `from` inclusive and `to`
 * exclusive; `shipOn` bounds are local dates (`YYYY-MM-DD`), both inclusive.
 */
export interface OrderFilter {
  /** What the actor may see: every order, or those whose `delivery.storeId` / `ownerId` a scope reaches. */
  readonly access: ListFilter;
  readonly states?: readonly OrderState[];
  readonly logisticsStates?: readonly LogisticsState[];
  readonly deliveryMethods?: readonly OrderDeliveryMethod[];
  readonly customerId?: string;
  /** Orders with at least one line of this product. */
  readonly productId?: string;
  /** Orders with at least one line of this SKU. */
  readonly skuId?: string;
  readonly channel?: string;
  /** The exact order number. */
  readonly number?: string;
  /** Only orders with (true) or without (false) an open cancellation request. */
  readonly cancellationRequested?: boolean;
  readonly createdFrom?: string;
  readonly createdTo?: string;
  readonly paidFrom?: string;
  readonly paidTo?: string;
  readonly shippedFrom?: string;
  readonly shippedTo?: string;
  readonly shipOnFrom?: string;
  readonly shipOnTo?: string;
}

/** What {@link OrderRepository.statistics} groups by. */
export type OrderStatisticsGrouping = "day" | "product" | "channel";

/** Input of {@link OrderRepository.statistics}: a half-open time range and a grouping. */
export interface OrderStatisticsQuery {
  /** ISO-8601 instant, inclusive. */
  readonly from: string;
  /** ISO-8601 instant, exclusive. */
  readonly to: string;
  /** IANA zone the `day` grouping counts local days in. */
  readonly timeZone: string;
  readonly groupBy: OrderStatisticsGrouping;
}

/**
 * One group of {@link OrderRepository.statistics}. Amounts are integer
 * minor units of the tenant's currency. Each figure counts what happened
 * in the range: orders created, orders paid (and their amount and units),
 * refunds that succeeded. Per product, an order counts once per product,
 * the paid amount is the product's lines' amounts, and a refund is shared
 * across the order's lines in proportion to their amounts (rounded half up).
 */
export interface OrderStatisticsRow {
  /** The local date (`YYYY-MM-DD`), the product id, or the channel. */
  readonly key: string;
  readonly ordersCreated: number;
  readonly ordersPaid: number;
  readonly paidAmount: number;
  readonly refundedAmount: number;
  /** Units of the orders paid in the range. */
  readonly unitsPaid: number;
}

/**
 * Storage of orders, scoped by tenant. Writes are compare-and-set on
 * `version`, so two concurrent changes of one order never both land:
 * the loser re-reads and checks its transition again.
 */
export interface OrderRepository {
  /** Stores a new order (version 1); refuses a number or verification code the tenant has. */
  insert(order: Order): Promise<OrderInsertion>;
  /** The order, or `null` when the tenant has none with this id. */
  get(tenantId: string, id: string): Promise<Order | null>;
  /** The order with this number, or `null`. */
  getByNumber(tenantId: string, number: string): Promise<Order | null>;
  /** The order whose verification code this is, or `null`. */
  getByVerificationCode(tenantId: string, code: string): Promise<Order | null>;
  /**
   * Replaces the order (every field but `tenantId`, `id`, `number`,
   * `createdAt`) when its stored version is `expectedVersion`; `order.version`
   * must be `expectedVersion + 1`. `false` when another change won or the
   * order does not exist; nothing was written then.
   */
  update(order: Order, expectedVersion: number): Promise<boolean>;
  /** Up to `limit` matching orders, newest (highest id) first, with ids below `beforeId` when given. */
  list(
    tenantId: string,
    filter: OrderFilter,
    page: { readonly beforeId: string | null; readonly limit: number },
  ): Promise<Order[]>;
  /** Counts of matching orders per state (states without orders are absent). */
  countByState(tenantId: string, filter: OrderFilter): Promise<Partial<Record<OrderState, number>>>;
  /** Figures per group, computed by the storage (see {@link OrderStatisticsRow}); groups with nothing are absent. */
  statistics(tenantId: string, query: OrderStatisticsQuery): Promise<OrderStatisticsRow[]>;
}

/** Storage of each tenant's order settings. */
export interface OrderSettingsRepository {
  /** The tenant's settings, or `null` while it runs on the defaults. */
  get(tenantId: string): Promise<OrderSettings | null>;
  /** Stores the tenant's settings, replacing earlier ones. */
  save(settings: OrderSettings): Promise<void>;
}

/** The orders part of the storage port. */
export interface OrderRepositories extends AfterSaleRepositories {
  readonly orders: OrderRepository;
  readonly orderSettings: OrderSettingsRepository;
}
