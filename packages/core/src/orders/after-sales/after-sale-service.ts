import { fieldChanges } from "../../kernel/audit/audit-summary.js";
import { isoNow } from "../../kernel/clock.js";
import { invalidField, notFound } from "../../kernel/errors.js";
import { type Page, type PageRequest, paginate } from "../../kernel/pagination.js";
import {
  listFilterFor,
  requireCapability,
  requireCapabilityAnywhere,
} from "../../kernel/permissions/access-check.js";
import type { Capability } from "../../kernel/permissions/capabilities.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { OrderRefund } from "../order.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import type { AfterSale } from "./after-sale.js";
import { applyForAfterSale } from "./after-sale-apply.js";
import {
  type AfterSaleChange,
  afterSaleChanger,
  afterSaleVisibleTo,
  type ChangeAfterSale,
} from "./after-sale-change.js";
import {
  type AfterSaleApplication,
  type AfterSaleApproval,
  type AfterSaleParcelInput,
  type AfterSaleRejection,
  checkAfterSaleApproval,
  checkAfterSaleParcel,
  checkAfterSaleRejection,
} from "./after-sale-input.js";
import { type AfterSaleListFilter, checkAfterSaleListFilter } from "./after-sale-list-filter.js";
import { refundDue } from "./after-sale-refund-handlers.js";
import { assertAfterSaleAllows } from "./after-sale-states.js";
import type { StoredAfterSale } from "./ports.js";

/** An after-sales request with the order refund that pays it, as `get` returns it. */
export interface AfterSaleDetails extends AfterSale {
  /**
   * The order's refund with the request's `refundId`, read from the order:
   * its `status` says whether the money went back, and a `failed` one its
   * `failureCode` (insufficient merchant balance, expired certificate, ...)
   * until staff retry it. `null` before the refund is recorded on the order.
   */
  readonly refund: OrderRefund | null;
}

/**
 * After-sales requests (售后): refund only (仅退款), return and refund
 * (退货退款) and exchange (换货), each moved along its own state machine
 * (`AFTER_SALE_ACTIONS`). Every change is audited as
 * `orders.after_sale.<verb>` and recorded as the event `after_sale.<verb>`
 * in the same transaction; a request reaching `refunding` records
 * `after_sale.refund_due`, on which an outbox handler asks the order for
 * the refund (idempotent by the request's `refundId`), and the order's
 * `order.refund_succeeded` moves the request to `refunded`.
 *
 * Illegal moves throw `INVALID_STATE_TRANSITION` and change nothing; a
 * consumer reaches only their own requests (others are `NOT_FOUND`).
 *
 * @example
 * ```ts
 * const request = await onecode.afterSales.apply(buyer, order.id, {
 *   kind: "return_and_refund",
 *   items: [{ lineId: "l1", quantity: 1 }],
 *   refundAmount: 3990,
 *   reason: "Wrong size",
 * });
 * await onecode.afterSales.approve(staff, request.id, { returnAddress });
 * await onecode.afterSales.shipBack(buyer, request.id, { courier: "SF", trackingNumber: "SF1001" });
 * await onecode.afterSales.confirmReturn(staff, request.id); // → refunding, the refund follows
 * ```
 */
export interface AfterSaleService {
  /**
   * Opens a request on an order, by its buyer (a consumer, own orders
   * only) or by staff with `orders.refund` on the order. The order must be
   * paid and not closed (`to_ship`, `shipped`, `completed`); the return
   * kinds need the goods received (`shipped` or `completed`). Each line is
   * in at most one open request at a time (open: `applied` to
   * `refunding`); quantities are at most the line's; `refundAmount` is at
   * most what the order has left to refund, counting every refund it
   * records and what other open requests ask. Audited as
   * `orders.after_sale.applied` (and `orders.order.after_sale_opened` on
   * the order).
   *
   * @throws `VALIDATION_FAILED` (every broken rule, e.g. `items.0.lineId`
   *   `open_after_sale`, `refundAmount` `over_refundable`),
   *   `INVALID_STATE_TRANSITION` (order state), `NOT_FOUND`, `FORBIDDEN`.
   */
  apply(ctx: TenantContext, orderId: string, input: AfterSaleApplication): Promise<AfterSale>;
  /**
   * Staff agree (`orders.refund`): `applied → approved`, with the return
   * address the return kinds need; refund only goes on to `refunding`.
   *
   * @throws `VALIDATION_FAILED` (`returnAddress` missing or malformed),
   *   `INVALID_STATE_TRANSITION`, `NOT_FOUND`, `FORBIDDEN`.
   */
  approve(ctx: TenantContext, id: string, input?: AfterSaleApproval): Promise<AfterSale>;
  /** Staff refuse (`orders.refund`): `applied → rejected`, with the reason shown to the buyer. */
  reject(ctx: TenantContext, id: string, input: AfterSaleRejection): Promise<AfterSale>;
  /**
   * The buyer withdraws the request (`applied` or `approved` → `withdrawn`);
   * staff may do it for them with `orders.refund`.
   */
  withdraw(ctx: TenantContext, id: string): Promise<AfterSale>;
  /**
   * The buyer enters the return parcel's courier and tracking number
   * (`approved → returning`, return kinds); staff may enter it for them
   * with `orders.refund`.
   */
  shipBack(ctx: TenantContext, id: string, input: AfterSaleParcelInput): Promise<AfterSale>;
  /**
   * Staff confirm the goods came back (`orders.refund`): `returning →
   * received`; a return and refund goes on to `refunding`.
   */
  confirmReturn(ctx: TenantContext, id: string): Promise<AfterSale>;
  /** Staff send the replacement of an exchange (`orders.ship`): `received → reshipped`. */
  reship(ctx: TenantContext, id: string, input: AfterSaleParcelInput): Promise<AfterSale>;
  /**
   * One request with its refund (see {@link AfterSaleDetails}): staff need
   * `orders.read` on the order; a consumer sees their own.
   *
   * @throws `NOT_FOUND`, `FORBIDDEN`.
   */
  get(ctx: TenantContext, id: string): Promise<AfterSaleDetails>;
  /**
   * Requests newest first: staff see those `orders.read` reaches; a
   * consumer sees their own only.
   */
  list(
    ctx: TenantContext,
    filter?: AfterSaleListFilter,
    page?: PageRequest,
  ): Promise<Page<AfterSale>>;
}

/** The request without the access fields kept for scoped grants. */
export function publicAfterSale(stored: StoredAfterSale): AfterSale {
  const { storeId: _store, ownerId: _owner, ...afterSale } = stored;
  return afterSale;
}

const accessOf = (afterSale: StoredAfterSale) => ({
  storeId: afterSale.storeId,
  ownerId: afterSale.ownerId,
});

/** Staff must hold `capability` somewhere before the request is read; consumers pass (their own only). */
function gateBuyerOrStaff(ctx: TenantContext, capability: Capability): void {
  if (ctx.actor.kind !== "consumer") requireCapabilityAnywhere(ctx, capability);
}

function requireBuyerOrStaff(
  ctx: TenantContext,
  afterSale: StoredAfterSale,
  capability: Capability,
): void {
  if (ctx.actor.kind !== "consumer") requireCapability(ctx, capability, accessOf(afterSale));
}

/**
 * The after-sales use cases over the orders runtime. The refunds of
 * requests reaching `refunding` are asked for by the outbox handlers of
 * `afterSaleOutboxHandlers`, which the host's wiring registers beside it.
 */
export function afterSaleService(runtime: OrdersRuntime): AfterSaleService {
  const change: ChangeAfterSale = afterSaleChanger(runtime);
  const { ports } = runtime;

  const move = async (
    ctx: TenantContext,
    id: string,
    mutate: (afterSale: StoredAfterSale) => AfterSaleChange,
  ) => publicAfterSale((await change(ctx, id, async (afterSale) => mutate(afterSale))).afterSale);

  /** A parcel left (the buyer's return or the merchant's re-shipment): it is recorded, the request moves. */
  const parcelSent = (
    afterSale: StoredAfterSale,
    field: "returnParcel" | "reshipment",
    input: AfterSaleParcelInput,
    state: "returning" | "reshipped",
    verb: string,
  ): AfterSaleChange => {
    const parcel = { ...input, at: isoNow(ports.clock) };
    return {
      next: { ...afterSale, state, [field]: parcel },
      verb,
      changes: fieldChanges({
        state: { before: afterSale.state, after: state },
        [field]: { after: parcel },
      }),
    };
  };

  return {
    apply: async (ctx, orderId, input) =>
      publicAfterSale(await applyForAfterSale(runtime, ctx, orderId, input)),

    async approve(ctx, id, input = {}) {
      requireCapabilityAnywhere(ctx, "orders.refund");
      const address = checkAfterSaleApproval(input);
      return move(ctx, id, (afterSale) => {
        requireCapability(ctx, "orders.refund", accessOf(afterSale));
        assertAfterSaleAllows(afterSale, "approve");
        if (afterSale.kind === "refund_only") {
          return refundDue(runtime, { ...afterSale, decidedBy: ctx.actor.id }, "approved");
        }
        if (address === null) {
          throw invalidField(
            "returnAddress",
            "required",
            `returnAddress is required to approve a ${afterSale.kind} request: the buyer sends the goods there`,
          );
        }
        const next: StoredAfterSale = {
          ...afterSale,
          state: "approved",
          returnAddress: address,
          decidedBy: ctx.actor.id,
        };
        return {
          next,
          verb: "approved",
          changes: fieldChanges({
            state: { before: afterSale.state, after: next.state },
            returnAddress: { after: address },
          }),
        };
      });
    },

    async reject(ctx, id, input) {
      requireCapabilityAnywhere(ctx, "orders.refund");
      const reason = checkAfterSaleRejection(input);
      return move(ctx, id, (afterSale) => {
        requireCapability(ctx, "orders.refund", accessOf(afterSale));
        assertAfterSaleAllows(afterSale, "reject");
        return {
          next: {
            ...afterSale,
            state: "rejected",
            rejectionReason: reason,
            decidedBy: ctx.actor.id,
          },
          verb: "rejected",
          changes: fieldChanges({
            state: { before: afterSale.state, after: "rejected" },
            rejectionReason: { after: reason },
          }),
        };
      });
    },

    async withdraw(ctx, id) {
      gateBuyerOrStaff(ctx, "orders.refund");
      return move(ctx, id, (afterSale) => {
        requireBuyerOrStaff(ctx, afterSale, "orders.refund");
        assertAfterSaleAllows(afterSale, "withdraw");
        return {
          next: { ...afterSale, state: "withdrawn" },
          verb: "withdrawn",
          changes: fieldChanges({ state: { before: afterSale.state, after: "withdrawn" } }),
        };
      });
    },

    async shipBack(ctx, id, input) {
      gateBuyerOrStaff(ctx, "orders.refund");
      const parcel = checkAfterSaleParcel(input);
      return move(ctx, id, (afterSale) => {
        requireBuyerOrStaff(ctx, afterSale, "orders.refund");
        assertAfterSaleAllows(afterSale, "ship_back");
        return parcelSent(afterSale, "returnParcel", parcel, "returning", "shipped_back");
      });
    },

    async confirmReturn(ctx, id) {
      requireCapabilityAnywhere(ctx, "orders.refund");
      return move(ctx, id, (afterSale) => {
        requireCapability(ctx, "orders.refund", accessOf(afterSale));
        assertAfterSaleAllows(afterSale, "confirm_return");
        const decided = { ...afterSale, decidedBy: ctx.actor.id };
        if (afterSale.kind === "return_and_refund") {
          return refundDue(runtime, decided, "return_confirmed");
        }
        return {
          next: { ...decided, state: "received" },
          verb: "return_confirmed",
          changes: fieldChanges({ state: { before: afterSale.state, after: "received" } }),
        };
      });
    },

    async reship(ctx, id, input) {
      requireCapabilityAnywhere(ctx, "orders.ship");
      const parcel = checkAfterSaleParcel(input);
      return move(ctx, id, (afterSale) => {
        requireCapability(ctx, "orders.ship", accessOf(afterSale));
        assertAfterSaleAllows(afterSale, "reship");
        return parcelSent(afterSale, "reshipment", parcel, "reshipped", "reshipped");
      });
    },

    async get(ctx, id) {
      gateBuyerOrStaff(ctx, "orders.read");
      const stored = await ports.storage.afterSales.get(ctx.tenantId, id);
      if (!stored || !afterSaleVisibleTo(ctx, stored)) throw notFound("after-sales request", id);
      requireBuyerOrStaff(ctx, stored, "orders.read");
      const order =
        stored.refundId === null
          ? null
          : await ports.storage.orders.get(ctx.tenantId, stored.orderId);
      const refund = order?.refunds.find((candidate) => candidate.id === stored.refundId) ?? null;
      return { ...publicAfterSale(stored), refund };
    },

    async list(ctx, filter = {}, page) {
      const checked = checkAfterSaleListFilter(filter);
      const consumer = ctx.actor.kind === "consumer";
      const access = consumer ? ({ all: true } as const) : listFilterFor(ctx, "orders.read");
      if (consumer && checked.customerId !== undefined && checked.customerId !== ctx.actor.id) {
        return { items: [], nextCursor: null };
      }
      const result = await paginate(page, (query) =>
        ports.storage.afterSales.list(
          ctx.tenantId,
          { ...checked, access, ...(consumer && { customerId: ctx.actor.id }) },
          query,
        ),
      );
      return { items: result.items.map(publicAfterSale), nextCursor: result.nextCursor };
    },
  };
}
