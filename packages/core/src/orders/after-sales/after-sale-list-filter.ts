import { InputCheck } from "../../kernel/input-check.js";
import { normalizeDateTime } from "../../trace/calendar-date.js";
import {
  AFTER_SALE_KINDS,
  AFTER_SALE_STATES,
  type AfterSaleKind,
  type AfterSaleState,
} from "./after-sale.js";
import type { AfterSaleFilter } from "./ports.js";

/** Which requests `onecode.afterSales.list` returns: those matching every field given. */
export interface AfterSaleListFilter {
  readonly orderId?: string;
  /** The buyer (ignored for a consumer, who sees their own only). */
  readonly customerId?: string;
  readonly kinds?: readonly AfterSaleKind[];
  readonly states?: readonly AfterSaleState[];
  /** ISO-8601 date-time with a zone; requests created at or after it. */
  readonly createdFrom?: string;
  /** ISO-8601 date-time with a zone; requests created before it. */
  readonly createdTo?: string;
}

const ID_MAX = 100;

/** Checks a list filter (every broken rule at once); times come back in UTC. */
export function checkAfterSaleListFilter(
  input: AfterSaleListFilter = {},
): Omit<AfterSaleFilter, "access"> {
  const check = new InputCheck();
  const text = (field: "orderId" | "customerId") =>
    input[field] === undefined ? {} : { [field]: check.text(field, input[field], { max: ID_MAX }) };
  const time = (field: "createdFrom" | "createdTo") => {
    const value = input[field];
    if (value === undefined) return {};
    const normalized = normalizeDateTime(value);
    if (!normalized) {
      check.fail(field, "date_time", `${field} must be an ISO-8601 date-time with a zone`);
      return {};
    }
    return { [field]: normalized };
  };
  const kinds =
    input.kinds === undefined
      ? {}
      : {
          kinds: check.list("kinds", input.kinds, { max: AFTER_SALE_KINDS.length }, (field, kind) =>
            check.oneOf(field, kind, AFTER_SALE_KINDS),
          ),
        };
  const states =
    input.states === undefined
      ? {}
      : {
          states: check.list(
            "states",
            input.states,
            { max: AFTER_SALE_STATES.length },
            (field, state) => check.oneOf(field, state, AFTER_SALE_STATES),
          ),
        };
  const filter = {
    ...text("orderId"),
    ...text("customerId"),
    ...kinds,
    ...states,
    ...time("createdFrom"),
    ...time("createdTo"),
  };
  check.done();
  return filter;
}
