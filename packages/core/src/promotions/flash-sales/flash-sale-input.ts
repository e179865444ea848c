import { InputCheck } from "../../kernel/input-check.js";
import { normalizeMobileNumber } from "../../notifications/recipients.js";
import type { FlashSaleItem } from "./flash-sale.js";
import {
  type CheckedSaleBase,
  checkDistinctSkus,
  checkSaleBase,
  MAX_SALE_ITEMS,
  rawInput,
  wholeNumber,
} from "./sale-input-check.js";

/** Input of `flashSales.create`. */
export interface NewFlashSaleInput {
  readonly name: string;
  /** ISO-8601 date-times; the sale runs from `startsAt` to `endsAt`. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly items: readonly {
    readonly skuId: string;
    /** Minor units, at most the SKU's list price. */
    readonly price: number;
    readonly stock: number;
    readonly perPersonLimit: number;
  }[];
  /** Default 30 (1 to 1440). */
  readonly payWithinMinutes?: number;
  /** Remind subscribers this many minutes before the start (1 to 10080); absent or null: none. */
  readonly remindMinutesBefore?: number | null;
}

/** A checked {@link NewFlashSaleInput}. */
export interface CheckedFlashSale extends CheckedSaleBase {
  readonly items: readonly FlashSaleItem[];
  readonly payWithinMinutes: number;
  readonly remindMinutesBefore: number | null;
}

/** Default minutes a flash-sale buyer has to pay (§4.3). */
export const DEFAULT_FLASH_PAY_MINUTES = 30;

/**
 * Checks a new flash sale, naming every broken field at once (SKUs and
 * prices against the catalogue are checked by the service; `endsAt` against
 * `now` only when given).
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkNewFlashSale(input: unknown, now?: string): CheckedFlashSale {
  const check = new InputCheck();
  const raw = rawInput(input);
  const base = checkSaleBase(check, raw, now);
  const items = check.list("items", raw.items, { min: 1, max: MAX_SALE_ITEMS }, (field, value) => {
    const item = rawInput(value);
    return {
      skuId: check.text(`${field}.skuId`, item.skuId, { max: 100 }),
      price: wholeNumber(check, `${field}.price`, item.price, 0, Number.MAX_SAFE_INTEGER),
      stock: wholeNumber(check, `${field}.stock`, item.stock, 1, 1_000_000_000),
      perPersonLimit: wholeNumber(check, `${field}.perPersonLimit`, item.perPersonLimit, 1, 10_000),
    };
  });
  checkDistinctSkus(check, items);
  const payWithinMinutes =
    raw.payWithinMinutes === undefined
      ? DEFAULT_FLASH_PAY_MINUTES
      : wholeNumber(check, "payWithinMinutes", raw.payWithinMinutes, 1, 1440);
  const remindMinutesBefore =
    raw.remindMinutesBefore === undefined || raw.remindMinutesBefore === null
      ? null
      : wholeNumber(check, "remindMinutesBefore", raw.remindMinutesBefore, 1, 10_080);
  check.done();
  return { ...base, items, payWithinMinutes, remindMinutesBefore };
}

/** Input of a consumer's reminder subscription. */
export interface FlashSaleReminderInput {
  /** The mainland mobile number to remind by SMS. */
  readonly phone: string;
}

/**
 * Checks a reminder subscription; returns the number normalized.
 *
 * @throws `VALIDATION_FAILED` on `phone` (`mobile_number`).
 */
export function checkReminderInput(input: unknown): string {
  const phone = normalizeMobileNumber(rawInput(input).phone);
  if (phone === null) {
    const check = new InputCheck();
    check.fail("phone", "mobile_number", "phone must be a mainland mobile number");
    check.done();
  }
  return phone as string;
}
