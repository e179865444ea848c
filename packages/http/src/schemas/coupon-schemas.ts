import { COUPON_LIMITS as L } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

// Core checks ranges, the window and code rules itself, so a bad value fails
// with core's field and rule; the schemas give the shape.
const int = (description: string) => z.int().register(openApiRegistry, { description });

/** Path of one coupon. */
export const couponIdParams = z.strictObject({ couponId: recordIdParam("Coupon id (`cpn_…`).") });

const valueSchema = z
  .strictObject({
    kind: z.enum(["fixed", "percent"]),
    amount: int("`fixed`: minor units taken off.").optional(),
    percentOff: int("`percent`: whole percent taken off, 1-99.").optional(),
    cap: z.int().nullable().optional().register(openApiRegistry, {
      description: "`percent`: at most this many minor units off; `null` or absent: no cap.",
    }),
  })
  .register(openApiRegistry, {
    id: "CouponValue",
    description: "A fixed amount off, or a percentage off with an optional cap.",
  });

const scopeSchema = z
  .strictObject({
    kind: z.enum(["all", "products"]),
    productIds: z.array(z.string()).optional(),
  })
  .register(openApiRegistry, {
    id: "CouponScope",
    description: "All products, or the listed products (`productIds`).",
  });

const termsShape = {
  name: boundedText({ min: 1, max: L.nameMax, description: "Shown to buyers." }),
  value: valueSchema,
  threshold: int("Minor units the scoped amount must reach; 0: no threshold.").optional(),
  validFrom: z.string().register(openApiRegistry, { description: "ISO-8601 instant, inclusive." }),
  validUntil: z.string().register(openApiRegistry, { description: "ISO-8601 instant, exclusive." }),
  scope: scopeSchema.optional(),
  perCustomerLimit: int(
    "Codes one customer may claim (normal) or uses per customer (reusable); default 1.",
  ).optional(),
  useLimit: int("Reusable: uses in all.").optional(),
};

/** Body of `POST /v1/promotions/coupons` (core's `CouponInput`). */
export const couponInputSchema = z
  .strictObject({
    kind: z.enum(["normal", "reusable"]),
    ...termsShape,
    codePrefix: boundedText({
      max: L.prefixMax,
      description: "Normal: the merchant prefix.",
    }).optional(),
    quantity: int(`Normal: codes to generate, 1-${L.codesMax}.`).optional(),
    codes: z
      .array(z.string())
      .optional()
      .register(openApiRegistry, { description: "Normal: codes to import instead of `quantity`." }),
    code: boundedText({ max: L.codeMax, description: "Reusable: the one custom code." }).optional(),
  })
  .register(openApiRegistry, { id: "CouponInput", description: "A new coupon (draft)." });

/** Body of `PATCH /v1/promotions/coupons/{couponId}`: a draft's terms, only those present change. */
export const couponPatchSchema = z
  .strictObject({
    name: termsShape.name.optional(),
    value: valueSchema.optional(),
    threshold: termsShape.threshold,
    validFrom: termsShape.validFrom.optional(),
    validUntil: termsShape.validUntil.optional(),
    scope: termsShape.scope,
    perCustomerLimit: termsShape.perCustomerLimit,
    useLimit: termsShape.useLimit,
  })
  .register(openApiRegistry, { id: "CouponPatch", description: "Changes to a draft's terms." });

/** A coupon (core's `Coupon`). */
export const couponSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    kind: z.enum(["normal", "reusable"]),
    name: z.string(),
    status: z.enum(["draft", "published", "abandoned"]),
    value: valueSchema,
    threshold: z.int(),
    validFrom: timestampSchema,
    validUntil: timestampSchema,
    scope: scopeSchema,
    perCustomerLimit: z.int(),
    codePrefix: z.string().nullable(),
    code: z.string().nullable(),
    useLimit: z.int().nullable(),
    useCount: z.int(),
    claimToken: z.string().nullable().register(openApiRegistry, {
      description: "Normal: the claim link's unguessable token.",
    }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    publishedAt: timestampSchema.nullable(),
    abandonedAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, { id: "Coupon", description: "A coupon (优惠券)." });

/** Counts of a coupon. */
export const couponStatisticsSchema = z
  .strictObject({
    total: z.int(),
    available: z.int(),
    issued: z.int(),
    claimed: z.int(),
    used: z.int(),
  })
  .register(openApiRegistry, {
    id: "CouponStatistics",
    description:
      "Normal: codes in all, unassigned, handed out by staff or the system, claimed, used. Reusable: the use count, uses left, and uses.",
  });

/** A coupon with its statistics and claim link (core's `CouponDetail`). */
export const couponDetailSchema = couponSchema
  .extend({
    statistics: couponStatisticsSchema,
    claimUrl: z.string().nullable(),
  })
  .register(openApiRegistry, { id: "CouponDetail", description: "A coupon with its counts." });

export const couponPageSchema = pageSchema(couponSchema, "CouponPage");

/** Query of `GET /v1/promotions/coupons`. */
export const couponListQuery = z.strictObject({
  ...pageQueryShape,
  status: z.enum(["draft", "published", "abandoned"]).optional(),
  kind: z.enum(["normal", "reusable"]).optional(),
});

/** A code of a normal coupon (core's `CouponCode`). */
export const couponCodeSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    couponId: z.string(),
    code: z.string(),
    state: z.enum(["unassigned", "held", "used"]),
    holderId: z.string().nullable(),
    via: z.enum(["distributed", "claimed", "signup", "gift", "push"]).nullable(),
    grantKey: z.string().nullable(),
    heldAt: timestampSchema.nullable(),
    orderId: z.string().nullable(),
    usedAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, { id: "CouponCode", description: "One code of a normal coupon." });

export const couponCodeListSchema = z
  .strictObject({ items: z.array(couponCodeSchema) })
  .register(openApiRegistry, { id: "CouponCodeList", description: "Codes, ascending by id." });

/** Query of `GET /v1/promotions/coupons/{couponId}/codes`. */
export const couponCodesQuery = z.strictObject({
  afterId: z.string().max(64).optional(),
  limit: z.coerce.number<string>().int().min(1).max(1_000).optional(),
});

/** Body of `POST /v1/promotions/coupons/{couponId}/distributions`. */
export const couponDistributionSchema = z
  .strictObject({
    grants: z.array(
      z.strictObject({
        customerId: boundedText({ min: 1, max: 64 }),
        quantity: int("Codes for this customer, 1-1,000."),
      }),
    ),
  })
  .register(openApiRegistry, {
    id: "CouponDistribution",
    description: "Customers and how many codes each gets; all or none.",
  });

/** A claim link. */
export const couponClaimLinkSchema = z
  .strictObject({ token: z.string(), url: z.string() })
  .register(openApiRegistry, {
    id: "CouponClaimLink",
    description: "The claim link (its QR encodes `url`) and its token.",
  });

/** A customer segment (core's `CustomerSegment`). */
export const customerSegmentSchema = z
  .strictObject({
    tagIds: z.array(z.string()).optional(),
    levelIds: z.array(z.string()).optional(),
    minOrders: z.int().optional(),
    maxOrders: z.int().optional(),
    minSpent: z.int().optional(),
    orderedSince: z.string().optional(),
    notOrderedSince: z.string().optional(),
    activeSince: z.string().optional(),
  })
  .register(openApiRegistry, {
    id: "CustomerSegment",
    description: "Customers matching every field given; `{}` is every customer.",
  });

/** Body of the push routes. */
export const couponPushSchema = z
  .strictObject({
    segment: customerSegmentSchema,
    notify: z.boolean().optional().register(openApiRegistry, {
      description: "Record a `promotions.coupon_pushed` event per page for notifications.",
    }),
  })
  .register(openApiRegistry, { id: "CouponPush", description: "Whom to push to." });

export const couponPushPreviewSchema = z
  .strictObject({ customers: z.int(), available: z.int() })
  .register(openApiRegistry, {
    id: "CouponPushPreview",
    description: "The segment's size and the codes left.",
  });

export const couponPushResultSchema = z
  .strictObject({ pushId: z.string(), customers: z.int(), issued: z.int() })
  .register(openApiRegistry, { id: "CouponPushResult", description: "What a push issued." });

/** The sign-up gift setting. */
export const couponSignupGiftSchema = z
  .strictObject({ couponId: z.string().max(64).nullable() })
  .register(openApiRegistry, {
    id: "CouponSignupGift",
    description: "The coupon every new account gets one code of (注册送券); `null` for none.",
  });

/** A code of the buyer's wallet (core's `WalletCoupon`). */
export const walletCouponSchema = z
  .strictObject({
    id: z.string(),
    code: z.string(),
    couponId: z.string(),
    name: z.string(),
    value: valueSchema,
    threshold: z.int(),
    scope: scopeSchema,
    validFrom: timestampSchema,
    validUntil: timestampSchema,
    state: z.enum(["usable", "used", "not_started", "expired"]),
    heldAt: timestampSchema.nullable(),
    usedAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, { id: "WalletCoupon", description: "A code the buyer holds." });

export const walletCouponPageSchema = pageSchema(walletCouponSchema, "WalletCouponPage");

/** Query of `GET /v1/my/coupons`. */
export const walletQuery = z.strictObject({ ...pageQueryShape });

/** Body of `POST /v1/my/coupons/claim`. */
export const couponClaimSchema = z
  .strictObject({ claimToken: boundedText({ min: 1, max: 64, description: "The link's token." }) })
  .register(openApiRegistry, { id: "CouponClaim", description: "A claim by link token." });
