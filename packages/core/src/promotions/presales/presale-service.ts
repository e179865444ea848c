import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import { type Page, type PageRequest, paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { zonedDate } from "../../kernel/zoned-time.js";
import { type TimedSaleState, timedSaleState } from "../flash-sales/flash-sale.js";
import { saleScope, soldKey } from "../flash-sales/sale-gates.js";
import { checkItemsAgainstSkus } from "../flash-sales/sale-input-check.js";
import { recordSaleCreated, recordSaleStopped } from "../flash-sales/timed-sale-records.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import type { Presale, PresaleDelivery } from "./presale.js";
import { checkNewPresale } from "./presale-input.js";

/** A presale with its state now and the units sold of each SKU. */
export interface PresaleView extends Presale {
  readonly state: TimedSaleState;
}

/** What a presale order was promised (§4.3). */
export interface PresaleDeliveryPromise {
  readonly presaleId: string;
  /** The rule as it stood when the order was placed. */
  readonly delivery: PresaleDelivery;
  /**
   * The local date (tenant time zone) from which the goods are delivered:
   * the rule's date, or the payment's date plus N days; `null` while an
   * `after_payment` order is unpaid.
   */
  readonly deliverFrom: string | null;
}

const DAY_MS = 86_400_000;

/**
 * Presales (预售, §4.3): full payment now, delivery from a date or N days
 * after payment, units sold from a virtual stock (oversell allowed up to
 * it, whatever the SKU's real stock), one presale of a tenant at a time.
 * Shipping before the promised date is allowed: the promise is the latest
 * the buyer waits for, and early goods harm nobody.
 */
export interface PresaleService {
  /**
   * Creates a presale; refused with `PRESALE_OVERLAP` naming the other when
   * a presale (not stopped) of the tenant has an overlapping window.
   *
   * @throws `VALIDATION_FAILED`, `FORBIDDEN`.
   */
  create(ctx: TenantContext, input: unknown): Promise<PresaleView>;
  /** One presale; consumers may read them too. @throws `NOT_FOUND`. */
  get(ctx: TenantContext, id: string): Promise<PresaleView>;
  list(ctx: TenantContext, page?: PageRequest): Promise<Page<PresaleView>>;
  /** Units sold of each SKU against its virtual stock. @throws `NOT_FOUND`. */
  soldUnits(
    ctx: TenantContext,
    id: string,
  ): Promise<{ readonly skuId: string; readonly virtualStock: number; readonly sold: number }[]>;
  /** Stops a presale early (idempotent). @throws `NOT_FOUND`. */
  stop(ctx: TenantContext, id: string): Promise<PresaleView>;
  /**
   * The delivery promise of an order with presale units, or `null` for an
   * order without; staff with `orders.read`, or the order's buyer.
   *
   * @throws `NOT_FOUND` (the order, or another buyer's).
   */
  deliveryOf(ctx: TenantContext, orderId: string): Promise<PresaleDeliveryPromise | null>;
}

/** Builds the {@link PresaleService}. */
export function presaleService(runtime: PromotionsRuntime): PresaleService {
  const { ports } = runtime;
  const { storage } = ports;
  const view = (presale: Presale): PresaleView => ({
    ...presale,
    state: timedSaleState(presale, ports.clock.nowMs()),
  });
  const load = async (ctx: TenantContext, id: string) => {
    const presale = await storage.presales.get(ctx.tenantId, id);
    if (!presale) throw notFound("presale", id);
    return presale;
  };

  return {
    async create(ctx, input) {
      requireCapability(ctx, "promotions.manage");
      const now = isoNow(ports.clock);
      const checked = checkNewPresale(input, now);
      await checkItemsAgainstSkus(storage, ctx.tenantId, checked.items);
      const presale: Presale = {
        tenantId: ctx.tenantId,
        id: ports.ids.newId("pre"),
        ...checked,
        stoppedAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        const inserted = await tx.presales.insert(presale);
        if (inserted.outcome === "overlap") {
          throw new OneCodeError(
            "PRESALE_OVERLAP",
            `presale ${inserted.otherId} runs in an overlapping window; one presale runs at a time`,
            { otherId: inserted.otherId },
          );
        }
        await recordSaleCreated(runtime, tx, ctx, "presale", "presaleId", presale);
      });
      return view(presale);
    },

    async get(ctx, id) {
      if (ctx.actor.kind !== "consumer") requireCapability(ctx, "promotions.read");
      return view(await load(ctx, id));
    },

    async list(ctx, page) {
      requireCapability(ctx, "promotions.read");
      return paginate(page, async (query) =>
        (await storage.presales.list(ctx.tenantId, query)).map(view),
      );
    },

    async soldUnits(ctx, id) {
      requireCapability(ctx, "promotions.read");
      const presale = await load(ctx, id);
      const scope = saleScope("presale", presale.id);
      return Promise.all(
        presale.items.map(async (item) => ({
          skuId: item.skuId,
          virtualStock: item.virtualStock,
          sold: await ports.hotState.gates.counter(ctx.tenantId, scope, soldKey(item.skuId)),
        })),
      );
    },

    async stop(ctx, id) {
      requireCapability(ctx, "promotions.manage");
      const now = isoNow(ports.clock);
      return storage.transaction(async (tx) => {
        const stopped = await tx.presales.stop(ctx.tenantId, id, now);
        if (stopped.outcome === "not_found") throw notFound("presale", id);
        if (stopped.outcome === "already_stopped") return view(stopped.sale);
        await recordSaleStopped(runtime, tx, ctx, "presale", "presaleId", id, now);
        return view(stopped.sale);
      });
    },

    async deliveryOf(ctx, orderId) {
      const order = await storage.orders.get(ctx.tenantId, orderId);
      const own = ctx.actor.kind === "consumer" ? order?.customerId === ctx.actor.id : true;
      if (ctx.actor.kind !== "consumer") requireCapability(ctx, "orders.read");
      if (!order || !own) throw notFound("order", orderId);
      const take = (await storage.saleTakes.ofOrder(ctx.tenantId, orderId)).find(
        (candidate) => candidate.kind === "presale",
      );
      if (!take) return null;
      const delivery = take.terms.delivery as PresaleDelivery;
      if (delivery.kind === "date") {
        return { presaleId: take.saleId, delivery, deliverFrom: delivery.date };
      }
      if (order.paidAt === null) return { presaleId: take.saleId, delivery, deliverFrom: null };
      const timeZone = await runtime.timeZoneOf(ctx.tenantId);
      const deliverFrom = zonedDate(Date.parse(order.paidAt) + delivery.days * DAY_MS, timeZone);
      return { presaleId: take.saleId, delivery, deliverFrom };
    },
  };
}
