import { InputCheck } from "../../kernel/input-check.js";
import type { ListFilter } from "../../kernel/permissions/record-scope.js";
import { dateOfDayNumber, dayNumber, startOfZonedDay, zonedDate } from "../../kernel/zoned-time.js";
import {
  LOGISTICS_STATES,
  type LogisticsState,
  ORDER_DELIVERY_METHODS,
  ORDER_STATES,
  type OrderDeliveryMethod,
  type OrderState,
} from "../order.js";
import type { OrderFilter } from "../ports.js";

/**
 * Ready-made views of the order list (the pickup views of pickup-card
 * orders, and the cancellation requests waiting for staff), each judged in
 * the tenant's time zone:
 * - `to_ship_today`: to ship with a requested ship date today or earlier (overdue included);
 * - `to_ship_tomorrow`, `to_ship_day_after`: to ship with that requested ship date;
 * - `shipped_today`, `shipped_yesterday`: the last unit left on that local day;
 * - `cancellation_requested`: paid orders whose buyer asked to cancel.
 */
export type OrderView =
  | "to_ship_today"
  | "to_ship_tomorrow"
  | "to_ship_day_after"
  | "shipped_today"
  | "shipped_yesterday"
  | "cancellation_requested";

/** Every {@link OrderView}. */
export const ORDER_VIEWS = Object.freeze([
  "to_ship_today",
  "to_ship_tomorrow",
  "to_ship_day_after",
  "shipped_today",
  "shipped_yesterday",
  "cancellation_requested",
] as const);

/**
 * Which orders to list or export: every field given must match. Times are
 * ISO-8601 instants (`…From` inclusive, `…To` exclusive).
 */
export interface OrderQuery {
  readonly view?: OrderView;
  readonly states?: readonly OrderState[];
  readonly logisticsStates?: readonly LogisticsState[];
  readonly deliveryMethods?: readonly OrderDeliveryMethod[];
  readonly customerId?: string;
  readonly productId?: string;
  readonly skuId?: string;
  readonly channel?: string;
  readonly number?: string;
  readonly createdFrom?: string;
  readonly createdTo?: string;
  readonly paidFrom?: string;
  readonly paidTo?: string;
  readonly shippedFrom?: string;
  readonly shippedTo?: string;
}

const TIME_FIELDS = [
  "createdFrom",
  "createdTo",
  "paidFrom",
  "paidTo",
  "shippedFrom",
  "shippedTo",
] as const;
const TEXT_FIELDS = ["customerId", "productId", "skuId", "channel", "number"] as const;

/** A view's filter fields at the instant `nowMs` in `timeZone`. */
function viewFilter(view: OrderView, nowMs: number, timeZone: string): Partial<OrderFilter> {
  const today = dayNumber(zonedDate(nowMs, timeZone));
  const date = (offset: number) => dateOfDayNumber(today + offset);
  const dayStart = (offset: number) =>
    new Date(startOfZonedDay(date(offset), timeZone)).toISOString();
  switch (view) {
    case "to_ship_today":
      return { states: ["to_ship"], shipOnTo: date(0) };
    case "to_ship_tomorrow":
      return { states: ["to_ship"], shipOnFrom: date(1), shipOnTo: date(1) };
    case "to_ship_day_after":
      return { states: ["to_ship"], shipOnFrom: date(2), shipOnTo: date(2) };
    case "shipped_today":
      return { shippedFrom: dayStart(0), shippedTo: dayStart(1) };
    case "shipped_yesterday":
      return { shippedFrom: dayStart(-1), shippedTo: dayStart(0) };
    case "cancellation_requested":
      return { states: ["to_ship", "shipped"], cancellationRequested: true };
  }
}

/**
 * Checks an {@link OrderQuery} and turns it into the repository's filter;
 * the other fields combine with a view, but a field the view sets (its
 * states, its ship-on or shipped bounds) replaces the same field given.
 * Throws `VALIDATION_FAILED` naming every broken field.
 */
export function orderFilterOf(
  query: OrderQuery,
  access: ListFilter,
  nowMs: number,
  timeZone: string,
): OrderFilter {
  const check = new InputCheck();
  const raw = (query ?? {}) as Record<string, unknown>;
  const list = <T extends string>(field: string, options: readonly T[]) =>
    raw[field] === undefined
      ? undefined
      : check.list(field, raw[field], { min: 1, max: options.length }, (name, value) =>
          check.oneOf(name, value, options),
        );
  const filter: Record<string, unknown> = {
    access,
    states: list("states", ORDER_STATES),
    logisticsStates: list("logisticsStates", LOGISTICS_STATES),
    deliveryMethods: list("deliveryMethods", ORDER_DELIVERY_METHODS),
  };
  for (const field of TEXT_FIELDS) {
    if (raw[field] !== undefined) filter[field] = check.text(field, raw[field], { max: 100 });
  }
  for (const field of TIME_FIELDS) {
    const value = raw[field];
    if (value === undefined) continue;
    if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
      check.fail(field, "date_time", `${field} must be an ISO-8601 date-time`);
    } else {
      filter[field] = new Date(value).toISOString();
    }
  }
  const view = raw.view === undefined ? undefined : check.oneOf("view", raw.view, ORDER_VIEWS);
  check.done();
  const defined = Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined),
  );
  return {
    ...(defined as unknown as OrderFilter),
    ...(view !== undefined && viewFilter(view, nowMs, timeZone)),
  };
}
