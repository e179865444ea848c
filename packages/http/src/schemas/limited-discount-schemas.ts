import { LIMITED_DISCOUNT_KINDS, LIMITED_DISCOUNT_ROUNDINGS } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

// Core checks ranges, the 折 rate, the recurrence's first run and the SKUs'
// stock itself, so a bad value fails with core's field and rule.
const hhmm = z.string().register(openApiRegistry, { description: "24-hour local time `HH:MM`." });
const windowSchema = z.strictObject({ from: hhmm, to: hhmm }).register(openApiRegistry, {
  id: "DailyWindow",
  description:
    "Local wall-clock window: `from` inside, `to` not; `to` before `from` crosses midnight.",
});

const recurrenceSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("daily"), window: windowSchema }),
    z.strictObject({
      kind: z.literal("days_of_month"),
      days: z.array(z.int()).max(31),
      window: windowSchema.nullable().optional(),
    }),
    z.strictObject({
      kind: z.literal("days_of_week"),
      days: z.array(z.int()).max(7),
      window: windowSchema.nullable().optional(),
    }),
  ])
  .register(openApiRegistry, {
    id: "LimitedDiscountRecurrence",
    description:
      "When the discount runs inside its validity (tenant time zone): daily in a window, on days of the month (1-31) or of the week (1 = Monday … 7 = Sunday), optionally in a window.",
  });

const recurrenceRecordSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("daily"), window: windowSchema }),
    z.strictObject({
      kind: z.literal("days_of_month"),
      days: z.array(z.int()),
      window: windowSchema.nullable(),
    }),
    z.strictObject({
      kind: z.literal("days_of_week"),
      days: z.array(z.int()),
      window: windowSchema.nullable(),
    }),
  ])
  .register(openApiRegistry, {
    id: "LimitedDiscountRecurrenceRecord",
    description: "A stored recurrence: as given, with `window` `null` for all day.",
  });

const limitSchema = z
  .strictObject({
    mode: z.enum(["lose_all", "first_n", "refuse"]),
    quantity: z.int(),
  })
  .register(openApiRegistry, {
    id: "LimitedDiscountLimit",
    description:
      "Per-person limit per SKU, counting earlier orders: `lose_all` — more than `quantity` loses the discount on all; `first_n` — only the first `quantity` are discounted; `refuse` — more cannot be ordered (`LIMITED_DISCOUNT_LIMIT_EXCEEDED`).",
  });

const kindSchema = z.enum(LIMITED_DISCOUNT_KINDS).register(openApiRegistry, {
  id: "LimitedDiscountKind",
  description:
    "`rate`: a 折 rate (0.1-9.99); `reduction`: minor units off; `price`: a fixed price.",
});
const roundingSchema = z.enum(LIMITED_DISCOUNT_ROUNDINGS).register(openApiRegistry, {
  id: "LimitedDiscountRounding",
  description: "`none`: half up to the fen; `drop_fen`: 71.15 → 71.10; `drop_jiao`: 71.15 → 71.00.",
});

/** Body of `POST /v1/promotions/limited-discounts` (core's `LimitedDiscountInput`). */
export const limitedDiscountInputSchema = z
  .strictObject({
    name: boundedText({ min: 1, max: 60, description: "Shown on receipts." }),
    kind: kindSchema,
    rounding: roundingSchema.optional(),
    startsAt: timestampSchema,
    endsAt: timestampSchema,
    recurrence: recurrenceSchema.nullable().optional(),
    limit: limitSchema.nullable().optional(),
    items: z
      .array(
        z.strictObject({
          skuId: z.string().optional(),
          productId: z.string().optional(),
          rate: z.union([z.string(), z.number()]).optional(),
          amount: z.int().optional(),
          stock: z.int(),
        }),
      )
      .max(200)
      .register(openApiRegistry, {
        description:
          "1-200 SKUs (or products: each of their SKUs) with the 折 `rate` or minor-unit `amount` and the discount's own `stock` (at most the SKU's).",
      }),
  })
  .register(openApiRegistry, {
    id: "LimitedDiscountInput",
    description: "A new time-limited discount.",
  });

/** A time-limited discount (core's `LimitedDiscount`). */
export const limitedDiscountSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    name: z.string(),
    kind: kindSchema,
    rounding: roundingSchema,
    startsAt: timestampSchema,
    endsAt: timestampSchema,
    recurrence: recurrenceRecordSchema.nullable(),
    limit: limitSchema.nullable(),
    items: z.array(
      z.strictObject({
        skuId: z.string(),
        productId: z.string(),
        rate: z.string().nullable(),
        amount: z.int().nullable(),
        stock: z.int(),
        sold: z.int(),
      }),
    ),
    state: z.enum(["active", "ended"]),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "LimitedDiscount",
    description: "A time-limited discount (限时折扣) with its items' sold units.",
  });

/** One page of discounts. */
export const limitedDiscountPageSchema = pageSchema(limitedDiscountSchema, "LimitedDiscountPage");

/** Query of the discount list. */
export const limitedDiscountListQuery = z.strictObject({ ...pageQueryShape });

/** Path of one discount. */
export const limitedDiscountParams = z.strictObject({
  discountId: recordIdParam("The discount's id (`ldc_…`)."),
});
