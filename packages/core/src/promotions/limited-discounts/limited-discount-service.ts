import { createdChanges, fieldChanges } from "../../kernel/audit/audit-summary.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { type Page, type PageRequest, paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import type { LimitedDiscount, LimitedDiscountItem } from "./limited-discount.js";
import {
  type CheckedLimitedDiscountInput,
  checkLimitedDiscountInput,
  type LimitedDiscountInput,
} from "./limited-discount-input.js";
import { assertRunsSometime, isRunningAt } from "./limited-discount-schedule.js";

/**
 * Time-limited discounts (`onecode.limitedDiscounts`, 限时折扣): special
 * prices of listed SKUs during a validity, optionally recurring (daily
 * window, days of the month or week, tenant time zone), with their own
 * stock and a per-person limit. The pricing pipeline reads them through
 * `limitedDiscountPricingSource`. Reads need `promotions.read`, writes
 * `promotions.manage`; every write is audited.
 */
export interface LimitedDiscountService {
  /**
   * Creates an active discount. Items naming a product cover each of its
   * SKUs with the given stock. Audited as `promotions.limited_discount.created`.
   *
   * @throws `VALIDATION_FAILED` (every broken rule; an item's stock above
   *   its SKU's stock: rule `max_sku_stock`; a discounted price no lower
   *   than the list price is allowed), `NOT_FOUND` (a SKU or product),
   *   `LIMITED_DISCOUNT_NEVER_RUNS`, `LIMITED_DISCOUNT_SKU_TAKEN` (another
   *   active discount whose validity overlaps lists a SKU; `details.discountId`).
   *
   * @example
   * ```ts
   * const sale = await onecode.limitedDiscounts.create(ctx, {
   *   name: "Tea time 8.5折",
   *   kind: "rate",
   *   startsAt: "2026-05-01T00:00:00Z",
   *   endsAt: "2026-06-01T00:00:00Z",
   *   recurrence: { kind: "daily", window: { from: "14:00", to: "17:00" } },
   *   limit: { mode: "first_n", quantity: 2 },
   *   items: [{ skuId: sku.id, rate: "8.5", stock: 100 }],
   * });
   * ```
   */
  create(ctx: TenantContext, input: LimitedDiscountInput): Promise<LimitedDiscount>;
  /** One discount with its items' sold units. @throws `NOT_FOUND`. */
  get(ctx: TenantContext, id: string): Promise<LimitedDiscount>;
  /** The tenant's discounts, newest first. */
  list(ctx: TenantContext, page?: PageRequest): Promise<Page<LimitedDiscount>>;
  /** Whether the discount runs now (validity, recurrence, not ended). @throws `NOT_FOUND`. */
  isRunning(ctx: TenantContext, id: string): Promise<boolean>;
  /**
   * Ends a discount now (it frees its SKUs for other discounts); orders
   * placed keep their prices. Audited as `promotions.limited_discount.ended`.
   * @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION` (ended already).
   */
  end(ctx: TenantContext, id: string): Promise<LimitedDiscount>;
}

/** Builds the {@link LimitedDiscountService}. */
export function limitedDiscountService(runtime: PromotionsRuntime): LimitedDiscountService {
  const { ports } = runtime;
  const { storage } = ports;

  const itemsOf = async (
    tenantId: string,
    checked: CheckedLimitedDiscountInput,
  ): Promise<LimitedDiscountItem[]> => {
    const items: LimitedDiscountItem[] = [];
    const check = new InputCheck();
    for (const [index, item] of checked.items.entries()) {
      const skus =
        item.skuId !== null
          ? [await storage.skus.get(tenantId, item.skuId)]
          : await storage.skus.listByProduct(tenantId, item.productId as string);
      if (skus.length === 0 || skus[0] === null) {
        throw item.skuId !== null
          ? notFound("sku", item.skuId, `items.${index}.skuId`)
          : notFound("product", item.productId as string, `items.${index}.productId`);
      }
      for (const sku of skus) {
        if (sku === null) continue;
        if (item.stock > sku.stock) {
          check.fail(
            `items.${index}.stock`,
            "max_sku_stock",
            `items.${index}.stock must not exceed the stock of SKU ${sku.id} (${sku.stock})`,
          );
        }
        if (items.some((other) => other.skuId === sku.id)) {
          check.fail(`items.${index}`, "unique", `items.${index} repeats SKU ${sku.id}`);
        }
        const { rate, amount, stock } = item;
        items.push({ skuId: sku.id, productId: sku.productId, rate, amount, stock, sold: 0 });
      }
    }
    check.done();
    return items;
  };

  const load = async (ctx: TenantContext, id: string) => {
    const discount = await storage.limitedDiscounts.get(ctx.tenantId, id);
    if (!discount) throw notFound("limited_discount", id, "id");
    return discount;
  };

  return {
    async create(ctx, input) {
      requireCapability(ctx, "promotions.manage");
      const checked = checkLimitedDiscountInput(input);
      const timeZone = await runtime.timeZoneOf(ctx.tenantId);
      assertRunsSometime(checked.startsAt, checked.endsAt, checked.recurrence, timeZone);
      const items = await itemsOf(ctx.tenantId, checked);
      const now = isoNow(ports.clock);
      const discount: LimitedDiscount = {
        tenantId: ctx.tenantId,
        id: ports.ids.newId("ldc"),
        name: checked.name,
        kind: checked.kind,
        rounding: checked.rounding,
        startsAt: checked.startsAt,
        endsAt: checked.endsAt,
        recurrence: checked.recurrence,
        limit: checked.limit,
        items,
        state: "active",
        createdAt: now,
        updatedAt: now,
      };
      return storage.transaction(async (tx) => {
        const inserted = await tx.limitedDiscounts.insert(discount);
        if (inserted.outcome === "sku_taken") {
          throw new OneCodeError(
            "LIMITED_DISCOUNT_SKU_TAKEN",
            `SKU ${inserted.skuId} is in time-limited discount ${inserted.discountId} at the same time`,
            { skuId: inserted.skuId, discountId: inserted.discountId },
          );
        }
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.limited_discount.created",
          target: { type: "limited_discount", id: discount.id },
          changes: createdChanges({
            name: discount.name,
            kind: discount.kind,
            startsAt: discount.startsAt,
            endsAt: discount.endsAt,
            skuCount: items.length,
          }),
        });
        return discount;
      });
    },
    async get(ctx, id) {
      requireCapability(ctx, "promotions.read");
      return load(ctx, id);
    },
    async list(ctx, page) {
      requireCapability(ctx, "promotions.read");
      return paginate(page, (query) => storage.limitedDiscounts.list(ctx.tenantId, query));
    },
    async isRunning(ctx, id) {
      requireCapability(ctx, "promotions.read");
      const discount = await load(ctx, id);
      return isRunningAt(discount, isoNow(ports.clock), await runtime.timeZoneOf(ctx.tenantId));
    },
    async end(ctx, id) {
      requireCapability(ctx, "promotions.manage");
      return storage.transaction(async (tx) => {
        const ended = await tx.limitedDiscounts.end(ctx.tenantId, id, isoNow(ports.clock));
        if (!ended) {
          const discount = await tx.limitedDiscounts.get(ctx.tenantId, id);
          if (!discount) throw notFound("limited_discount", id, "id");
          throw new OneCodeError("INVALID_STATE_TRANSITION", `discount ${id} has ended already`, {
            id,
            from: discount.state,
            to: "ended",
          });
        }
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.limited_discount.ended",
          target: { type: "limited_discount", id },
          changes: fieldChanges({ state: { before: "active", after: "ended" } }),
        });
        return ended;
      });
    },
  };
}
