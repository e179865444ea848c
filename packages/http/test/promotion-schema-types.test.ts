import type {
  Commission,
  Distributor,
  DistributorSettings,
  DistributorStatistics,
  LimitedDiscount,
  Page,
  Withdrawal,
} from "@onecode/core";
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { Immutable } from "../src/define-route.js";
import type {
  commissionSchema,
  distributorPageSchema,
  distributorSchema,
  distributorSettingsSchema,
  distributorStatisticsSchema,
  withdrawalSchema,
} from "../src/schemas/distributor-schemas.js";
import type {
  limitedDiscountPageSchema,
  limitedDiscountSchema,
} from "../src/schemas/limited-discount-schemas.js";

type Out<S extends z.ZodType> = Immutable<z.output<S>>;

describe("time-limited discount and distributor schemas", () => {
  it("mirror core's records exactly", () => {
    expectTypeOf<Out<typeof limitedDiscountSchema>>().toEqualTypeOf<Immutable<LimitedDiscount>>();
    expectTypeOf<Out<typeof limitedDiscountPageSchema>>().toEqualTypeOf<
      Immutable<Page<LimitedDiscount>>
    >();
    expectTypeOf<Out<typeof distributorSchema>>().toEqualTypeOf<Immutable<Distributor>>();
    expectTypeOf<Out<typeof distributorPageSchema>>().toEqualTypeOf<Immutable<Page<Distributor>>>();
    expectTypeOf<Out<typeof distributorSettingsSchema>>().toEqualTypeOf<
      Immutable<DistributorSettings>
    >();
    expectTypeOf<Out<typeof distributorStatisticsSchema>>().toEqualTypeOf<
      Immutable<DistributorStatistics>
    >();
    expectTypeOf<Out<typeof commissionSchema>>().toEqualTypeOf<Immutable<Commission>>();
    expectTypeOf<Out<typeof withdrawalSchema>>().toEqualTypeOf<Immutable<Withdrawal>>();
  });
});
