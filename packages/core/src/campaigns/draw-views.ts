import { fieldChanges } from "../kernel/audit/audit-summary.js";
import { isoNow } from "../kernel/clock.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import { InputCheck } from "../kernel/input-check.js";
import { paginate } from "../kernel/pagination.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import { rawInput } from "../promotions/flash-sales/sale-input-check.js";
import type { DrawService } from "./campaign-services.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import type { Draw, PrizeShipping, PrizeState, ShippingFilter, WinnerFilter } from "./draw.js";
import { PRIZE_KINDS } from "./prize.js";
import { WINNERS_CSV_HEADER, winnerCsvLine } from "./winners-csv.js";

/** The operators' views of draws: winners, their CSV export, the to-ship list and shipping. */
export type DrawViews = Pick<DrawService, "winners" | "exportWinners" | "toShip" | "markShipped">;

/** Winners read per page of an export. */
export const WINNERS_EXPORT_PAGE = 500;
const PRIZE_STATES: readonly PrizeState[] = ["won", "claimed", "expired"];
const SHIPPING_STATUSES: readonly PrizeShipping["status"][] = ["pending", "shipped"];
const ID_RULE = { max: 100 } as const;

function instant(check: InputCheck, field: string, value: unknown): string {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
    check.fail(field, "date_time", `${field} must be an ISO-8601 date-time`);
    return "";
  }
  return new Date(value).toISOString();
}

/**
 * Checks a winners filter (ids, kinds and states from their lists, ISO
 * date-times), keeping only the fields given.
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkWinnerFilter(filter: unknown): WinnerFilter {
  const check = new InputCheck();
  const raw = rawInput(filter);
  const out: { -readonly [K in keyof WinnerFilter]: WinnerFilter[K] } = {};
  for (const field of ["campaignId", "prizeId", "accountId"] as const) {
    if (raw[field] !== undefined) out[field] = check.text(field, raw[field], ID_RULE);
  }
  if (raw.prizeKind !== undefined)
    out.prizeKind = check.oneOf("prizeKind", raw.prizeKind, PRIZE_KINDS);
  if (raw.prizeState !== undefined) {
    out.prizeState = check.oneOf("prizeState", raw.prizeState, PRIZE_STATES);
  }
  if (raw.drawnFrom !== undefined) out.drawnFrom = instant(check, "drawnFrom", raw.drawnFrom);
  if (raw.drawnUntil !== undefined) out.drawnUntil = instant(check, "drawnUntil", raw.drawnUntil);
  check.done();
  return out;
}

/** Checks a to-ship filter. @throws `VALIDATION_FAILED`. */
export function checkShippingFilter(filter: unknown): ShippingFilter {
  const check = new InputCheck();
  const raw = rawInput(filter);
  const out: { -readonly [K in keyof ShippingFilter]: ShippingFilter[K] } = {};
  if (raw.campaignId !== undefined)
    out.campaignId = check.text("campaignId", raw.campaignId, ID_RULE);
  if (raw.status !== undefined) out.status = check.oneOf("status", raw.status, SHIPPING_STATUSES);
  check.done();
  return out;
}

/** Checks a shipment: courier and tracking number, 1-50 characters each. @throws `VALIDATION_FAILED`. */
function checkShipment(input: unknown): { courier: string; trackingNumber: string } {
  const check = new InputCheck();
  const raw = rawInput(input);
  const shipment = {
    courier: check.text("courier", raw.courier, { max: 50 }),
    trackingNumber: check.text("trackingNumber", raw.trackingNumber, { max: 50 }),
  };
  check.done();
  return shipment;
}

/** Builds the {@link DrawViews} the draw service exposes to operators. */
export function drawViews(runtime: CampaignsRuntime): DrawViews {
  const { ports } = runtime;
  const { storage } = ports;

  return {
    async winners(ctx, filter = {}) {
      requireCapability(ctx, "campaigns.read");
      const checked = checkWinnerFilter(filter);
      return paginate(filter, (query) => storage.draws.winners(ctx.tenantId, checked, query));
    },

    exportWinners(ctx, filter = {}) {
      // Checked before the first chunk is asked for, so a refusal is not a half-written file.
      requireCapability(ctx, "campaigns.read");
      const checked = checkWinnerFilter(filter);
      return (async function* () {
        yield WINNERS_CSV_HEADER;
        let beforeId: string | null = null;
        for (;;) {
          const page = await storage.draws.winners(ctx.tenantId, checked, {
            limit: WINNERS_EXPORT_PAGE,
            beforeId,
          });
          if (page.length > 0) yield page.map(winnerCsvLine).join("");
          if (page.length < WINNERS_EXPORT_PAGE) return;
          beforeId = page[page.length - 1]?.id ?? null;
        }
      })();
    },

    async toShip(ctx, filter = {}) {
      requireCapability(ctx, "campaigns.read");
      const checked = checkShippingFilter(filter);
      return paginate(filter, (query) => storage.draws.toShip(ctx.tenantId, checked, query));
    },

    async markShipped(ctx, drawId, input) {
      requireCapability(ctx, "campaigns.manage");
      const shipment = checkShipment(input);
      return storage.transaction(async (tx) => {
        const draw = await tx.draws.get(ctx.tenantId, drawId);
        if (!draw) throw notFound("draw", drawId);
        if (draw.prizeKind !== "physical" || draw.prizeState !== "claimed") {
          throw new OneCodeError(
            "PRIZE_NOT_CLAIMABLE",
            `draw ${drawId} is not a claimed physical prize, so it cannot be shipped`,
            { drawId, prizeState: draw.prizeState },
          );
        }
        const shipping: PrizeShipping = {
          status: "shipped",
          courier: shipment.courier,
          trackingNumber: shipment.trackingNumber,
          shippedAt: isoNow(ports.clock),
        };
        const shipped = (await tx.draws.setShipping(ctx.tenantId, drawId, shipping)) as Draw;
        await runtime.recordAudit(tx, ctx, {
          action: "campaigns.prize.shipped",
          target: { type: "draw", id: drawId },
          changes: fieldChanges({
            shipping: { before: draw.shipping, after: shipping },
          }),
        });
        return { ...shipped, shipping };
      });
    },
  };
}
