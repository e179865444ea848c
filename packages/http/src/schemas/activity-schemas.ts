import { ACTIVITY_KINDS, ACTIVITY_STATES, ORDER_DELIVERY_METHODS } from "@onecode/core";
import { ACTIVITY_LIMITS as L } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

// Core checks ranges, tier order, 折 rates and cross-field rules itself, so a
// bad value fails with core's field and rule; the schemas give the shape.
const minorUnits = (description: string) =>
  z.number().int().register(openApiRegistry, { description });
const id = (description: string) => boundedText({ min: 1, max: L.idMax, description });
const zhe = z.union([z.number(), z.string().max(10)]).register(openApiRegistry, {
  description: "折 rate paid, 0.1-9.99 with at most two decimals: `8.5` pays 85%.",
});

const tierSchema = z
  .strictObject({
    threshold: minorUnits(
      "Minor units the scoped amount must reach (a number of items for `spend_discount` by `count`); ascending across tiers.",
    ),
    save: minorUnits(
      "`spend_save` tiered: minor units taken off, at most the threshold.",
    ).optional(),
    zhe: zhe.optional(),
  })
  .register(openApiRegistry, {
    id: "ActivityTier",
    description: "One tier: only the highest reached tier applies.",
  });

const termsShape = {
  kind: z.enum(ACTIVITY_KINDS).register(openApiRegistry, {
    description:
      "`spend_save` 满减, `spend_discount` 满折, `free_shipping` 满免邮, `gift_coupon` 满赠券.",
  }),
  mode: z.enum(["tiered", "every"]).optional().register(openApiRegistry, {
    description: "`spend_save`: `tiered` (阶梯满减) or `every` (每满减).",
  }),
  tiers: z
    .array(tierSchema)
    .max(L.tiersMax)
    .optional()
    .register(openApiRegistry, {
      description: `\`spend_save\` tiered and \`spend_discount\`: 1-${L.tiersMax} tiers.`,
    }),
  every: minorUnits("`spend_save` every: the step of the scoped amount.").optional(),
  save: minorUnits("`spend_save` every: minor units taken off per full step.").optional(),
  cap: minorUnits("`spend_save` every: most taken off in all; `null` or absent: no cap.")
    .nullable()
    .optional(),
  basis: z.enum(["amount", "count"]).optional().register(openApiRegistry, {
    description: "`spend_discount`: thresholds in minor units (`amount`) or items (`count`).",
  }),
  threshold: minorUnits(
    "`free_shipping` (default 0) and `gift_coupon`: minor units the scoped amount must reach.",
  ).optional(),
  excludedRegions: z
    .array(z.string().max(20))
    .max(L.regionsMax)
    .optional()
    .register(openApiRegistry, {
      description:
        "`free_shipping`: region codes left out; a code excludes every code it prefixes (`44` excludes `440300`).",
    }),
  methods: z.array(z.enum(ORDER_DELIVERY_METHODS)).max(3).optional().register(openApiRegistry, {
    description: "`free_shipping`: delivery methods it applies to; default `express`.",
  }),
  couponId: id("`gift_coupon`: the coupon given when the order completes.").optional(),
};

/** An activity's terms: the fields of its `kind` (and `mode`) only. */
export const activityTermsSchema = z.strictObject(termsShape).register(openApiRegistry, {
  id: "ActivityTerms",
  description:
    "What the activity gives, by `kind`: `spend_save` with `mode` `tiered` (`tiers` of `threshold` + `save`) or `every` (`every`, `save`, `cap`); `spend_discount` (`basis`, `tiers` of `threshold` + `zhe`); `free_shipping` (`threshold`, `excludedRegions`, `methods`); `gift_coupon` (`threshold`, `couponId`).",
});

/** Which products an activity covers. */
export const activityScopeSchema = z
  .strictObject({
    kind: z.enum(["all", "products"]),
    productIds: z.array(id("A product of the catalog.")).max(L.productsMax).optional(),
  })
  .register(openApiRegistry, {
    id: "ActivityScope",
    description: "`all` products, or the listed `products` (`productIds`, each in the catalog).",
  });

/** Who an activity is for. */
export const activityAudienceSchema = z
  .strictObject({
    kind: z.enum(["everyone", "levels", "customers", "first_order"]),
    levelIds: z.array(id("A member level.")).max(L.audienceIdsMax).optional(),
    customerIds: z.array(id("A customer.")).max(L.audienceIdsMax).optional(),
  })
  .register(openApiRegistry, {
    id: "ActivityAudience",
    description:
      "`everyone`, member `levels` (`levelIds`), listed `customers` (`customerIds`) or `first_order` customers.",
  });

const instant = (description: string) =>
  z.string().max(40).nullable().optional().register(openApiRegistry, { description });

const inputShape = {
  name: boundedText({ min: 1, max: L.nameMax, description: "Shown on receipts." }),
  terms: activityTermsSchema,
  scope: activityScopeSchema.optional(),
  audience: activityAudienceSchema.optional(),
  startsAt: instant("ISO-8601 start; absent, `null` or past: now. May be in the future."),
  endsAt: instant("ISO-8601 end (exclusive), after the start; absent or `null`: permanent."),
};

/** Body of `POST /v1/promotions/activities` (core's `ActivityInput`). */
export const activityInputSchema = z.strictObject(inputShape).register(openApiRegistry, {
  id: "ActivityInput",
  description: "A new promotion activity (营销活动).",
});

/** Body of `PATCH /v1/promotions/activities/{activityId}` (core's `ActivityPatch`). */
export const activityPatchSchema = z
  .strictObject({
    name: inputShape.name.optional(),
    terms: activityTermsSchema.optional(),
    scope: activityScopeSchema.optional(),
    audience: activityAudienceSchema.optional(),
    startsAt: inputShape.startsAt,
    endsAt: inputShape.endsAt,
  })
  .register(openApiRegistry, {
    id: "ActivityPatch",
    description:
      "The fields to change. Before the start anything; while running only `name` and `endsAt`.",
  });

/** A stored activity with its state now (core's `ActivityView`). */
export const activitySchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    name: z.string(),
    terms: activityTermsSchema,
    scope: activityScopeSchema,
    audience: activityAudienceSchema,
    startsAt: timestampSchema,
    endsAt: timestampSchema.nullable(),
    version: z.number().int(),
    state: z.enum(ACTIVITY_STATES).register(openApiRegistry, {
      description: "`scheduled` before the start, `running`, `ended` from `endsAt` on.",
    }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "Activity", description: "A promotion activity." });

/** One page of activities. */
export const activityPageSchema = pageSchema(activitySchema, "ActivityPage");

/** Query of `GET /v1/promotions/activities`. */
export const activityListQuery = z.strictObject({
  ...pageQueryShape,
  kind: z.enum(ACTIVITY_KINDS).optional(),
  state: z.enum(ACTIVITY_STATES).optional(),
});

/** Path parameters of `/v1/promotions/activities/{activityId}`. */
export const activityIdParams = z.strictObject({
  activityId: recordIdParam("Id of the activity."),
});
