import {
  PRINT_ORDER_LIMITS as P,
  PRINT_FINISHES,
  PRINT_ORDER_STATUSES,
} from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const int = () => z.int();

/** An amount in integer minor units plus its currency (core's `Money`). */
export const moneySchema = z
  .strictObject({
    amount: int().register(openApiRegistry, {
      description: "Integer minor units (fen for CNY); never a float.",
    }),
    currency: z.string().register(openApiRegistry, { description: "ISO 4217 code, e.g. `CNY`." }),
  })
  .register(openApiRegistry, { id: "Money" });

/** Print finish (core's `PrintFinish`). */
export const printFinishSchema = z.enum(PRINT_FINISHES).register(openApiRegistry, {
  id: "PrintFinish",
  description: "`plain` (明码) or `scratch` (刮刮银: inner codes under a scratch-off coating).",
});

/** Print order status (core's `PrintOrderStatus`). */
export const printOrderStatusSchema = z.enum(PRINT_ORDER_STATUSES).register(openApiRegistry, {
  id: "PrintOrderStatus",
  description: "`pending → printing → shipped`.",
});

const packageIds = z
  .array(boundedText({ min: 1, max: 64 }))
  .min(P.packagesMin)
  .max(P.packagesMax)
  .register(openApiRegistry, {
    description: `${P.packagesMin}-${P.packagesMax} distinct succeeded packages of the tenant, all with serial numbers.`,
  });

/** Where printed labels go (core's `PrintRecipient`). */
export const printRecipientSchema = z
  .strictObject({
    name: boundedText({
      min: 1,
      max: P.recipientNameMax,
      description: `1-${P.recipientNameMax} characters.`,
    }),
    phone: boundedText({
      min: P.phoneMin,
      max: P.phoneMax,
      description: `${P.phoneMin}-${P.phoneMax} of digits, spaces, \`+\` and \`-\`, at least ${P.phoneMin} digits.`,
    }),
    address: boundedText({
      min: 1,
      max: P.addressMax,
      description: `1-${P.addressMax} characters.`,
    }),
  })
  .register(openApiRegistry, { id: "PrintRecipient" });

/** Body of `POST /v1/print-orders/quote`. */
export const printQuoteRequestSchema = z
  .strictObject({ packageIds, finish: printFinishSchema })
  .register(openApiRegistry, { id: "PrintQuoteRequest" });

/** Body of `POST /v1/print-orders` (core's `NewPrintOrderInput`). */
export const newPrintOrderSchema = z
  .strictObject({ packageIds, finish: printFinishSchema, recipient: printRecipientSchema })
  .register(openApiRegistry, { id: "NewPrintOrder" });

/** Body of `POST /v1/print-orders/{orderId}/transitions` (core's `PrintOrderTransition`). */
export const printOrderTransitionSchema = z
  .discriminatedUnion("to", [
    z.strictObject({ to: z.literal("printing") }),
    z.strictObject({
      to: z.literal("shipped"),
      trackingNumber: boundedText({
        min: 1,
        max: P.trackingNumberMax,
        description: `1-${P.trackingNumberMax} characters.`,
      }),
      courier: boundedText({
        max: P.courierMax,
        description: `Up to ${P.courierMax} characters.`,
      }).optional(),
    }),
  ])
  .register(openApiRegistry, {
    id: "PrintOrderTransition",
    description: "`printing` from `pending`; `shipped` from `printing`, with a tracking number.",
  });

/** One tier of the item-code price (core's `PrintPriceTier`). */
export const printPriceTierSchema = z
  .union([
    z.strictObject({ from: int(), below: int().nullable(), flat: int() }),
    z.strictObject({ from: int(), below: int().nullable(), unitPrice: int() }),
  ])
  .register(openApiRegistry, {
    id: "PrintPriceTier",
    description:
      "Applies to item-code counts from `from` up to (not including) `below`; the whole count costs `flat` or `unitPrice` each, in minor units.",
  });

/** A computed print price (core's `PrintQuote`). */
export const printQuoteSchema = z
  .strictObject({
    packagingCodes: int(),
    itemCodes: int(),
    packagingPrice: moneySchema,
    itemPrice: moneySchema,
    itemTier: printPriceTierSchema.nullable(),
    total: moneySchema,
  })
  .register(openApiRegistry, {
    id: "PrintQuote",
    description:
      "Packaging (outer, middle) codes at a unit price; item codes by the tier of their count.",
  });

/** A print order as core returns it (core's `PrintOrder`). */
export const printOrderSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    packageIds: z.array(z.string()),
    finish: printFinishSchema,
    recipient: printRecipientSchema,
    quote: printQuoteSchema,
    status: printOrderStatusSchema,
    trackingNumber: z.string().nullable(),
    courier: z.string().nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "PrintOrder",
    description: "A print order (印码订单); only its status changes after creation.",
  });

/** One page of print orders. */
export const printOrderPageSchema = pageSchema(printOrderSchema, "PrintOrderPage");

/** Path parameters of `/v1/print-orders/{orderId}`. */
export const orderIdParams = z.strictObject({ orderId: recordIdParam("Id of the print order.") });

/** Query of `GET /v1/print-orders`. */
export const printOrderListQuery = z.strictObject({
  status: printOrderStatusSchema.optional(),
  ...pageQueryShape,
});
