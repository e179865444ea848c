import { InputCheck } from "../../kernel/input-check.js";
import type { StorageRepositories } from "../../ports/storage.js";

/** Most SKUs one flash sale or presale may hold. */
export const MAX_SALE_ITEMS = 100;

/** The parts of a sale input every timed sale shares. */
export interface CheckedSaleBase {
  readonly name: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

/** A whole number in `[min, max]`, or `fallback` after recording an issue. */
export function wholeNumber(
  check: InputCheck,
  field: string,
  value: unknown,
  min: number,
  max: number,
): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    check.fail(field, "range", `${field} must be a whole number from ${min} to ${max}`);
    return min;
  }
  return value;
}

function instant(check: InputCheck, field: string, value: unknown): string {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
    check.fail(field, "date_time", `${field} must be an ISO-8601 date-time`);
    return "";
  }
  return new Date(value).toISOString();
}

/**
 * Checks a sale's name and window: `endsAt` after `startsAt` and, when
 * `now` is given, after it (a sale over before it is stored could never
 * sell).
 */
export function checkSaleBase(
  check: InputCheck,
  raw: Record<string, unknown>,
  now?: string,
): CheckedSaleBase {
  const name = check.text("name", raw.name, { max: 100 });
  const startsAt = instant(check, "startsAt", raw.startsAt);
  const endsAt = instant(check, "endsAt", raw.endsAt);
  if (startsAt && endsAt && endsAt <= startsAt) {
    check.fail("endsAt", "after_starts_at", "endsAt must be later than startsAt");
  } else if (now !== undefined && endsAt && endsAt <= now) {
    check.fail("endsAt", "future", "endsAt must be in the future");
  }
  return { name, startsAt, endsAt };
}

/** Checks the items' SKU ids are distinct, recording each repeat. */
export function checkDistinctSkus(
  check: InputCheck,
  items: readonly { readonly skuId: string }[],
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (item.skuId && seen.has(item.skuId)) {
      check.fail(`items.${index}.skuId`, "unique", `items.${index}.skuId repeats ${item.skuId}`);
    }
    seen.add(item.skuId);
  });
}

/**
 * Checks each item's SKU exists in the tenant and its price is at most the
 * SKU's list price; throws `VALIDATION_FAILED` naming every broken item.
 */
export async function checkItemsAgainstSkus(
  storage: Pick<StorageRepositories, "skus">,
  tenantId: string,
  items: readonly { readonly skuId: string; readonly price: number }[],
): Promise<void> {
  const check = new InputCheck();
  const skus = await Promise.all(items.map((item) => storage.skus.get(tenantId, item.skuId)));
  items.forEach((item, index) => {
    const sku = skus[index];
    if (!sku) {
      check.fail(`items.${index}.skuId`, "not_found", `no SKU ${item.skuId} in this tenant`);
    } else if (item.price > sku.price.amount) {
      check.fail(
        `items.${index}.price`,
        "at_most_list_price",
        `items.${index}.price must be at most the list price ${sku.price.amount}`,
      );
    }
  });
  check.done();
}

/** The raw object of an input (`{}` for anything else, so each field reports itself missing). */
export function rawInput(input: unknown): Record<string, unknown> {
  return typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
}
