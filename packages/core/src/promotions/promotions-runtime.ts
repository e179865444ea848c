import type { OrdersRuntime } from "../orders/orders-runtime.js";

/**
 * What every promotion module (activities, coupons, flash sales, time-limited
 * discounts, presales, members and points, distributors) runs on: the
 * ports, the kernel's audit, events, timers, outbox handlers and payments,
 * and the tenant's calendar. It is the orders' runtime seen through the
 * parts promotions need, so both share one audit log, outbox and timers.
 */
export type PromotionsRuntime = Pick<
  OrdersRuntime,
  | "ports"
  | "recordAudit"
  | "recordEvents"
  | "timers"
  | "outbox"
  | "payments"
  | "timeZoneOf"
  | "currencyOf"
>;
