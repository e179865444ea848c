import { POINTS_ENTRY_KINDS } from "@onecode/core";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

// Core checks decimals, ranges and the merge with stored settings; the
// schemas give the shape so a bad value fails with core's field and rule.
const count = (description: string) => z.int().register(openApiRegistry, { description });
const decimal = (description: string) => z.string().register(openApiRegistry, { description });

/** Path parameter `customerId`. */
export const customerIdParams = z.strictObject({
  customerId: recordIdParam("The customer's (consumer account's) id."),
});
/** Path parameter `levelId`. */
export const levelIdParams = z.strictObject({ levelId: recordIdParam("A member level's id.") });
/** Path parameter `tagId`. */
export const tagIdParams = z.strictObject({ tagId: recordIdParam("A customer tag's id.") });
/** Path parameters `tagId` and `customerId`. */
export const tagCustomerParams = z.strictObject({
  tagId: recordIdParam("A customer tag's id."),
  customerId: recordIdParam("The customer's id."),
});

const levelRef = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    discount: z.string().nullable(),
    icon: z.string().nullable(),
  })
  .nullable();

/** A customer with statistics and level (core's `CustomerView`). */
export const customerSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    referrerId: z.string().nullable(),
    registeredAt: timestampSchema,
    lastSeenAt: timestampSchema,
    blacklisted: z.boolean(),
    blacklistReason: z.string().nullable(),
    experience: z.int(),
    pointsBalance: z.int(),
    pointsEarned: z.int(),
    ordersCount: z.int(),
    totalSpent: count("Σ paid order totals, minor units."),
    lastOrderAt: timestampSchema.nullable(),
    tagIds: z.array(z.string()),
    lastCheckInOn: z.string().nullable(),
    checkInStreak: z.int(),
    version: z.int(),
    updatedAt: timestampSchema,
    level: levelRef,
  })
  .register(openApiRegistry, {
    id: "Customer",
    description: "A customer (顾客) with statistics, points balance, tags and member level.",
  });

/** Page of customers. */
export const customerPageSchema = pageSchema(customerSchema, "CustomerPage");

/** Query of `GET /v1/customers`. */
export const customerListQuery = z.strictObject({
  blacklisted: z.enum(["true", "false"]).optional(),
  tagId: boundedText({ min: 1, max: 64 }).optional(),
  levelId: boundedText({ min: 1, max: 64 }).optional(),
  ...pageQueryShape,
});

/** Body of `POST /v1/customers`. */
export const customerRegistrationSchema = z
  .strictObject({
    customerId: boundedText({ min: 1, max: 100 }),
    referrerId: boundedText({ min: 1, max: 100 }).nullable().optional(),
  })
  .register(openApiRegistry, { id: "CustomerRegistration", description: "A new customer." });

/** Body of `POST /v1/customers/{customerId}/blacklist`. */
export const blacklistSchema = z
  .strictObject({ reason: boundedText({ max: 200 }).nullable().optional() })
  .register(openApiRegistry, { id: "BlacklistInput", description: "Why, optionally." });

/** A member level (core's `MemberLevel`). */
export const memberLevelSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    name: z.string(),
    threshold: z.int(),
    discount: z.string().nullable(),
    icon: z.string().nullable(),
    isDefault: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "MemberLevel",
    description:
      "A member level (会员等级); `discount` is what is paid (`0.8`: 20% off). The default level has threshold 0.",
  });

/** The levels. */
export const memberLevelListSchema = z
  .strictObject({ items: z.array(memberLevelSchema) })
  .register(openApiRegistry, { id: "MemberLevelList", description: "Levels by threshold." });

const levelFields = {
  name: boundedText({ min: 1, max: 30 }),
  threshold: count("Experience (or points earned) needed, ≥ 1 (the default level keeps 0)."),
  discount: z.string().nullable().optional().register(openApiRegistry, {
    description: "Decimal factor above 0 and at most 1, or null for none.",
  }),
  icon: z.string().nullable().optional(),
};

/** Body of `POST /v1/member-levels`. */
export const memberLevelInputSchema = z
  .strictObject(levelFields)
  .register(openApiRegistry, { id: "MemberLevelInput", description: "A new member level." });

/** Body of `PATCH /v1/member-levels/{levelId}`. */
export const memberLevelPatchSchema = z
  .strictObject({
    name: levelFields.name.optional(),
    threshold: levelFields.threshold.optional(),
    discount: levelFields.discount,
    icon: levelFields.icon,
  })
  .register(openApiRegistry, { id: "MemberLevelPatch", description: "Fields to change." });

/** A customer tag. */
export const memberTagSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    name: z.string(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "MemberTag", description: "A customer tag (会员标签)." });

/** The tags. */
export const memberTagListSchema = z
  .strictObject({ items: z.array(memberTagSchema) })
  .register(openApiRegistry, { id: "MemberTagList", description: "Tags, oldest first." });

/** Body of tag create and rename. */
export const memberTagInputSchema = z
  .strictObject({ name: boundedText({ min: 1, max: 30 }) })
  .register(openApiRegistry, { id: "MemberTagInput", description: "The tag's name." });

/** How many customers lost a deleted tag. */
export const tagRemovalSchema = z
  .strictObject({ unassigned: z.int() })
  .register(openApiRegistry, { id: "MemberTagRemoval", description: "Customers untagged." });

/** One ledger entry (core's `PointsEntry`). */
export const pointsEntrySchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    customerId: z.string(),
    kind: z.enum(POINTS_ENTRY_KINDS),
    delta: z.int(),
    balanceAfter: z.int(),
    key: z.string(),
    orderId: z.string().nullable(),
    year: z.int(),
    note: z.string().nullable(),
    actor: z.strictObject({ kind: z.string(), id: z.string() }),
    createdAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "PointsEntry", description: "One change of a points balance." });

/** Page of ledger entries. */
export const pointsEntryPageSchema = pageSchema(pointsEntrySchema, "PointsEntryPage");

/** Query of ledger pages. */
export const pointsLedgerQuery = z.strictObject({ ...pageQueryShape });

/** A balance. */
export const pointsAccountSchema = z
  .strictObject({ customerId: z.string(), balance: z.int(), earned: z.int() })
  .register(openApiRegistry, { id: "PointsAccount", description: "Points held and earned." });

/** Body of `POST /v1/customers/{customerId}/points-adjustments`. */
export const pointsAdjustmentSchema = z
  .strictObject({
    delta: count("Signed whole points, not zero, at most 100000000 either way."),
    note: boundedText({ min: 1, max: 200 }),
  })
  .register(openApiRegistry, { id: "PointsAdjustment", description: "A staff adjustment." });

/** What a check-in answers. */
export const checkInResultSchema = z
  .strictObject({ date: z.string(), streak: z.int(), points: z.int(), balance: z.int() })
  .register(openApiRegistry, { id: "CheckInResult", description: "Today's check-in (签到)." });

const settingsFields = {
  levelBasis: z.enum(["experience", "points"]),
  experiencePerYuan: decimal("Experience per 1.00 paid, a decimal."),
  pointsEnabled: z.boolean(),
  earnCoefficient: decimal("Points per 1.00 of list price, a decimal."),
  skuCoefficients: z.record(z.string(), z.string()).register(openApiRegistry, {
    description: "SKU id → decimal coefficient replacing `earnCoefficient`.",
  }),
  redeem: z.strictObject({ points: z.int(), amount: z.int() }).nullable(),
  redeemCapPercent: count("0-100."),
  checkInDaily: count("Points per check-in."),
  checkInBonuses: z.strictObject({ day7: z.int(), day15: z.int(), day30: z.int() }),
  referralReward: count("Points to the referrer."),
  expiryEnabled: z.boolean(),
};

/** The settings (core's `MemberSettings`). */
export const memberSettingsSchema = z
  .strictObject({
    tenantId: z.string(),
    ...settingsFields,
    updatedAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, {
    id: "MemberSettings",
    description:
      "Member levels' basis, experience, points earning, redemption, check-in and referral settings.",
  });

/** Body of `PATCH /v1/member-settings`. */
export const memberSettingsPatchSchema = z
  .strictObject(
    Object.fromEntries(
      Object.entries(settingsFields).map(([name, schema]) => [name, schema.optional()]),
    ) as { [K in keyof typeof settingsFields]: z.ZodOptional<(typeof settingsFields)[K]> },
  )
  .register(openApiRegistry, { id: "MemberSettingsPatch", description: "Settings to change." });
