import { defineRoute, type Route } from "../define-route.js";
import {
  couponClaimSchema,
  walletCouponPageSchema,
  walletCouponSchema,
  walletQuery,
} from "../schemas/coupon-schemas.js";

const tags = ["my-coupons"];

const wallet = defineRoute({
  method: "GET",
  path: "/v1/my/coupons",
  operationId: "listMyCoupons",
  summary: "The buyer's coupon codes with their state and validity",
  tags,
  auth: "consumer",
  query: walletQuery,
  responses: { 200: { description: "One page of the wallet.", schema: walletCouponPageSchema } },
  errors: [],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.coupons.wallet(tenant, query) };
  },
});

const claim = defineRoute({
  method: "POST",
  path: "/v1/my/coupons/claim",
  operationId: "claimMyCoupon",
  summary: "Claim a code by a claim link's token",
  description:
    "Atomic: no code goes to two buyers and no buyer passes the coupon's per-customer limit (`COUPON_CLAIM_LIMIT`).",
  tags,
  auth: "consumer",
  body: couponClaimSchema,
  responses: { 201: { description: "The claimed code.", schema: walletCouponSchema } },
  errors: ["NOT_FOUND", "COUPON_STATE", "COUPON_CLAIM_LIMIT", "COUPON_SHORT"],
  async handler({ onecode, tenant, body }) {
    return { status: 201, body: await onecode.coupons.claim(tenant, body.claimToken) };
  },
});

/** The buyer's coupon routes (`/v1/my/coupons`). */
export const myCouponRoutes: readonly Route[] = [wallet, claim];
