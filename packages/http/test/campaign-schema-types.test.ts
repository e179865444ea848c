import type {
  ActivityBatch,
  Campaign,
  CampaignDetail,
  CampaignStatistics,
  ClaimResult,
  Draw,
  DrawResult,
  Page,
  Prize,
  PrizeSubStock,
  PrizeWithImport,
  ScanCampaignEntry,
} from "@onecode/core";
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { Immutable } from "../src/define-route.js";
import type {
  activityBatchPageSchema,
  activityBatchSchema,
} from "../src/schemas/activity-batch-schemas.js";
import type {
  campaignDetailSchema,
  campaignPageSchema,
  campaignSchema,
  campaignStatisticsSchema,
} from "../src/schemas/campaign-schemas.js";
import type {
  campaignDrawPageSchema,
  campaignDrawSchema,
  claimResultSchema,
  drawResultPageSchema,
  drawResultSchema,
  scanCampaignEntrySchema,
} from "../src/schemas/draw-schemas.js";
import type {
  prizePageSchema,
  prizeSchema,
  prizeSubStockSchema,
  prizeWithImportSchema,
} from "../src/schemas/prize-schemas.js";

type Out<S extends z.ZodType> = Immutable<z.output<S>>;

/** What operators see of a draw: never the winner's CDK key, nor the gate's receipt. */
type OperatorDraw = Omit<Draw, "cdkKey" | "receipt">;

describe("campaign schemas", () => {
  it("mirror core's records exactly", () => {
    expectTypeOf<Out<typeof prizeSchema>>().toEqualTypeOf<Immutable<Prize>>();
    expectTypeOf<Out<typeof prizePageSchema>>().toEqualTypeOf<Immutable<Page<Prize>>>();
    expectTypeOf<Out<typeof prizeWithImportSchema>>().toEqualTypeOf<Immutable<PrizeWithImport>>();
    expectTypeOf<Out<typeof prizeSubStockSchema>>().toEqualTypeOf<Immutable<PrizeSubStock>>();
    expectTypeOf<Out<typeof campaignSchema>>().toEqualTypeOf<Immutable<Campaign>>();
    expectTypeOf<Out<typeof campaignPageSchema>>().toEqualTypeOf<Immutable<Page<Campaign>>>();
    expectTypeOf<Out<typeof campaignDetailSchema>>().toEqualTypeOf<Immutable<CampaignDetail>>();
    expectTypeOf<Out<typeof campaignStatisticsSchema>>().toEqualTypeOf<
      Immutable<CampaignStatistics>
    >();
    expectTypeOf<Out<typeof activityBatchSchema>>().toEqualTypeOf<Immutable<ActivityBatch>>();
    expectTypeOf<Out<typeof activityBatchPageSchema>>().toEqualTypeOf<
      Immutable<Page<ActivityBatch>>
    >();
    expectTypeOf<Out<typeof drawResultSchema>>().toEqualTypeOf<Immutable<DrawResult>>();
    expectTypeOf<Out<typeof drawResultPageSchema>>().toEqualTypeOf<Immutable<Page<DrawResult>>>();
    expectTypeOf<Out<typeof claimResultSchema>>().toEqualTypeOf<Immutable<ClaimResult>>();
    expectTypeOf<Out<typeof scanCampaignEntrySchema>>().toEqualTypeOf<
      Immutable<ScanCampaignEntry>
    >();
    expectTypeOf<Out<typeof campaignDrawSchema>>().toEqualTypeOf<Immutable<OperatorDraw>>();
    expectTypeOf<Out<typeof campaignDrawPageSchema>>().toEqualTypeOf<
      Immutable<Page<OperatorDraw>>
    >();
  });
});
