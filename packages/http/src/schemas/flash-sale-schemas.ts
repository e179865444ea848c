import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

// Core checks ranges, windows, SKUs and prices itself, so a bad value fails
// with core's field and rule; the schema gives the shape.
const int = (description: string) => z.int().register(openApiRegistry, { description });

/** When a flash sale or presale is (core's `TimedSaleState`). */
export const timedSaleStateSchema = z
  .enum(["scheduled", "running", "ended", "stopped"])
  .register(openApiRegistry, {
    id: "TimedSaleState",
    description: "`stopped`: stopped early by staff; otherwise the window decides.",
  });

const flashSaleItemSchema = z
  .strictObject({
    skuId: boundedText({ min: 1, max: 100, description: "A SKU of the tenant, once per sale." }),
    price: int("Minor units per unit, at most the SKU's list price."),
    stock: int("Units the sale sells of the SKU in all, 1 or more."),
    perPersonLimit: int("Units one buyer may buy of the SKU in this sale, 1-10,000."),
  })
  .register(openApiRegistry, { id: "FlashSaleItem", description: "One SKU of a flash sale." });

/** Body of `POST /v1/flash-sales` (core's `NewFlashSaleInput`). */
export const newFlashSaleSchema = z
  .strictObject({
    name: boundedText({ min: 1, max: 100 }),
    startsAt: z.string().register(openApiRegistry, { description: "ISO-8601 date-time." }),
    endsAt: z.string().register(openApiRegistry, {
      description: "ISO-8601 date-time, after `startsAt` and in the future.",
    }),
    items: z.array(flashSaleItemSchema).register(openApiRegistry, { description: "1-100 SKUs." }),
    payWithinMinutes: int("Minutes the buyer has to pay, 1-1440; 30 when absent.").optional(),
    remindMinutesBefore: z.int().nullable().optional().register(openApiRegistry, {
      description: "Remind subscribers this many minutes before the start (1-10080); null: none.",
    }),
  })
  .register(openApiRegistry, { id: "NewFlashSale", description: "A new flash sale (秒杀)." });

/** A flash sale (core's `FlashSaleView`). */
export const flashSaleSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    name: z.string(),
    startsAt: timestampSchema,
    endsAt: timestampSchema,
    items: z.array(flashSaleItemSchema),
    payWithinMinutes: z.int(),
    remindMinutesBefore: z.int().nullable(),
    stoppedAt: timestampSchema.nullable(),
    version: z.int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    state: timedSaleStateSchema,
  })
  .register(openApiRegistry, {
    id: "FlashSale",
    description:
      "A flash sale: special prices of some SKUs inside a window, each with its own stock and per-person limit.",
  });

/** The flash sales running or to come, soonest first. */
export const openFlashSalesSchema = z.strictObject({ items: z.array(flashSaleSchema) });
export const flashSalePageSchema = pageSchema(flashSaleSchema, "FlashSalePage");
export const flashSaleListQuery = z.strictObject({ ...pageQueryShape });
export const flashSaleIdParams = z.strictObject({ saleId: recordIdParam("The flash sale's id.") });

/** Units sold of each SKU. */
export const flashSaleSoldSchema = z
  .strictObject({
    items: z.array(z.strictObject({ skuId: z.string(), stock: z.int(), sold: z.int() })),
  })
  .register(openApiRegistry, {
    id: "FlashSaleSoldUnits",
    description: "Units sold of each SKU (placed orders, less those closed unpaid).",
  });

/** Body of a reminder subscription. */
export const flashSaleReminderSchema = z
  .strictObject({
    phone: boundedText({ min: 1, max: 40, description: "Mainland mobile number; +86 allowed." }),
  })
  .register(openApiRegistry, {
    id: "FlashSaleReminderInput",
    description: "Where to send the reminder SMS.",
  });

export const flashSaleSubscribedSchema = z
  .strictObject({ subscribed: z.literal(true) })
  .register(openApiRegistry, { id: "FlashSaleSubscribed", description: "Subscribed (once)." });
