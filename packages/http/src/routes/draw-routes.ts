import type { Draw } from "@onecode/core";
import { checkShipmentInput } from "@onecode/core/input-rules";
import { defineRoute, type Immutable, type Route } from "../define-route.js";
import { codesResponse } from "../download-response.js";
import { primedByteStream } from "../iterable-body.js";
import {
  campaignDrawPageSchema,
  campaignDrawSchema,
  drawIdParams,
  prizeShipmentInputSchema,
  shippingListQuery,
  winnerExportQuery,
  winnerListQuery,
} from "../schemas/draw-schemas.js";

const tags = ["campaigns"];

/**
 * A draw as operators may see it: the CDK key is the winner's secret, and
 * the gate receipt is internal bookkeeping, so neither leaves the server.
 */
function operatorView(draw: Immutable<Draw>) {
  const { cdkKey: _cdkKey, receipt: _receipt, ...shown } = draw;
  return shown;
}

const listCampaignWinners = defineRoute({
  method: "GET",
  path: "/v1/campaign-winners",
  operationId: "listCampaignWinners",
  summary: "Winners of the tenant's campaigns, newest first",
  description:
    "Needs `campaigns.read`. Draws that won a prize, with their claim, payout and shipping; CDK keys are never shown.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  query: winnerListQuery,
  responses: { 200: { description: "One page of winners.", schema: campaignDrawPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const page = await onecode.draws.winners(tenant, query);
    return { status: 200, body: { ...page, items: page.items.map(operatorView) } };
  },
});

const exportCampaignWinners = defineRoute({
  method: "GET",
  path: "/v1/campaign-winners/export",
  operationId: "exportCampaignWinnersCsv",
  summary: "Download the winners as CSV",
  description:
    "Needs `campaigns.read`. The winners of the list's filters as an Excel-compatible CSV (UTF-8 with BOM, CRLF), streamed; no CDK key or other secret appears in it.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  query: winnerExportQuery,
  responses: {
    200: {
      description: "The CSV file, as an attachment.",
      contentType: "text/csv",
      headers: { "Content-Disposition": '`attachment; filename="winners.csv"`' },
    },
  },
  errors: ["FORBIDDEN", "VALIDATION_FAILED"],
  async handler({ onecode, tenant, query }) {
    const csv = onecode.draws.exportWinners(tenant, query);
    return {
      response: codesResponse(await primedByteStream(csv), {
        contentType: "text/csv; charset=utf-8",
        fileName: "winners.csv",
      }),
    };
  },
});

const listPrizeShipments = defineRoute({
  method: "GET",
  path: "/v1/prize-shipments",
  operationId: "listPrizeShipments",
  summary: "Claimed physical prizes to ship, with their recipients",
  description: "Needs `campaigns.read`. `status=pending` lists those still to ship.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  query: shippingListQuery,
  responses: {
    200: { description: "One page of claimed physical prizes.", schema: campaignDrawPageSchema },
  },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const page = await onecode.draws.toShip(tenant, query);
    return { status: 200, body: { ...page, items: page.items.map(operatorView) } };
  },
});

const shipPrize = defineRoute({
  method: "POST",
  path: "/v1/prize-shipments/{drawId}/ship",
  operationId: "shipPrize",
  summary: "Record a physical prize as shipped",
  description:
    "Needs `campaigns.manage`. Only a claimed physical prize (`PRIZE_NOT_CLAIMABLE` otherwise).",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: drawIdParams,
  body: prizeShipmentInputSchema,
  coreCheck: (body: unknown) => checkShipmentInput(body),
  responses: { 200: { description: "The shipped prize's draw.", schema: campaignDrawSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "PRIZE_NOT_CLAIMABLE"],
  async handler({ onecode, tenant, params, body }) {
    const draw = await onecode.draws.markShipped(tenant, params.drawId, body);
    return { status: 200, body: operatorView(draw) };
  },
});

/** The operators' draw routes: winners, their CSV export, the to-ship list and shipping. */
export const drawRoutes: readonly Route[] = [
  listCampaignWinners,
  exportCampaignWinners,
  listPrizeShipments,
  shipPrize,
];
