import type { DailyWindow } from "../../kernel/daily-window.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { zheRate } from "../../kernel/rates.js";
import { checkInstant } from "../../kernel/timers/timer-check.js";
import {
  LIMITED_DISCOUNT_KINDS,
  LIMITED_DISCOUNT_ROUNDINGS,
  type LimitedDiscountKind,
  type LimitedDiscountLimit,
  type LimitedDiscountRecurrence,
  type LimitedDiscountRounding,
} from "./limited-discount.js";

/** One SKU (or every SKU of a product) of a new discount. */
export interface LimitedDiscountItemInput {
  /** The SKU; give it or `productId` (every SKU of the product, each with `stock`). */
  readonly skuId?: string;
  readonly productId?: string;
  /** Kind `rate`: 折, 0.1 to 9.99 with at most two decimals, e.g. `"8.5"`. */
  readonly rate?: string | number;
  /** Kind `reduction`: minor units off; kind `price`: the price, minor units. */
  readonly amount?: number;
  /** The discount's own units of the SKU, at most the SKU's stock. */
  readonly stock: number;
}

/** A recurrence as given: a days recurrence may leave its window out (all day). */
export type LimitedDiscountRecurrenceInput =
  | { readonly kind: "daily"; readonly window: DailyWindow }
  | {
      readonly kind: "days_of_month" | "days_of_week";
      readonly days: readonly number[];
      readonly window?: DailyWindow | null;
    };

/** What {@link LimitedDiscountService.create} takes. */
export interface LimitedDiscountInput {
  /** 1–60 characters, shown on receipts. */
  readonly name: string;
  readonly kind: LimitedDiscountKind;
  /** Default `none` (half up to the fen). */
  readonly rounding?: LimitedDiscountRounding;
  /** ISO-8601 instants; `startsAt` before `endsAt`. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly recurrence?: LimitedDiscountRecurrenceInput | null;
  readonly limit?: LimitedDiscountLimit | null;
  /** 1–200 items. */
  readonly items: readonly LimitedDiscountItemInput[];
}

/** An input that passed {@link checkLimitedDiscountInput}. */
export interface CheckedLimitedDiscountInput {
  readonly name: string;
  readonly kind: LimitedDiscountKind;
  readonly rounding: LimitedDiscountRounding;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly recurrence: LimitedDiscountRecurrence | null;
  readonly limit: LimitedDiscountLimit | null;
  readonly items: readonly {
    readonly skuId: string | null;
    readonly productId: string | null;
    readonly rate: string | null;
    readonly amount: number | null;
    readonly stock: number;
  }[];
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const isCount = (value: unknown, min: number): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= min;

function checkWindow(check: InputCheck, field: string, value: unknown): DailyWindow | null {
  const window = value as { from?: unknown; to?: unknown } | null | undefined;
  if (typeof window !== "object" || window === null) {
    check.fail(field, "required", `${field} must be an object { from, to } of HH:MM times`);
    return null;
  }
  for (const key of ["from", "to"] as const) {
    if (typeof window[key] !== "string" || !TIME.test(window[key] as string)) {
      check.fail(`${field}.${key}`, "time_of_day", `${field}.${key} must be a 24-hour time HH:MM`);
    }
  }
  return { from: String(window.from), to: String(window.to) };
}

function checkRecurrence(check: InputCheck, value: unknown): LimitedDiscountRecurrence | null {
  if (value === undefined || value === null) return null;
  const raw = value as { kind?: unknown; window?: unknown; days?: unknown };
  const kind = check.oneOf("recurrence.kind", raw.kind, [
    "daily",
    "days_of_month",
    "days_of_week",
  ] as const);
  if (kind === "daily")
    return {
      kind,
      window: checkWindow(check, "recurrence.window", raw.window) ?? { from: "00:00", to: "00:00" },
    };
  const max = kind === "days_of_month" ? 31 : 7;
  const days = check.list("recurrence.days", raw.days, { min: 1, max }, (field, day) => {
    if (!isCount(day, 1) || day > max)
      check.fail(field, "day", `${field} must be a whole number from 1 to ${max}`);
    return Number(day);
  });
  if (new Set(days).size !== days.length)
    check.fail("recurrence.days", "unique", "recurrence.days must not repeat a day");
  const window =
    raw.window === undefined || raw.window === null
      ? null
      : checkWindow(check, "recurrence.window", raw.window);
  return { kind, days: [...days].sort((a, b) => a - b), window };
}

function checkLimit(check: InputCheck, value: unknown): LimitedDiscountLimit | null {
  if (value === undefined || value === null) return null;
  const raw = value as { mode?: unknown; quantity?: unknown };
  const mode = check.oneOf("limit.mode", raw.mode, ["lose_all", "first_n", "refuse"] as const);
  if (!isCount(raw.quantity, 1))
    check.fail(
      "limit.quantity",
      "positive_integer",
      "limit.quantity must be a whole number of at least 1",
    );
  return { mode, quantity: Number(raw.quantity) };
}

/**
 * Checks a new discount's fields, reporting every broken rule at once
 * (`VALIDATION_FAILED` naming the field and rule); the SKUs' existence and
 * stock and the recurrence's first run are checked by the service.
 */
export function checkLimitedDiscountInput(
  input: LimitedDiscountInput,
): CheckedLimitedDiscountInput {
  const check = new InputCheck();
  const raw = (input ?? {}) as Partial<Record<keyof LimitedDiscountInput, unknown>>;
  const name = check.text("name", raw.name, { max: 60 });
  const kind = check.oneOf("kind", raw.kind, LIMITED_DISCOUNT_KINDS);
  const rounding =
    raw.rounding === undefined
      ? "none"
      : check.oneOf("rounding", raw.rounding, LIMITED_DISCOUNT_ROUNDINGS);
  const start = checkInstant(check, "startsAt", raw.startsAt);
  const end = checkInstant(check, "endsAt", raw.endsAt);
  if (start !== null && end !== null && end <= start)
    check.fail("endsAt", "after_start", "endsAt must be after startsAt");
  const recurrence = checkRecurrence(check, raw.recurrence);
  const limit = checkLimit(check, raw.limit);
  const items = check.list("items", raw.items, { min: 1, max: 200 }, (field, value) => {
    const item = (value ?? {}) as Partial<Record<keyof LimitedDiscountItemInput, unknown>>;
    const skuId = typeof item.skuId === "string" && item.skuId !== "" ? item.skuId : null;
    const productId =
      typeof item.productId === "string" && item.productId !== "" ? item.productId : null;
    if ((skuId === null) === (productId === null))
      check.fail(
        `${field}.skuId`,
        "sku_or_product",
        `${field} must name either skuId or productId`,
      );
    if (!isCount(item.stock, 1))
      check.fail(
        `${field}.stock`,
        "positive_integer",
        `${field}.stock must be a whole number of at least 1`,
      );
    let rate: string | null = null;
    let amount: number | null = null;
    if (kind === "rate") {
      rate =
        typeof item.rate === "number" || typeof item.rate === "string" ? String(item.rate) : "";
      try {
        zheRate(rate, `${field}.rate`);
      } catch (error) {
        if (!isOneCodeError(error, "VALIDATION_FAILED")) throw error;
        check.issues.push(...error.details.issues);
      }
    } else {
      if (!isCount(item.amount, kind === "price" ? 0 : 1)) {
        check.fail(
          `${field}.amount`,
          "minor_units",
          `${field}.amount must be a whole number of minor units${kind === "price" ? "" : " of at least 1"}`,
        );
      }
      amount = Number(item.amount);
    }
    return { skuId, productId, rate, amount, stock: Number(item.stock) };
  });
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = item.skuId ?? `product:${item.productId}`;
    if (seen.has(key))
      check.fail(`items.${index}`, "unique", `items.${index} repeats a SKU or product`);
    seen.add(key);
  });
  check.done();
  return {
    name,
    kind,
    rounding,
    startsAt: new Date(start as number).toISOString(),
    endsAt: new Date(end as number).toISOString(),
    recurrence,
    limit,
    items,
  };
}
