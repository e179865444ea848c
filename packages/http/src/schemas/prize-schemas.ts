import { PRIZE_KINDS } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

// Core checks the ranges, URLs and which fields each kind needs itself, so a
// bad value fails with core's field and rule; the schemas give the shape.
const int = (description: string) => z.int().register(openApiRegistry, { description });

/** Prize kinds (core's `PrizeKind`). */
export const prizeKindSchema = z.enum(PRIZE_KINDS).register(openApiRegistry, {
  id: "PrizeKind",
  description:
    "`cdk`: redemption keys handed out in file order, each once; `physical`: shipped to the winner's address; `cash_red_packet`: paid to the winner, back to the brand if unclaimed in 24 hours; `points`: member points; `coupon`: one coupon of a published coupon batch.",
});

/** A purchased prize's cost (core's `PrizePurchase`). */
export const prizePurchaseSchema = z
  .strictObject({
    unitCost: int("Minor units per unit, positive."),
    supplier: boundedText({
      min: 1,
      max: 100,
      description: "The supplier's account at the payment provider, paid at each claim.",
    }),
  })
  .register(openApiRegistry, {
    id: "PrizePurchase",
    description: "A purchased prize (采购奖品): what one unit costs and whom it is paid to.",
  });

/** Funds frozen for a prize (core's `PrizeFunds`). */
export const prizeFundsSchema = z
  .strictObject({
    holdId: z.string().nullable(),
    status: z.enum(["frozen", "pending", "failed"]),
    frozen: z.int(),
    settled: z.int(),
    released: z.int(),
  })
  .register(openApiRegistry, {
    id: "PrizeFunds",
    description:
      "Funds held through the payment port for a cash red packet or a purchased prize, in minor units: frozen at creation, settled as prizes are claimed, released when unclaimed.",
  });

/** A prize stock (core's `Prize`); never carries CDK keys. */
export const prizeSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    name: z.string(),
    description: z.string(),
    coverImage: z.string().nullable(),
    detailImage: z.string().nullable(),
    kind: prizeKindSchema,
    totalStock: int("Units in all; for `cdk` the keys imported."),
    allocated: int("Units allocated to campaign slots."),
    redirectUrl: z.string().nullable(),
    cashAmount: z.int().nullable(),
    points: z.int().nullable(),
    couponId: z.string().nullable(),
    purchase: prizePurchaseSchema.nullable(),
    funds: prizeFundsSchema.nullable(),
    cdkHandedOut: int("`cdk`: keys handed out so far."),
    version: z.int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "Prize",
    description: "A prize stock (奖品库存); parts of it are allocated to campaign slots.",
  });

/** What a CDK import did (core's `CdkImportReport`). */
export const cdkImportReportSchema = z
  .strictObject({
    imported: int("Keys added, in file order."),
    blankLines: z.array(z.int()).register(openApiRegistry, {
      description: "1-based numbers of the blank lines, left out.",
    }),
    duplicateLines: z
      .array(
        z.strictObject({
          line: z.int(),
          firstLine: z.int().nullable().register(openApiRegistry, {
            description: "Where the key first appeared in the file; `null`: imported earlier.",
          }),
        }),
      )
      .register(openApiRegistry, { description: "Lines repeating a key, left out." }),
  })
  .register(openApiRegistry, {
    id: "CdkImportReport",
    description: "What importing CDK text did: keys added, and the lines left out.",
  });

/** A prize with its CDK import report (core's `PrizeWithImport`). */
export const prizeWithImportSchema = z
  .strictObject({ prize: prizeSchema, cdkImport: cdkImportReportSchema.nullable() })
  .register(openApiRegistry, {
    id: "PrizeWithImport",
    description: "The prize, and for `cdk` prizes the report of the keys just imported.",
  });

const url = (description: string) => boundedText({ max: 2048, description }).nullable().optional();

/** Body of `POST /v1/prizes` (core's `PrizeInput`). */
export const newPrizeSchema = z
  .strictObject({
    name: boundedText({ min: 1, max: 60 }),
    description: boundedText({ max: 2000, description: "How to redeem or claim it." }).optional(),
    coverImage: url("Image URL."),
    detailImage: url("Image URL."),
    kind: prizeKindSchema,
    totalStock: int("Units; required for every kind but `cdk`.").optional(),
    redirectUrl: url("Where the winner goes after claiming; an absolute http(s) URL."),
    cashAmount: int("`cash_red_packet`: minor units per packet.").optional(),
    points: int("`points`: points per win.").optional(),
    couponId: boundedText({
      min: 1,
      max: 100,
      description: "`coupon`: a published coupon.",
    }).optional(),
    purchase: prizePurchaseSchema.nullable().optional(),
    cdkText: z.string().optional().register(openApiRegistry, {
      description:
        "`cdk`: the key file's text, one key per line; blank and repeated lines are reported, not imported.",
    }),
  })
  .register(openApiRegistry, {
    id: "NewPrize",
    description:
      "A new prize stock. A cash red packet or a purchased prize freezes stock × unit amount through the payment port first.",
  });

/** Body of `PATCH /v1/prizes/{prizeId}` (core's `PrizePatch`). */
export const prizePatchSchema = z
  .strictObject({
    name: boundedText({ min: 1, max: 60 }).optional(),
    description: boundedText({ max: 2000 }).optional(),
    coverImage: url("Image URL."),
    detailImage: url("Image URL."),
    redirectUrl: url("An absolute http(s) URL."),
  })
  .register(openApiRegistry, {
    id: "PrizePatch",
    description: "Presentation fields of a prize; absent fields stay.",
  });

/** Body of `POST /v1/prizes/{prizeId}/cdk-keys`. */
export const cdkKeysInputSchema = z
  .strictObject({
    text: z.string().register(openApiRegistry, {
      description: "More keys, one per line, appended after the last imported.",
    }),
  })
  .register(openApiRegistry, { id: "CdkKeysInput", description: "CDK keys to import." });

/** Body of `POST /v1/prizes/{prizeId}/stock`. */
export const prizeStockInputSchema = z
  .strictObject({ units: int("Units to add, 1 or more.") })
  .register(openApiRegistry, { id: "PrizeStockInput", description: "Stock to add." });

/** A sub-stock (core's `PrizeSubStock`). */
export const prizeSubStockSchema = z
  .strictObject({
    campaignId: z.string(),
    campaignTitle: z.string(),
    slot: z.int(),
    allocated: z.int(),
    won: z.int(),
  })
  .register(openApiRegistry, {
    id: "PrizeSubStock",
    description: "The part of a prize allocated to one campaign slot, and how much of it was won.",
  });

export const prizeSubStockListSchema = z
  .strictObject({ items: z.array(prizeSubStockSchema) })
  .register(openApiRegistry, { id: "PrizeSubStockList", description: "A prize's sub-stocks." });

export const prizePageSchema = pageSchema(prizeSchema, "PrizePage");
export const prizeListQuery = z.strictObject({
  kind: prizeKindSchema.optional(),
  ...pageQueryShape,
});
export const prizeIdParams = z.strictObject({ prizeId: recordIdParam("The prize's id.") });
