import { CAMPAIGN_TEMPLATES, MAX_CAMPAIGN_SLOTS, WHEEL_SLOTS } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { prizeKindSchema } from "./prize-schemas.js";

// Core checks windows, slot counts, probabilities and allocations itself, so
// a bad value fails with core's field and rule; the schemas give the shape.
const int = (description: string) => z.int().register(openApiRegistry, { description });

/** Campaign templates (core's `CampaignTemplate`). */
export const campaignTemplateSchema = z.enum(CAMPAIGN_TEMPLATES).register(openApiRegistry, {
  id: "CampaignTemplate",
  description: `\`wheel\` (大转盘, exactly ${WHEEL_SLOTS} slots), \`scratch\` (刮刮卡) and \`lucky_draw\` (抽签), up to ${MAX_CAMPAIGN_SLOTS} slots.`,
});

/** Campaign states (core's `CampaignStatus`). */
export const campaignStatusSchema = z
  .enum(["draft", "online", "frozen", "offline"])
  .register(openApiRegistry, {
    id: "CampaignStatus",
    description:
      "`draft → online ⇄ frozen`, and `offline` (final) from online or frozen. Only an online campaign inside its window can be played.",
  });

/** How often one account may win a slot (core's `AccountLimit`). */
export const accountLimitSchema = z
  .strictObject({
    period: z.enum(["day", "week", "month", "year"]).register(openApiRegistry, {
      description: "Counted in the tenant's calendar.",
    }),
    times: int("Wins per period, a positive integer, or -1 for no limit."),
  })
  .register(openApiRegistry, {
    id: "AccountLimit",
    description: "How often one account may win a slot.",
  });

/** A campaign's prize slot (core's `CampaignSlot`). */
export const campaignSlotSchema = z
  .strictObject({
    slot: int("0-based position, stable for the campaign's life."),
    prizeId: z.string(),
    prizeName: z.string(),
    prizeKind: prizeKindSchema,
    probabilityBp: int("Win probability in basis points (10,000 = 100 %)."),
    allocation: int("Units of the prize allocated to this slot; never below what was won."),
    accountLimit: accountLimitSchema,
  })
  .register(openApiRegistry, { id: "CampaignSlot", description: "One prize slot of a campaign." });

/** Input of one slot (core's `CampaignSlotInput`). */
export const campaignSlotInputSchema = z
  .strictObject({
    prizeId: boundedText({ min: 1, max: 100 }),
    probability: z.number().register(openApiRegistry, {
      description: "Percent of draws, 0-100 with at most two decimals; the slots sum to ≤ 100.",
    }),
    allocation: int("Units of the prize for this slot, at most what the prize has left."),
    accountLimit: accountLimitSchema,
  })
  .register(openApiRegistry, {
    id: "CampaignSlotInput",
    description: "A prize slot: its prize, win probability, allocation and per-account limit.",
  });

const slotsInput = z.array(campaignSlotInputSchema).register(openApiRegistry, {
  description: `Exactly ${WHEEL_SLOTS} for a wheel, 1-${MAX_CAMPAIGN_SLOTS} otherwise.`,
});
const instant = (description: string) => z.string().register(openApiRegistry, { description });
const topImage = boundedText({ max: 2048, description: "Landing-page top image URL." })
  .nullable()
  .optional();

/** Body of `POST /v1/campaigns` (core's `CampaignInput`). */
export const newCampaignSchema = z
  .strictObject({
    template: campaignTemplateSchema,
    title: boundedText({ min: 1, max: 60 }),
    startsAt: instant("ISO-8601 date-time; play from here (inclusive)."),
    endsAt: instant("ISO-8601 date-time after `startsAt`; play until here (exclusive)."),
    rules: boundedText({ max: 5000, description: "Rules shown to players." }).optional(),
    topImage,
    slots: slotsInput,
  })
  .register(openApiRegistry, {
    id: "NewCampaign",
    description:
      "A new scan-to-win campaign (活动), created as a draft; each slot's allocation is taken from its prize's stock.",
  });

/** Body of `PATCH /v1/campaigns/{campaignId}` (core's `CampaignPatch`). */
export const campaignPatchSchema = z
  .strictObject({
    title: boundedText({ min: 1, max: 60 }).optional(),
    startsAt: instant("ISO-8601 date-time.").optional(),
    endsAt: instant("ISO-8601 date-time.").optional(),
    rules: boundedText({ max: 5000 }).optional(),
    topImage,
    slots: slotsInput.optional(),
  })
  .register(openApiRegistry, {
    id: "CampaignPatch",
    description:
      "A change of a campaign. Slots, when given, replace the list whole and in order; after publishing the number of slots stays, a slot with wins keeps its prize, and no allocation drops below what was won.",
  });

const campaignShape = {
  tenantId: z.string(),
  id: z.string(),
  template: campaignTemplateSchema,
  title: z.string(),
  startsAt: timestampSchema,
  endsAt: timestampSchema,
  rules: z.string(),
  topImage: z.string().nullable(),
  slots: z.array(campaignSlotSchema),
  status: campaignStatusSchema,
  publishedAt: timestampSchema.nullable(),
  version: z.int(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
};

/** A campaign (core's `Campaign`). */
export const campaignSchema = z.strictObject(campaignShape).register(openApiRegistry, {
  id: "Campaign",
  description: "A scan-to-win campaign (一物一码活动).",
});

/** A campaign with its wins (core's `CampaignDetail`). */
export const campaignDetailSchema = z
  .strictObject({
    ...campaignShape,
    won: z
      .array(z.int())
      .register(openApiRegistry, { description: "Wins per slot, in slot order." }),
  })
  .register(openApiRegistry, {
    id: "CampaignDetail",
    description: "A campaign with what its slots have given out.",
  });

export const campaignPageSchema = pageSchema(campaignSchema, "CampaignPage");
export const campaignListQuery = z.strictObject({
  status: campaignStatusSchema.optional(),
  ...pageQueryShape,
});
export const campaignIdParams = z.strictObject({
  campaignId: recordIdParam("The campaign's id."),
});

/** Per-slot figures (core's `SlotStatistics`). */
export const slotStatisticsSchema = z
  .strictObject({
    slot: z.int(),
    prizeId: z.string(),
    prizeName: z.string(),
    allocation: z.int(),
    won: z.int(),
    left: int("`allocation - won`."),
    claimed: z.int(),
  })
  .register(openApiRegistry, { id: "SlotStatistics", description: "One slot's figures." });

/** A campaign's figures (core's `CampaignStatistics`). */
export const campaignStatisticsSchema = z
  .strictObject({
    campaignId: z.string(),
    draws: z.int(),
    wins: z.int(),
    slots: z.array(slotStatisticsSchema),
    claims: z.int(),
    paid: int("Minor units paid to winners (cash red packets settled)."),
    returned: int("Minor units returned to the brand (expired red packets)."),
  })
  .register(openApiRegistry, {
    id: "CampaignStatistics",
    description: "A campaign's draws, wins, claims and money, computed by the database.",
  });
