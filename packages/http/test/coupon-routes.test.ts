import { createOneCode } from "@onecode/core";
import { describe, expect, it } from "vitest";
import {
  couponClaimLinkSchema,
  couponCodeListSchema,
  couponDetailSchema,
  couponSchema,
  walletCouponPageSchema,
  walletCouponSchema,
} from "../src/schemas/coupon-schemas.js";
import { createTestApp, type TestApp } from "./support/test-app.js";

const base = "/v1/promotions/coupons";

const normalCoupon = (overrides: Record<string, unknown> = {}) => ({
  kind: "normal",
  name: "2.00 off",
  codePrefix: "SP",
  quantity: 3,
  perCustomerLimit: 2,
  value: { kind: "fixed", amount: 200 },
  validFrom: "2020-01-01T00:00:00Z",
  validUntil: "2099-01-01T00:00:00Z",
  ...overrides,
});

async function published(app: TestApp, overrides: Record<string, unknown> = {}) {
  const created = await app.call("POST", base, { body: normalCoupon(overrides) });
  expect(created.status, created.text).toBe(201);
  const coupon = couponSchema.parse(created.json);
  const done = await app.call("POST", `${base}/${coupon.id}/publish`);
  expect(done.status, done.text).toBe(200);
  return coupon;
}

function app() {
  return createTestApp({
    onecode: createOneCode({ coupons: { claimLinkBase: "https://shop.example/claim/" } }),
  });
}

describe("coupon routes", () => {
  it("creates, publishes, counts, distributes and refuses a short distribution", async () => {
    const test = app();
    const coupon = await published(test);
    const again = await test.call("PATCH", `${base}/${coupon.id}`, { body: { name: "x" } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("COUPON_STATE");
    const short = await test.call("POST", `${base}/${coupon.id}/distributions`, {
      body: { grants: [{ customerId: "cus_a", quantity: 4 }] },
    });
    expect(short.status).toBe(409);
    expect(short.json.code).toBe("COUPON_SHORT");
    const given = await test.call("POST", `${base}/${coupon.id}/distributions`, {
      body: { grants: [{ customerId: "cus_a", quantity: 1 }] },
    });
    expect(couponCodeListSchema.parse(given.json).items).toHaveLength(1);
    const detail = couponDetailSchema.parse((await test.call("GET", `${base}/${coupon.id}`)).json);
    expect(detail.statistics).toEqual({ total: 3, available: 2, issued: 1, claimed: 0, used: 0 });
    const codes = couponCodeListSchema.parse(
      (await test.call("GET", `${base}/${coupon.id}/codes?limit=2`)).json,
    );
    expect(codes.items).toHaveLength(2);
    const listed = await test.call("GET", `${base}?status=published`);
    expect(listed.json.items.map((c: { id: string }) => c.id)).toEqual([coupon.id]);
    const deleted = await test.call("DELETE", `${base}/${coupon.id}`);
    expect(deleted.status).toBe(409);
    expect(deleted.json.code).toBe("COUPON_IN_USE");
  });

  it("serves the claim link and its QR, and lets a buyer claim within the limit, even in parallel", async () => {
    const test = app();
    const coupon = await published(test, { quantity: 5 });
    const link = couponClaimLinkSchema.parse(
      (await test.call("GET", `${base}/${coupon.id}/claim-link`)).json,
    );
    expect(link.url).toBe(`https://shop.example/claim/${link.token}`);
    const qr = await test.handler(
      new Request(`http://test.local${base}/${coupon.id}/claim-link.png`, {
        headers: { authorization: "Bearer acme-admin" },
      }),
    );
    expect(qr.status).toBe(200);
    expect(qr.headers.get("content-type")).toBe("image/png");
    const png = new Uint8Array(await qr.arrayBuffer());
    expect([...png.slice(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
    const claims = await Promise.all(
      Array.from({ length: 5 }, () =>
        test.call("POST", "/v1/my/coupons/claim", {
          token: "acme-consumer",
          body: { claimToken: link.token },
        }),
      ),
    );
    expect(claims.map((c) => c.status).sort()).toEqual([201, 201, 409, 409, 409]);
    for (const claim of claims.filter((c) => c.status === 201))
      walletCouponSchema.parse(claim.json);
    expect(
      claims.filter((c) => c.status === 409).every((c) => c.json.code === "COUPON_CLAIM_LIMIT"),
    ).toBe(true);
    const wallet = walletCouponPageSchema.parse(
      (await test.call("GET", "/v1/my/coupons", { token: "acme-consumer" })).json,
    );
    expect(wallet.items.map((w) => w.state)).toEqual(["usable", "usable"]);
    const forged = await test.call("POST", "/v1/my/coupons/claim", {
      token: "acme-consumer",
      body: { claimToken: "forged" },
    });
    expect(forged.status).toBe(404);
    const staff = await test.call("GET", "/v1/my/coupons");
    expect(staff.status).toBe(403);
  });

  it("refuses reusable coupons a claim link, and sets the sign-up gift", async () => {
    const test = app();
    const created = await test.call("POST", base, {
      body: {
        kind: "reusable",
        name: "KOL",
        code: "KOL2026",
        useLimit: 100,
        value: { kind: "percent", percentOff: 10, cap: 500 },
        validFrom: "2020-01-01T00:00:00Z",
        validUntil: "2099-01-01T00:00:00Z",
      },
    });
    expect(created.status, created.text).toBe(201);
    const link = await test.call("GET", `${base}/${created.json.id}/claim-link`);
    expect(link.json.code).toBe("COUPON_STATE");
    const gift = await published(test);
    const set = await test.call("PUT", "/v1/promotions/coupon-settings/signup-gift", {
      body: { couponId: gift.id },
    });
    expect(set.json).toEqual({ couponId: gift.id });
    const read = await test.call("GET", "/v1/promotions/coupon-settings/signup-gift");
    expect(read.json).toEqual({ couponId: gift.id });
    const inspector = await test.call("POST", base, {
      token: "acme-inspector",
      body: normalCoupon(),
    });
    expect(inspector.status).toBe(403);
  });
});
