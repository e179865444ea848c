import type { CouponInput } from "@onecode/core";
import { checkCouponInput, checkDistribution } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import { codesResponse } from "../download-response.js";
import { DEFAULT_QR_SCALE, qrPng } from "../qr/qr-png.js";
import {
  couponClaimLinkSchema,
  couponCodeListSchema,
  couponCodesQuery,
  couponDetailSchema,
  couponDistributionSchema,
  couponIdParams,
  couponInputSchema,
  couponListQuery,
  couponPageSchema,
  couponPatchSchema,
  couponPushPreviewSchema,
  couponPushResultSchema,
  couponPushSchema,
  couponSchema,
  couponSignupGiftSchema,
} from "../schemas/coupon-schemas.js";

const tags = ["coupons"];
const base = "/v1/promotions/coupons";
const item = `${base}/{couponId}`;

const createCoupon = defineRoute({
  method: "POST",
  path: base,
  operationId: "createCoupon",
  summary: "Create a coupon (draft)",
  description:
    "Needs `promotions.manage`. `normal`: a batch of single-use codes with the merchant prefix `codePrefix`, generated (`quantity`) or imported (`codes`). `reusable`: one custom `code` used up to `useLimit` times.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: couponInputSchema,
  coreCheck: (body) => checkCouponInput(body as CouponInput),
  responses: {
    201: {
      description: "The new draft.",
      schema: couponSchema,
      headers: { Location: "Path of the new coupon." },
    },
  },
  errors: ["FORBIDDEN", "COUPON_CODE_TAKEN"],
  async handler({ onecode, tenant, body, basePath }) {
    const coupon = await onecode.coupons.create(tenant, body as CouponInput);
    const location = `${basePath}${base}/${encodeURIComponent(coupon.id)}`;
    return { status: 201, body: coupon, headers: { location } };
  },
});

const listCoupons = defineRoute({
  method: "GET",
  path: base,
  operationId: "listCoupons",
  summary: "Coupons, newest first",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  query: couponListQuery,
  responses: { 200: { description: "One page of coupons.", schema: couponPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.coupons.list(tenant, query) };
  },
});

const getCoupon = defineRoute({
  method: "GET",
  path: item,
  operationId: "getCoupon",
  summary: "A coupon with its statistics (issued, claimed, used) and claim link",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: couponIdParams,
  responses: { 200: { description: "The coupon.", schema: couponDetailSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.coupons.get(tenant, params.couponId) };
  },
});

const updateCoupon = defineRoute({
  method: "PATCH",
  path: item,
  operationId: "updateCoupon",
  summary: "Change a draft's terms",
  description:
    "Needs `promotions.manage`. The patch is merged over the draft's terms and checked whole; a published or abandoned coupon answers `COUPON_STATE`.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: couponIdParams,
  body: couponPatchSchema,
  responses: { 200: { description: "The draft.", schema: couponSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "COUPON_STATE"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.coupons.update(tenant, params.couponId, body as never),
    };
  },
});

const deleteCoupon = defineRoute({
  method: "DELETE",
  path: item,
  operationId: "deleteCoupon",
  summary: "Delete a coupon nothing was issued, claimed or used of",
  description: "Needs `promotions.manage`.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: couponIdParams,
  responses: { 204: { description: "Deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "COUPON_IN_USE"],
  async handler({ onecode, tenant, params }) {
    await onecode.coupons.delete(tenant, params.couponId);
    return { status: 204 };
  },
});

function transitionRoute(action: "publish" | "abandon", summary: string, description: string) {
  return defineRoute({
    method: "POST",
    path: `${item}/${action}`,
    operationId: `${action}Coupon`,
    summary,
    description: `Needs \`promotions.manage\`. ${description}`,
    tags,
    auth: "staff",
    capability: "promotions.manage",
    params: couponIdParams,
    responses: { 200: { description: "The coupon.", schema: couponSchema } },
    errors: ["FORBIDDEN", "NOT_FOUND", "COUPON_STATE"],
    async handler({ onecode, tenant, params }) {
      return { status: 200, body: await onecode.coupons[action](tenant, params.couponId) };
    },
  });
}

const listCodes = defineRoute({
  method: "GET",
  path: `${item}/codes`,
  operationId: "listCouponCodes",
  summary: "A normal coupon's codes, ascending by id",
  description: "Needs `promotions.read`. Page with `afterId` (the last id of the previous page).",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: couponIdParams,
  query: couponCodesQuery,
  responses: { 200: { description: "Codes.", schema: couponCodeListSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, query }) {
    const items = await onecode.coupons.codes(tenant, params.couponId, query);
    return { status: 200, body: { items } };
  },
});

const distribute = defineRoute({
  method: "POST",
  path: `${item}/distributions`,
  operationId: "distributeCoupon",
  summary: "Hand codes of a published normal coupon to listed customers",
  description:
    "Needs `promotions.manage`. All or none: `COUPON_SHORT` (nothing issued) when fewer codes are left than the grants ask for.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: couponIdParams,
  body: couponDistributionSchema,
  coreCheck: (body: { grants?: unknown }) => checkDistribution(body.grants as never),
  responses: { 200: { description: "The codes issued.", schema: couponCodeListSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "COUPON_STATE", "COUPON_SHORT"],
  async handler({ onecode, tenant, params, body }) {
    const items = await onecode.coupons.distribute(tenant, params.couponId, body.grants);
    return { status: 200, body: { items } };
  },
});

const claimLink = defineRoute({
  method: "GET",
  path: `${item}/claim-link`,
  operationId: "getCouponClaimLink",
  summary: "A normal coupon's claim link",
  description: "Needs `promotions.read`. Reusable coupons have none (`COUPON_STATE`).",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: couponIdParams,
  responses: { 200: { description: "The link.", schema: couponClaimLinkSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "COUPON_STATE"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.coupons.claimLink(tenant, params.couponId) };
  },
});

const claimQr = defineRoute({
  method: "GET",
  path: `${item}/claim-link.png`,
  operationId: "getCouponClaimQr",
  summary: "The claim link's QR as PNG",
  description: "Needs `promotions.read`. Error correction M, quiet zone of four modules.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: couponIdParams,
  responses: { 200: { description: "The PNG image.", contentType: "image/png" } },
  errors: ["FORBIDDEN", "NOT_FOUND", "COUPON_STATE"],
  async handler({ onecode, tenant, params }) {
    const { url } = await onecode.coupons.claimLink(tenant, params.couponId);
    return {
      response: codesResponse(qrPng(url, DEFAULT_QR_SCALE), {
        contentType: "image/png",
        fileName: `${params.couponId}-claim.png`,
        disposition: "inline",
      }),
    };
  },
});

const previewPush = defineRoute({
  method: "POST",
  path: `${item}/push-preview`,
  operationId: "previewCouponPush",
  summary: "How many customers a segment holds, and the codes left (发券宝)",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: couponIdParams,
  body: couponPushSchema,
  responses: { 200: { description: "The preview.", schema: couponPushPreviewSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "COUPON_STATE", "SERVICE_UNAVAILABLE"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.coupons.previewPush(tenant, params.couponId, body.segment),
    };
  },
});

const push = defineRoute({
  method: "POST",
  path: `${item}/pushes`,
  operationId: "pushCoupon",
  summary: "Issue one code to every customer of a segment (发券宝)",
  description:
    "Needs `promotions.manage`. Refused with `COUPON_SHORT` (nothing issued) when the segment is larger than the codes left.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: couponIdParams,
  body: couponPushSchema,
  responses: { 200: { description: "What was issued.", schema: couponPushResultSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "COUPON_STATE", "COUPON_SHORT", "SERVICE_UNAVAILABLE"],
  async handler({ onecode, tenant, params, body }) {
    const result = await onecode.coupons.push(tenant, params.couponId, body.segment, {
      notify: body.notify ?? false,
    });
    return { status: 200, body: result };
  },
});

const getSignupGift = defineRoute({
  method: "GET",
  path: "/v1/promotions/coupon-settings/signup-gift",
  operationId: "getCouponSignupGift",
  summary: "The sign-up gift coupon (注册送券)",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  responses: { 200: { description: "The setting.", schema: couponSignupGiftSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant }) {
    return { status: 200, body: await onecode.coupons.signupGift(tenant) };
  },
});

const setSignupGift = defineRoute({
  method: "PUT",
  path: "/v1/promotions/coupon-settings/signup-gift",
  operationId: "setCouponSignupGift",
  summary: "Name the coupon every new account gets one code of",
  description:
    "Needs `promotions.manage`. A normal coupon; each new account gets at most one code, while codes last.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: couponSignupGiftSchema,
  responses: { 200: { description: "The setting.", schema: couponSignupGiftSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "COUPON_STATE"],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.coupons.setSignupGift(tenant, body.couponId) };
  },
});

/** The staff coupon routes (`/v1/promotions/coupons`). */
export const couponRoutes: readonly Route[] = [
  createCoupon,
  listCoupons,
  getCoupon,
  updateCoupon,
  deleteCoupon,
  transitionRoute("publish", "Publish a draft", "From then on the coupon is immutable."),
  transitionRoute(
    "abandon",
    "Abandon a coupon",
    "Unassigned codes and the claim link stop; codes customers hold stay usable in their window; a reusable code stops.",
  ),
  listCodes,
  distribute,
  claimLink,
  claimQr,
  previewPush,
  push,
  getSignupGift,
  setSignupGift,
];
