import { checkCartQuote } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import { pricingQuoteSchema, quoteInputSchema } from "../schemas/promotion-quote-schemas.js";

const errors = [
  "FORBIDDEN",
  "REGION_NOT_DELIVERED",
  "CUSTOMER_BLACKLISTED",
  "PRICING_COUPON_NOT_APPLICABLE",
  "PRICING_POINTS_OVER_BALANCE",
  "PRICING_POINTS_OVER_CAP",
] as const;

const quoteCart = defineRoute({
  method: "POST",
  path: "/v1/promotions/quote",
  operationId: "quoteCart",
  summary: "Price a buyer's cart through the promotion engine",
  description:
    "Prices the cart like checkout would (special prices and activities, one coupon, the member level, points), storing and taking nothing, and returns the step-by-step receipt. Staff name the buyer (`customerId`) and need `promotions.read`.",
  tags: ["promotions"],
  auth: "staff",
  body: quoteInputSchema,
  coreCheck: checkCartQuote,
  responses: { 200: { description: "The priced cart.", schema: pricingQuoteSchema } },
  errors: [...errors],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.promotions.quote(tenant, body) };
  },
});

const quoteMyCart = defineRoute({
  method: "POST",
  path: "/v1/my/quote",
  operationId: "quoteMyCart",
  summary: "Price the signed-in buyer's cart",
  description:
    "The consumer's own cart priced like checkout would, with the coupon and points they chose; nothing is stored or taken.",
  tags: ["my-orders"],
  auth: "consumer",
  body: quoteInputSchema,
  coreCheck: checkCartQuote,
  responses: { 200: { description: "The priced cart.", schema: pricingQuoteSchema } },
  errors: [...errors],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.promotions.quote(tenant, body) };
  },
});

/** Quotes of the promotion engine: staff for a named buyer, consumers for themselves. */
export const promotionQuoteRoutes: readonly Route[] = [quoteCart, quoteMyCart];
