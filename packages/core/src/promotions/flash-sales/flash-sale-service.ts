import { systemContext } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import { type Page, type PageRequest, paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { notifyOnce } from "../../notifications/notification-delivery.js";
import type { NotificationsRuntime } from "../../notifications/notifications-runtime.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import { type FlashSale, type TimedSaleState, timedSaleState } from "./flash-sale.js";
import { checkNewFlashSale, checkReminderInput } from "./flash-sale-input.js";
import { saleScope, soldKey } from "./sale-gates.js";
import { checkItemsAgainstSkus } from "./sale-input-check.js";
import { recordSaleCreated, recordSaleStopped } from "./timed-sale-records.js";

/** A flash sale with its state now. */
export interface FlashSaleView extends FlashSale {
  readonly state: TimedSaleState;
}

/** Units sold of one SKU of a flash sale (orders placed and not closed unpaid). */
export interface FlashSaleSoldUnits {
  readonly skuId: string;
  readonly stock: number;
  readonly sold: number;
}

/** Timer kind that reminds a flash sale's subscribers before it starts. */
export const FLASH_SALE_REMIND_TIMER = "flash_sales.remind";
/** Template of the reminder SMS (params `name`, `startsAt`). */
export const FLASH_SALE_REMINDER_TEMPLATE = "flash_sale_reminder";
const REMINDER_PAGE = 200;
const OPEN_LIMIT = 100;

/**
 * Flash sales (秒杀, §4.3): staff create them (`promotions.manage`), read
 * them (`promotions.read`) and stop them early; consumers read them and ask
 * to be reminded before the start. Prices and units are taken by
 * `flashSalePricingSource` when an order is placed.
 */
export interface FlashSaleService {
  /**
   * Creates a flash sale. Refused with `FLASH_SALE_OVERLAP` naming the other
   * sale when a flash sale (not stopped) with an overlapping window holds one
   * of its SKUs.
   *
   * @throws `VALIDATION_FAILED` (fields, unknown SKUs, a price above the list price), `FORBIDDEN`.
   */
  create(ctx: TenantContext, input: unknown): Promise<FlashSaleView>;
  /** One flash sale; consumers may read them too. @throws `NOT_FOUND`. */
  get(ctx: TenantContext, id: string): Promise<FlashSaleView>;
  /** The tenant's flash sales, newest first. */
  list(ctx: TenantContext, page?: PageRequest): Promise<Page<FlashSaleView>>;
  /**
   * The sales running or to come (not stopped, not ended), soonest start
   * first, at most 100: what a buyer's flash-sale page shows. Consumers and
   * staff with `promotions.read`.
   */
  listOpen(ctx: TenantContext): Promise<FlashSaleView[]>;
  /** Units sold of each SKU, read from the sale's counters. @throws `NOT_FOUND`. */
  soldUnits(ctx: TenantContext, id: string): Promise<FlashSaleSoldUnits[]>;
  /** Stops a sale early (idempotent); its SKUs become free for other sales. @throws `NOT_FOUND`. */
  stop(ctx: TenantContext, id: string): Promise<FlashSaleView>;
  /**
   * The consumer asks for an SMS reminder before the start (once per
   * customer; repeating changes nothing). Needs a sale with a reminder
   * that has not started.
   *
   * @throws `VALIDATION_FAILED` (`phone`; `id` / `reminder_unavailable`), `NOT_FOUND`, `FORBIDDEN`.
   */
  subscribe(ctx: TenantContext, id: string, input: unknown): Promise<{ readonly subscribed: true }>;
}

/** Builds the {@link FlashSaleService} and registers its reminder timer. */
export function flashSaleService(
  runtime: PromotionsRuntime,
  options: { readonly notifications: NotificationsRuntime },
): FlashSaleService {
  const { ports } = runtime;
  const { storage, hotState } = ports;
  const view = (sale: FlashSale): FlashSaleView => ({
    ...sale,
    state: timedSaleState(sale, ports.clock.nowMs()),
  });
  const load = async (ctx: TenantContext, id: string): Promise<FlashSale> => {
    const sale = await storage.flashSales.get(ctx.tenantId, id);
    if (!sale) throw notFound("flash_sale", id);
    return sale;
  };
  const readable = (ctx: TenantContext) => {
    if (ctx.actor.kind !== "consumer") requireCapability(ctx, "promotions.read");
  };

  runtime.timers.register(FLASH_SALE_REMIND_TIMER, async (timer, ctx) => {
    const sale = await storage.flashSales.get(ctx.tenantId, timer.key);
    if (!sale || sale.stoppedAt !== null) return;
    let after: string | null = null;
    for (;;) {
      const page = await storage.flashSaleReminders.list(
        ctx.tenantId,
        sale.id,
        after,
        REMINDER_PAGE,
      );
      for (const reminder of page) {
        // One SMS per sale and customer however often the timer runs (the log keeps the key).
        await notifyOnce(
          options.notifications,
          {
            tenantId: sale.tenantId,
            channel: "sms",
            to: reminder.phone,
            template: FLASH_SALE_REMINDER_TEMPLATE,
            params: { name: sale.name, startsAt: sale.startsAt },
            idempotencyKey: `flash_sale_reminder:${sale.id}:${reminder.customerId}`,
          },
          { type: "flash_sale.reminder", id: sale.id },
        );
      }
      if (page.length < REMINDER_PAGE) break;
      after = page[page.length - 1]?.customerId ?? null;
    }
  });

  return {
    async create(ctx, input) {
      requireCapability(ctx, "promotions.manage");
      const now = isoNow(ports.clock);
      const checked = checkNewFlashSale(input, now);
      await checkItemsAgainstSkus(storage, ctx.tenantId, checked.items);
      const sale: FlashSale = {
        tenantId: ctx.tenantId,
        id: ports.ids.newId("fls"),
        ...checked,
        stoppedAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        const inserted = await tx.flashSales.insert(sale);
        if (inserted.outcome === "overlap") {
          throw new OneCodeError(
            "FLASH_SALE_OVERLAP",
            `flash sale ${inserted.otherId} holds SKU ${inserted.skuId} in an overlapping window`,
            { otherId: inserted.otherId, skuId: inserted.skuId },
          );
        }
        await recordSaleCreated(runtime, tx, ctx, "flash_sale", "saleId", sale);
        const startMs = Date.parse(sale.startsAt);
        if (sale.remindMinutesBefore !== null && startMs > ports.clock.nowMs()) {
          const at = Math.max(ports.clock.nowMs(), startMs - sale.remindMinutesBefore * 60_000);
          await runtime.timers.schedule(
            systemContext(ctx.tenantId),
            { kind: FLASH_SALE_REMIND_TIMER, key: sale.id, at },
            { tx },
          );
        }
      });
      return view(sale);
    },

    async get(ctx, id) {
      readable(ctx);
      return view(await load(ctx, id));
    },

    async list(ctx, page) {
      requireCapability(ctx, "promotions.read");
      return paginate(page, async (query) =>
        (await storage.flashSales.list(ctx.tenantId, query)).map(view),
      );
    },

    async listOpen(ctx) {
      readable(ctx);
      const sales = await storage.flashSales.open(ctx.tenantId, isoNow(ports.clock), OPEN_LIMIT);
      return sales.map(view);
    },

    async soldUnits(ctx, id) {
      requireCapability(ctx, "promotions.read");
      const sale = await load(ctx, id);
      const scope = saleScope("flash_sale", sale.id);
      return Promise.all(
        sale.items.map(async (item) => ({
          skuId: item.skuId,
          stock: item.stock,
          sold: await hotState.gates.counter(ctx.tenantId, scope, soldKey(item.skuId)),
        })),
      );
    },

    async stop(ctx, id) {
      requireCapability(ctx, "promotions.manage");
      const now = isoNow(ports.clock);
      return storage.transaction(async (tx) => {
        const stopped = await tx.flashSales.stop(ctx.tenantId, id, now);
        if (stopped.outcome === "not_found") throw notFound("flash_sale", id);
        if (stopped.outcome === "already_stopped") return view(stopped.sale);
        await recordSaleStopped(runtime, tx, ctx, "flash_sale", "saleId", id, now);
        await runtime.timers.cancel(systemContext(ctx.tenantId), FLASH_SALE_REMIND_TIMER, id, {
          tx,
        });
        return view(stopped.sale);
      });
    },

    async subscribe(ctx, id, input) {
      if (ctx.actor.kind !== "consumer") {
        throw new OneCodeError("FORBIDDEN", "only a consumer subscribes to reminders", {
          actor: ctx.actor.id,
          capability: "promotions.read",
        });
      }
      const phone = checkReminderInput(input);
      const sale = await load(ctx, id);
      if (
        sale.remindMinutesBefore === null ||
        timedSaleState(sale, ports.clock.nowMs()) !== "scheduled"
      ) {
        throw new OneCodeError("VALIDATION_FAILED", `flash sale ${id} takes no reminders now`, {
          issues: [
            {
              field: "id",
              rule: "reminder_unavailable",
              message: "the flash sale has no reminder, or has started, ended or stopped",
            },
          ],
        });
      }
      await storage.flashSaleReminders.subscribe({
        tenantId: ctx.tenantId,
        saleId: id,
        customerId: ctx.actor.id,
        phone,
        createdAt: isoNow(ports.clock),
      });
      return { subscribed: true };
    },
  };
}
