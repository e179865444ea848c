import { checkLimitedDiscountInput } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  limitedDiscountInputSchema,
  limitedDiscountListQuery,
  limitedDiscountPageSchema,
  limitedDiscountParams,
  limitedDiscountSchema,
} from "../schemas/limited-discount-schemas.js";

const tags = ["promotions"];

const createLimitedDiscount = defineRoute({
  method: "POST",
  path: "/v1/promotions/limited-discounts",
  operationId: "createLimitedDiscount",
  summary: "Create a time-limited discount (限时折扣)",
  description:
    "Needs `promotions.manage`. Its SKUs are priced specially while it runs (validity and recurrence, tenant time zone) and take part in no other promotion. `LIMITED_DISCOUNT_SKU_TAKEN` names the other active discount holding a SKU at an overlapping time; `LIMITED_DISCOUNT_NEVER_RUNS` when the recurrence never falls inside the validity.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: limitedDiscountInputSchema,
  coreCheck: checkLimitedDiscountInput,
  responses: {
    201: {
      description: "The new discount.",
      schema: limitedDiscountSchema,
      headers: { Location: "Path of the new discount." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "LIMITED_DISCOUNT_SKU_TAKEN", "LIMITED_DISCOUNT_NEVER_RUNS"],
  async handler({ onecode, tenant, body, basePath }) {
    const discount = await onecode.limitedDiscounts.create(tenant, body);
    const location = `${basePath}/v1/promotions/limited-discounts/${encodeURIComponent(discount.id)}`;
    return { status: 201, body: discount, headers: { location } };
  },
});

const listLimitedDiscounts = defineRoute({
  method: "GET",
  path: "/v1/promotions/limited-discounts",
  operationId: "listLimitedDiscounts",
  summary: "The tenant's time-limited discounts, newest first",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  query: limitedDiscountListQuery,
  responses: { 200: { description: "One page of discounts.", schema: limitedDiscountPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.limitedDiscounts.list(tenant, query) };
  },
});

const getLimitedDiscount = defineRoute({
  method: "GET",
  path: "/v1/promotions/limited-discounts/{discountId}",
  operationId: "getLimitedDiscount",
  summary: "One time-limited discount with its sold units",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: limitedDiscountParams,
  responses: { 200: { description: "The discount.", schema: limitedDiscountSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.limitedDiscounts.get(tenant, params.discountId) };
  },
});

const endLimitedDiscount = defineRoute({
  method: "POST",
  path: "/v1/promotions/limited-discounts/{discountId}/end",
  operationId: "endLimitedDiscount",
  summary: "End a time-limited discount now",
  description:
    "Needs `promotions.manage`. Orders placed keep their prices; its SKUs are free for other discounts.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: limitedDiscountParams,
  responses: { 200: { description: "The ended discount.", schema: limitedDiscountSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.limitedDiscounts.end(tenant, params.discountId) };
  },
});

/** The time-limited discount routes (`/v1/promotions/limited-discounts`). */
export const limitedDiscountRoutes: readonly Route[] = [
  createLimitedDiscount,
  listLimitedDiscounts,
  getLimitedDiscount,
  endLimitedDiscount,
];
