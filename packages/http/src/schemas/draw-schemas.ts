import { SCANNED_TEXT_MAX } from "@onecode/core/input-rules";
import { z } from "zod";
import { campaignTemplateSchema } from "./campaign-schemas.js";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";
import { prizeKindSchema } from "./prize-schemas.js";

/** Where a won prize is (core's `PrizeState`). */
export const prizeStateSchema = z.enum(["won", "claimed", "expired"]).register(openApiRegistry, {
  id: "PrizeState",
  description:
    "`won`: reserved for the winner, not claimed yet; `claimed`; `expired`: a cash red packet unclaimed within 24 hours, its money back with the brand.",
});

/** Why a draw gave no prize (core's `NoPrizeReason`). */
export const noPrizeReasonSchema = z
  .enum(["no_prize", "stock_exhausted", "account_limit"])
  .register(openApiRegistry, {
    id: "NoPrizeReason",
    description:
      "`no_prize`: the draw landed outside every slot; `stock_exhausted`: the slot's allocation was used up; `account_limit`: the account reached the slot's limit.",
  });

/** How a claim's payout went (core's `PayoutStatus`). */
export const payoutStatusSchema = z
  .enum(["none", "pending", "done", "failed"])
  .register(openApiRegistry, {
    id: "PayoutStatus",
    description:
      "A claimed prize's payout (red packet, supplier settlement, points, coupon), run after the claim commits; `none` when there is nothing to pay.",
  });

/** A physical prize's shipping (core's `PrizeShipping`). */
export const prizeShippingSchema = z
  .strictObject({
    status: z.enum(["pending", "shipped"]),
    courier: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    shippedAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, {
    id: "PrizeShipping",
    description: "A physical prize's shipping, as the brand records it.",
  });

/** The recipient of a physical prize (core's `PrizeRecipient`). */
export const prizeRecipientSchema = z
  .strictObject({
    name: boundedText({ min: 1, max: 30 }),
    phone: boundedText({
      min: 1,
      max: 20,
      description: "A mainland mobile number (11 digits, starting with 1).",
    }),
    address: boundedText({ min: 5, max: 200 }),
  })
  .register(openApiRegistry, {
    id: "PrizeRecipient",
    description: "Where a physical prize goes, as the winner gives it.",
  });

/** Body of `POST /v1/my/draws` (core's `DrawInput`). */
export const drawInputSchema = z
  .strictObject({
    code: boundedText({
      min: 1,
      max: SCANNED_TEXT_MAX,
      description: "The code, a code URL or a GS1 Digital Link, as scanned.",
    }),
  })
  .register(openApiRegistry, { id: "DrawInput", description: "The code to play." });

/** What a consumer sees of a draw (core's `DrawResult`). */
export const drawResultSchema = z
  .strictObject({
    drawId: z.string(),
    campaignId: z.string(),
    won: z.boolean(),
    slot: z.int().nullable().register(openApiRegistry, {
      description: "The slot won (a wheel's sector), or `null`.",
    }),
    prize: z
      .strictObject({
        id: z.string(),
        name: z.string(),
        kind: prizeKindSchema,
        coverImage: z.string().nullable(),
      })
      .nullable(),
    noPrizeReason: noPrizeReasonSchema.nullable(),
    prizeState: prizeStateSchema.nullable(),
    claimBy: timestampSchema.nullable().register(openApiRegistry, {
      description: "A cash red packet: claim before this, or it goes back to the brand.",
    }),
    drawnAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "DrawResult", description: "A draw, as its player sees it." });

export const drawResultPageSchema = pageSchema(drawResultSchema, "DrawResultPage");
export const myDrawListQuery = z.strictObject({ ...pageQueryShape });

/** Body of `POST /v1/my/draws/{drawId}/claim` (core's `ClaimInput`). */
export const claimInputSchema = z
  .strictObject({ recipient: prizeRecipientSchema.optional() })
  .register(openApiRegistry, {
    id: "ClaimInput",
    description: "`recipient` is required for a physical prize and refused for other kinds.",
  });

/** What a claim gave (core's `ClaimResult`): the only answer carrying a CDK key. */
export const claimResultSchema = z
  .strictObject({
    drawId: z.string(),
    prizeKind: prizeKindSchema,
    prizeState: prizeStateSchema,
    claimedAt: timestampSchema,
    cdkKey: z.string().nullable().register(openApiRegistry, {
      description: "`cdk`: the key, for the winner alone.",
    }),
    recipient: prizeRecipientSchema.nullable(),
    payoutStatus: payoutStatusSchema,
    redirectUrl: z.string().nullable(),
  })
  .register(openApiRegistry, {
    id: "ClaimResult",
    description: "What the claim gave the winner; claiming again answers the same.",
  });

/**
 * A draw as operators see it: core's `Draw` without its CDK key (the
 * winner's secret) and the hot-state gate's receipt (internal).
 */
export const campaignDrawSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    campaignId: z.string(),
    activityBatchId: z.string(),
    code: z.string(),
    accountId: z.string(),
    slot: z.int().nullable(),
    prizeId: z.string().nullable(),
    prizeKind: prizeKindSchema.nullable(),
    prizeName: z.string().nullable(),
    noPrizeReason: noPrizeReasonSchema.nullable(),
    prizeState: prizeStateSchema.nullable(),
    drawnAt: timestampSchema,
    claimedAt: timestampSchema.nullable(),
    claimBy: timestampSchema.nullable(),
    recipient: prizeRecipientSchema.nullable(),
    shipping: prizeShippingSchema.nullable(),
    payoutStatus: payoutStatusSchema,
    paidAmount: z.int().register(openApiRegistry, {
      description: "Minor units paid to the winner (cash red packet), once settled.",
    }),
    returnedAmount: z.int().register(openApiRegistry, {
      description: "Minor units returned to the brand (an expired red packet).",
    }),
  })
  .register(openApiRegistry, {
    id: "CampaignDraw",
    description:
      "A draw (抽奖记录) as operators see it: who played which code and what it gave. CDK keys are never shown.",
  });

export const campaignDrawPageSchema = pageSchema(campaignDrawSchema, "CampaignDrawPage");

const id = (description: string) => boundedText({ min: 1, max: 100, description });

/** Filters of the winners list and export (core's `WinnerFilter`). */
export const winnerFilterShape = {
  campaignId: id("Only this campaign's winners.").optional(),
  prizeId: id("Only winners of this prize.").optional(),
  prizeKind: prizeKindSchema.optional(),
  prizeState: prizeStateSchema.optional(),
  accountId: id("Only this account's wins.").optional(),
  drawnFrom: timestampSchema.optional().register(openApiRegistry, {
    description: "Drawn at or after (ISO-8601).",
  }),
  drawnUntil: timestampSchema.optional().register(openApiRegistry, {
    description: "Drawn before (ISO-8601).",
  }),
};
export const winnerExportQuery = z.strictObject(winnerFilterShape);
export const winnerListQuery = z.strictObject({ ...winnerFilterShape, ...pageQueryShape });

/** Query of the to-ship list (core's `ShippingFilter`). */
export const shippingListQuery = z.strictObject({
  campaignId: id("Only this campaign's prizes.").optional(),
  status: z.enum(["pending", "shipped"]).optional(),
  ...pageQueryShape,
});

/** Body of `POST /v1/prize-shipments/{drawId}/ship`. */
export const prizeShipmentInputSchema = z
  .strictObject({
    courier: boundedText({ min: 1, max: 50 }),
    trackingNumber: boundedText({ min: 1, max: 50 }),
  })
  .register(openApiRegistry, {
    id: "PrizeShipmentInput",
    description: "How a physical prize was shipped.",
  });

export const drawIdParams = z.strictObject({ drawId: recordIdParam("The draw's id.") });

/** The campaign a scanned code leads to (core's `ScanCampaignEntry`). */
export const scanCampaignEntrySchema = z
  .strictObject({
    campaignId: z.string(),
    activityBatchId: z.string(),
    template: campaignTemplateSchema,
    title: z.string(),
    rules: z.string(),
    topImage: z.string().nullable(),
    startsAt: timestampSchema,
    endsAt: timestampSchema,
    prizes: z
      .array(
        z.strictObject({
          slot: z.int(),
          name: z.string(),
          kind: prizeKindSchema,
          coverImage: z.string().nullable(),
        }),
      )
      .register(openApiRegistry, { description: "The prizes shown, in slot order." }),
    canStillPlay: z.boolean().register(openApiRegistry, {
      description: "Whether a draw with this code would be accepted now.",
    }),
    cannotPlayReason: z
      .enum(["played", "not_started", "ended", "paused", "closed"])
      .nullable()
      .register(openApiRegistry, {
        description:
          "`played`: this code has played; `not_started`, `ended`; `paused`: the campaign or the activity batch is frozen; `closed`: offline; `null` when it can play.",
      }),
  })
  .register(openApiRegistry, {
    id: "ScanCampaignEntry",
    description:
      "The scan-to-win campaign a scanned code leads to, when its activity batch is active.",
  });
