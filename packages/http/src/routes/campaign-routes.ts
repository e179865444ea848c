import type { CampaignDetail, OneCode, TenantContext } from "@onecode/core";
import { checkCampaignPatch, checkNewCampaign } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  campaignDetailSchema,
  campaignIdParams,
  campaignListQuery,
  campaignPageSchema,
  campaignPatchSchema,
  campaignStatisticsSchema,
  newCampaignSchema,
} from "../schemas/campaign-schemas.js";

const tags = ["campaigns"];

const createCampaign = defineRoute({
  method: "POST",
  path: "/v1/campaigns",
  operationId: "createCampaign",
  summary: "Create a scan-to-win campaign (活动) as a draft",
  description:
    "Needs `campaigns.manage`. A wheel has exactly 6 slots; the slots' probabilities sum to at most 100 % (the rest is no prize). Each slot's allocation is taken from its prize's stock: `PRIZE_STOCK_SHORT` when the prize has less left.",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  body: newCampaignSchema,
  coreCheck: (body: unknown) => checkNewCampaign(body),
  responses: {
    201: {
      description: "The new draft campaign.",
      schema: campaignDetailSchema,
      headers: { Location: "Path of the new campaign." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "PRIZE_STOCK_SHORT"],
  async handler({ onecode, tenant, body, basePath }) {
    const campaign = await onecode.campaigns.create(tenant, body);
    const location = `${basePath}/v1/campaigns/${encodeURIComponent(campaign.id)}`;
    return { status: 201, body: campaign, headers: { location } };
  },
});

const listCampaigns = defineRoute({
  method: "GET",
  path: "/v1/campaigns",
  operationId: "listCampaigns",
  summary: "The tenant's campaigns, newest first",
  description: "Needs `campaigns.read`.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  query: campaignListQuery,
  responses: { 200: { description: "One page of campaigns.", schema: campaignPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.campaigns.list(tenant, query) };
  },
});

const getCampaign = defineRoute({
  method: "GET",
  path: "/v1/campaigns/{campaignId}",
  operationId: "getCampaign",
  summary: "Get a campaign with its wins per slot",
  description: "Needs `campaigns.read`.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  params: campaignIdParams,
  responses: { 200: { description: "The campaign.", schema: campaignDetailSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.campaigns.get(tenant, params.campaignId) };
  },
});

const updateCampaign = defineRoute({
  method: "PATCH",
  path: "/v1/campaigns/{campaignId}",
  operationId: "updateCampaign",
  summary: "Change a campaign",
  description:
    "Needs `campaigns.manage`. In any state but `offline` (`INVALID_STATE_TRANSITION`). Allocations move with their prizes' stock (`PRIZE_STOCK_SHORT`), and never drop below what was won (`CAMPAIGN_ALLOCATION_BELOW_WON`).",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: campaignIdParams,
  body: campaignPatchSchema,
  coreCheck: (body: unknown) => checkCampaignPatch(body),
  responses: { 200: { description: "The changed campaign.", schema: campaignDetailSchema } },
  errors: [
    "FORBIDDEN",
    "NOT_FOUND",
    "PRIZE_STOCK_SHORT",
    "CAMPAIGN_ALLOCATION_BELOW_WON",
    "INVALID_STATE_TRANSITION",
  ],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.campaigns.update(tenant, params.campaignId, body),
    };
  },
});

const deleteCampaign = defineRoute({
  method: "DELETE",
  path: "/v1/campaigns/{campaignId}",
  operationId: "deleteCampaign",
  summary: "Delete a draft campaign",
  description:
    "Needs `campaigns.manage`. Only a draft (`INVALID_STATE_TRANSITION`) that no activity batch names (`CAMPAIGN_IN_USE`); its allocations go back to their prizes.",
  tags,
  auth: "staff",
  capability: "campaigns.manage",
  params: campaignIdParams,
  responses: { 204: { description: "Deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "CAMPAIGN_IN_USE"],
  async handler({ onecode, tenant, params }) {
    await onecode.campaigns.delete(tenant, params.campaignId);
    return { status: 204 };
  },
});

/** A state move of a campaign: `POST /v1/campaigns/{campaignId}/<action>`, answering the campaign. */
function campaignStateRoute(
  action: string,
  operationId: string,
  summary: string,
  move: string,
  call: (onecode: OneCode, tenant: TenantContext, campaignId: string) => Promise<CampaignDetail>,
): Route {
  return defineRoute({
    method: "POST",
    path: `/v1/campaigns/{campaignId}/${action}`,
    operationId,
    summary,
    description: `Needs \`campaigns.manage\`. ${move}`,
    tags,
    auth: "staff",
    capability: "campaigns.manage",
    params: campaignIdParams,
    responses: { 200: { description: "The campaign.", schema: campaignDetailSchema } },
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
    async handler({ onecode, tenant, params }) {
      return { status: 200, body: await call(onecode, tenant, params.campaignId) };
    },
  });
}

const publishCampaign = campaignStateRoute(
  "publish",
  "publishCampaign",
  "Publish a draft campaign",
  "draft → online: codes of its active activity batches can play inside its window.",
  (onecode, tenant, id) => onecode.campaigns.publish(tenant, id),
);

const freezeCampaign = campaignStateRoute(
  "freeze",
  "freezeCampaign",
  "Freeze an online campaign",
  "online → frozen: nobody can play (`CAMPAIGN_NOT_OPEN`) until it is resumed.",
  (onecode, tenant, id) => onecode.campaigns.freeze(tenant, id),
);

const resumeCampaign = campaignStateRoute(
  "resume",
  "resumeCampaign",
  "Resume a frozen campaign",
  "frozen → online.",
  (onecode, tenant, id) => onecode.campaigns.resume(tenant, id),
);

const takeCampaignOffline = campaignStateRoute(
  "offline",
  "takeCampaignOffline",
  "Take a campaign offline, for good",
  "online or frozen → offline; unwon allocations go back to their prizes.",
  (onecode, tenant, id) => onecode.campaigns.takeOffline(tenant, id),
);

const campaignStatistics = defineRoute({
  method: "GET",
  path: "/v1/campaigns/{campaignId}/statistics",
  operationId: "getCampaignStatistics",
  summary: "A campaign's draws, wins, claims and money",
  description: "Needs `campaigns.read`. Computed by the database.",
  tags,
  auth: "staff",
  capability: "campaigns.read",
  params: campaignIdParams,
  responses: { 200: { description: "The figures.", schema: campaignStatisticsSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.campaigns.statistics(tenant, params.campaignId) };
  },
});

/** The campaign routes (活动配置), for staff. */
export const campaignRoutes: readonly Route[] = [
  createCampaign,
  listCampaigns,
  getCampaign,
  updateCampaign,
  deleteCampaign,
  publishCampaign,
  freezeCampaign,
  resumeCampaign,
  takeCampaignOffline,
  campaignStatistics,
];
