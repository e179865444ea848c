import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { timedSaleStateSchema } from "./flash-sale-schemas.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const int = (description: string) => z.int().register(openApiRegistry, { description });

const presaleItemSchema = z
  .strictObject({
    skuId: boundedText({ min: 1, max: 100, description: "A SKU of the tenant, once per presale." }),
    price: int("Minor units per unit, at most (or equal to) the SKU's list price."),
    virtualStock: int("Units the presale may sell whatever the SKU's real stock, 1 or more."),
  })
  .register(openApiRegistry, { id: "PresaleItem", description: "One SKU of a presale." });

/** When presale goods are delivered (core's `PresaleDelivery`). */
export const presaleDeliverySchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("date"),
      date: z.string().register(openApiRegistry, { description: "Local date YYYY-MM-DD." }),
    }),
    z.strictObject({
      kind: z.literal("after_payment"),
      days: int("Days after payment, 1-365."),
    }),
  ])
  .register(openApiRegistry, {
    id: "PresaleDelivery",
    description: "Delivery from a fixed date, or N days after payment.",
  });

/** Body of `POST /v1/presales` (core's `NewPresaleInput`). */
export const newPresaleSchema = z
  .strictObject({
    name: boundedText({ min: 1, max: 100 }),
    startsAt: z.string().register(openApiRegistry, { description: "ISO-8601 date-time." }),
    endsAt: z.string().register(openApiRegistry, {
      description: "ISO-8601 date-time, after `startsAt` and in the future.",
    }),
    items: z.array(presaleItemSchema).register(openApiRegistry, { description: "1-100 SKUs." }),
    delivery: presaleDeliverySchema,
  })
  .register(openApiRegistry, { id: "NewPresale", description: "A new presale (预售)." });

/** A presale (core's `PresaleView`). */
export const presaleSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    name: z.string(),
    startsAt: timestampSchema,
    endsAt: timestampSchema,
    items: z.array(presaleItemSchema),
    delivery: presaleDeliverySchema,
    stoppedAt: timestampSchema.nullable(),
    version: z.int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    state: timedSaleStateSchema,
  })
  .register(openApiRegistry, {
    id: "Presale",
    description:
      "A presale: full payment now, delivery later, units from a virtual stock; one runs at a time.",
  });

export const presalePageSchema = pageSchema(presaleSchema, "PresalePage");
export const presaleListQuery = z.strictObject({ ...pageQueryShape });
export const presaleIdParams = z.strictObject({ presaleId: recordIdParam("The presale's id.") });
export const presaleOrderParams = z.strictObject({ orderId: recordIdParam("The order's id.") });

export const presaleSoldSchema = z
  .strictObject({
    items: z.array(z.strictObject({ skuId: z.string(), virtualStock: z.int(), sold: z.int() })),
  })
  .register(openApiRegistry, {
    id: "PresaleSoldUnits",
    description: "Units sold of each SKU against its virtual stock.",
  });

/** An order's presale delivery promise (core's `PresaleDeliveryPromise`), or null. */
export const presaleDeliveryPromiseSchema = z
  .strictObject({
    promise: z
      .strictObject({
        presaleId: z.string(),
        delivery: presaleDeliverySchema,
        deliverFrom: z.string().nullable().register(openApiRegistry, {
          description:
            "Local date from which the goods are delivered; null while an after-payment order is unpaid.",
        }),
      })
      .nullable(),
  })
  .register(openApiRegistry, {
    id: "PresaleDeliveryPromise",
    description: "What an order with presale units was promised; `promise` null for other orders.",
  });
