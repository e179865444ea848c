import { InputCheck } from "../../kernel/input-check.js";
import {
  type CheckedSaleBase,
  checkDistinctSkus,
  checkSaleBase,
  MAX_SALE_ITEMS,
  rawInput,
  wholeNumber,
} from "../flash-sales/sale-input-check.js";
import type { PresaleDelivery, PresaleItem } from "./presale.js";

/** Input of `presales.create`. */
export interface NewPresaleInput {
  readonly name: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly items: readonly {
    readonly skuId: string;
    /** Minor units, at most the SKU's list price. */
    readonly price: number;
    readonly virtualStock: number;
  }[];
  /** `{ kind: "date", date: "2026-06-18" }` or `{ kind: "after_payment", days: 7 }`. */
  readonly delivery: PresaleDelivery;
}

/** A checked {@link NewPresaleInput}. */
export interface CheckedPresale extends CheckedSaleBase {
  readonly items: readonly PresaleItem[];
  readonly delivery: PresaleDelivery;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDelivery(check: InputCheck, value: unknown): PresaleDelivery {
  const raw = rawInput(value);
  const kind = check.oneOf("delivery.kind", raw.kind, ["date", "after_payment"] as const);
  if (kind === "after_payment") {
    return { kind, days: wholeNumber(check, "delivery.days", raw.days, 1, 365) };
  }
  const date = typeof raw.date === "string" ? raw.date : "";
  if (!LOCAL_DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    check.fail("delivery.date", "local_date", "delivery.date must be a date YYYY-MM-DD");
  }
  return { kind: "date", date };
}

/**
 * Checks a new presale, naming every broken field at once (SKUs and prices
 * against the catalogue are checked by the service; `endsAt` against `now`
 * only when given).
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkNewPresale(input: unknown, now?: string): CheckedPresale {
  const check = new InputCheck();
  const raw = rawInput(input);
  const base = checkSaleBase(check, raw, now);
  const items = check.list("items", raw.items, { min: 1, max: MAX_SALE_ITEMS }, (field, value) => {
    const item = rawInput(value);
    return {
      skuId: check.text(`${field}.skuId`, item.skuId, { max: 100 }),
      price: wholeNumber(check, `${field}.price`, item.price, 0, Number.MAX_SAFE_INTEGER),
      virtualStock: wholeNumber(
        check,
        `${field}.virtualStock`,
        item.virtualStock,
        1,
        1_000_000_000,
      ),
    };
  });
  checkDistinctSkus(check, items);
  const delivery = checkDelivery(check, raw.delivery);
  check.done();
  return { ...base, items, delivery };
}
