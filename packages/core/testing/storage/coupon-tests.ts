import { describe, expect, it } from "vitest";
import type { Coupon, CouponCode } from "../../src/promotions/coupons/coupon.js";
import { freshId, freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-05-01T02:00:00.000Z";

function couponRecord(tenantId: string, overrides: Partial<Coupon> = {}): Coupon {
  return {
    tenantId,
    id: freshId("cpn"),
    kind: "normal",
    name: "2.00 off",
    status: "published",
    value: { kind: "fixed", amount: 200 },
    threshold: 0,
    validFrom: "2026-05-01T00:00:00.000Z",
    validUntil: "2026-06-01T00:00:00.000Z",
    scope: { kind: "all" },
    perCustomerLimit: 1,
    codePrefix: "SP",
    code: null,
    useLimit: null,
    useCount: 0,
    claimToken: freshId("tok"),
    createdAt: AT,
    updatedAt: AT,
    publishedAt: AT,
    abandonedAt: null,
    ...overrides,
  };
}

function reusableRecord(tenantId: string, overrides: Partial<Coupon> = {}): Coupon {
  return couponRecord(tenantId, {
    kind: "reusable",
    codePrefix: null,
    code: freshId("re")
      .replace(/[^A-Za-z0-9]/g, "")
      .toUpperCase(),
    useLimit: 5,
    claimToken: null,
    ...overrides,
  });
}

function codesOf(coupon: Coupon, count: number): CouponCode[] {
  return Array.from({ length: count }, (_, index) => ({
    tenantId: coupon.tenantId,
    id: `${coupon.id}_c${String(index).padStart(4, "0")}`,
    couponId: coupon.id,
    code: `${coupon.id}-${index}`,
    state: "unassigned",
    holderId: null,
    via: null,
    grantKey: null,
    heldAt: null,
    orderId: null,
    usedAt: null,
  }));
}

/** Coupons: records, codes, atomic hand-outs and uses (also under concurrency), give-backs, statistics. */
export function couponTests({ storage }: StorageSuiteContext): void {
  const repo = () => storage().coupons;

  async function stored(count: number, overrides: Partial<Coupon> = {}) {
    const tenant = freshTenantId();
    const coupon = couponRecord(tenant, overrides);
    const codes = codesOf(coupon, count);
    expect(await repo().insert(coupon, codes)).toEqual({ outcome: "inserted" });
    return { tenant, coupon, codes };
  }

  describe("coupons", () => {
    it("keeps every field and finds a coupon by id, claim token and reusable code", async () => {
      const { tenant, coupon } = await stored(2, {
        value: { kind: "percent", percentOff: 15, cap: 500 },
        scope: { kind: "products", productIds: ["prd_a", "prd_b"] },
      });
      const reusable = reusableRecord(tenant);
      expect(await repo().insert(reusable, [])).toEqual({ outcome: "inserted" });
      expect(await repo().get(tenant, coupon.id)).toEqual(coupon);
      expect(await repo().getByClaimToken(tenant, coupon.claimToken ?? "")).toEqual(coupon);
      expect(await repo().getByReusableCode(tenant, reusable.code ?? "")).toEqual(reusable);
      expect(await repo().get(freshTenantId(), coupon.id)).toBeNull();
      expect(await repo().getByClaimToken(tenant, "nope")).toBeNull();
      const listed = await repo().list(tenant, {}, { beforeId: null, limit: 10 });
      expect(listed.map((c) => c.id)).toEqual([reusable.id, coupon.id].sort().reverse());
      const normal = await repo().list(tenant, { kind: "normal" }, { beforeId: null, limit: 10 });
      expect(normal.map((c) => c.id)).toEqual([coupon.id]);
    });

    it("refuses a code the tenant has, storing nothing", async () => {
      const { tenant, codes } = await stored(2);
      const other = couponRecord(tenant);
      const clash = codesOf(other, 1).map((code) => ({ ...code, code: codes[0]?.code ?? "" }));
      expect(await repo().insert(other, clash)).toEqual({
        outcome: "code_taken",
        code: codes[0]?.code,
      });
      expect(await repo().get(tenant, other.id)).toBeNull();
      const reusable = reusableRecord(tenant);
      await repo().insert(reusable, []);
      const twin = reusableRecord(tenant, { code: reusable.code });
      expect((await repo().insert(twin, [])).outcome).toBe("code_taken");
    });

    it("updates only from the expected status (compare-and-set)", async () => {
      const { tenant, coupon } = await stored(1, { status: "draft", publishedAt: null });
      const later = "2026-05-02T00:00:00.000Z";
      expect(await repo().update(tenant, coupon.id, "published", { updatedAt: later })).toBeNull();
      const published = await repo().update(tenant, coupon.id, "draft", {
        status: "published",
        publishedAt: later,
        updatedAt: later,
      });
      expect(published).toMatchObject({ status: "published", publishedAt: later });
      const racing = await Promise.all(
        [1, 2, 3].map(() =>
          repo().update(tenant, coupon.id, "published", { status: "abandoned", updatedAt: later }),
        ),
      );
      expect(racing.filter((r) => r !== null)).toHaveLength(1);
    });

    it("issues all grants or none, and a grant key once", async () => {
      const { tenant, coupon } = await stored(3);
      const short = await repo().issue(
        tenant,
        coupon.id,
        [
          { customerId: "cus_a", quantity: 2 },
          { customerId: "cus_b", quantity: 2 },
        ],
        "distributed",
        AT,
      );
      expect(short).toEqual({ outcome: "short", available: 3 });
      expect((await repo().statistics(tenant, coupon.id))?.available).toBe(3);
      const issued = await repo().issue(
        tenant,
        coupon.id,
        [
          { customerId: "cus_a", quantity: 2 },
          { customerId: "cus_b", quantity: 1, grantKey: "signup:cus_b" },
        ],
        "distributed",
        AT,
      );
      if (issued.outcome !== "issued") throw new Error("expected issued");
      expect(issued.codes.map((c) => c.holderId).sort()).toEqual(["cus_a", "cus_a", "cus_b"]);
      expect(issued.codes.every((c) => c.state === "held" && c.heldAt === AT)).toBe(true);
      const again = await repo().issue(
        tenant,
        coupon.id,
        [{ customerId: "cus_b", quantity: 1, grantKey: "signup:cus_b" }],
        "signup",
        AT,
      );
      expect(again).toEqual({ outcome: "issued", codes: [] });
      expect(await repo().statistics(tenant, coupon.id)).toEqual({
        total: 3,
        available: 0,
        issued: 3,
        claimed: 0,
        used: 0,
      });
    });

    it("never hands one code out twice under parallel issues and claims", async () => {
      const { tenant, coupon } = await stored(6);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          i % 2 === 0
            ? repo().claim(tenant, coupon.id, `cus_${i}`, 1, AT)
            : repo().issue(
                tenant,
                coupon.id,
                [{ customerId: `cus_${i}`, quantity: 1 }],
                "push",
                AT,
              ),
        ),
      );
      const codes = results.flatMap((r) =>
        r.outcome === "claimed" ? [r.code] : r.outcome === "issued" ? r.codes : [],
      );
      expect(codes).toHaveLength(6);
      expect(new Set(codes.map((c) => c.id)).size).toBe(6);
      const held = await repo().listCodes(tenant, coupon.id, { afterId: null, limit: 100 });
      expect(held.filter((c) => c.state === "held")).toHaveLength(6);
    });

    it("keeps each customer within the claim limit under parallel claims", async () => {
      const { tenant, coupon } = await stored(20);
      const claims = await Promise.all(
        Array.from({ length: 10 }, () => repo().claim(tenant, coupon.id, "cus_a", 3, AT)),
      );
      expect(claims.filter((c) => c.outcome === "claimed")).toHaveLength(3);
      expect(claims.filter((c) => c.outcome === "limit_reached")).toHaveLength(7);
      const mine = await repo().listHeld(tenant, "cus_a", { beforeId: null, limit: 50 });
      expect(mine).toHaveLength(3);
      expect(mine.every((c) => c.via === "claimed")).toBe(true);
      expect((await repo().claim(tenant, coupon.id, "cus_b", 3, AT)).outcome).toBe("claimed");
      expect((await repo().statistics(tenant, coupon.id))?.claimed).toBe(4);
    });

    it("uses a held code once under parallel orders, and gives it back once", async () => {
      const { tenant, coupon } = await stored(1);
      const issued = await repo().issue(
        tenant,
        coupon.id,
        [{ customerId: "cus_a", quantity: 1 }],
        "gift",
        AT,
      );
      const code = issued.outcome === "issued" ? issued.codes[0] : undefined;
      if (!code) throw new Error("expected a code");
      expect(await repo().getCode(tenant, code.code)).toEqual(code);
      expect(await repo().useCode(tenant, code.id, "cus_b", "ord_x", AT)).toBeNull();
      const uses = await Promise.all(
        ["ord_1", "ord_2", "ord_3", "ord_4"].map((order) =>
          repo().useCode(tenant, code.id, "cus_a", order, AT),
        ),
      );
      const winner = uses.find((u) => u !== null);
      expect(uses.filter((u) => u !== null)).toHaveLength(1);
      expect(winner).toMatchObject({ state: "used", usedAt: AT });
      const orderId = winner?.orderId ?? "";
      expect((await repo().codesOfOrder(tenant, orderId)).map((c) => c.id)).toEqual([code.id]);
      expect((await repo().statistics(tenant, coupon.id))?.used).toBe(1);
      expect(await repo().returnCode(tenant, code.id, "ord_other")).toBe(false);
      const backs = await Promise.all(
        [1, 2].map(() => repo().returnCode(tenant, code.id, orderId)),
      );
      expect(backs.filter(Boolean)).toHaveLength(1);
      expect(await repo().getCode(tenant, code.code)).toMatchObject({
        state: "held",
        holderId: "cus_a",
        orderId: null,
      });
    });

    it("never passes a reusable code's use count or per-customer limit under parallel uses", async () => {
      const tenant = freshTenantId();
      const reusable = reusableRecord(tenant, { useLimit: 5, perCustomerLimit: 2 });
      await repo().insert(reusable, []);
      const many = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          repo().useReusable(tenant, reusable.id, `cus_${i}`, `ord_${i}`, AT),
        ),
      );
      expect(many.filter((u) => u.outcome === "used")).toHaveLength(5);
      expect(many.filter((u) => u.outcome === "exhausted")).toHaveLength(7);
      expect((await repo().get(tenant, reusable.id))?.useCount).toBe(5);

      const other = reusableRecord(tenant, { useLimit: 100, perCustomerLimit: 2 });
      await repo().insert(other, []);
      const mine = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          repo().useReusable(tenant, other.id, "cus_a", `ord_a${i}`, AT),
        ),
      );
      expect(mine.filter((u) => u.outcome === "used")).toHaveLength(2);
      expect(mine.filter((u) => u.outcome === "limit_reached")).toHaveLength(4);
      const usedOrder = `ord_a${mine.findIndex((u) => u.outcome === "used")}`;
      expect(await repo().useReusable(tenant, other.id, "cus_a", usedOrder, AT)).toEqual({
        outcome: "already_used",
      });
      expect(await repo().reusableOfOrder(tenant, usedOrder)).toEqual([other.id]);
      expect(await repo().returnReusable(tenant, other.id, usedOrder)).toBe(true);
      expect(await repo().returnReusable(tenant, other.id, usedOrder)).toBe(false);
      expect((await repo().get(tenant, other.id))?.useCount).toBe(1);
      expect(await repo().statistics(tenant, other.id)).toEqual({
        total: 100,
        available: 99,
        issued: 0,
        claimed: 0,
        used: 1,
      });
    });

    it("hands out and uses nothing of a coupon that is not published", async () => {
      const { tenant, coupon } = await stored(2, { status: "abandoned" });
      expect(
        await repo().issue(tenant, coupon.id, [{ customerId: "cus_a", quantity: 1 }], "push", AT),
      ).toEqual({ outcome: "closed" });
      expect(await repo().claim(tenant, coupon.id, "cus_a", 1, AT)).toEqual({ outcome: "closed" });
      const draft = reusableRecord(tenant, { status: "draft" });
      await repo().insert(draft, []);
      expect(await repo().useReusable(tenant, draft.id, "cus_a", "ord_1", AT)).toEqual({
        outcome: "closed",
      });
      expect((await repo().statistics(tenant, coupon.id))?.available).toBe(2);
    });

    it("deletes only a coupon nothing was handed out of", async () => {
      const { tenant, coupon } = await stored(2);
      await repo().issue(tenant, coupon.id, [{ customerId: "cus_a", quantity: 1 }], "push", AT);
      expect(await repo().delete(tenant, coupon.id)).toBe("in_use");
      const fresh = await stored(2);
      expect(await repo().delete(fresh.tenant, fresh.coupon.id)).toBe("deleted");
      expect(await repo().get(fresh.tenant, fresh.coupon.id)).toBeNull();
      expect(await repo().getCode(fresh.tenant, fresh.codes[0]?.code ?? "")).toBeNull();
      expect(await repo().delete(fresh.tenant, fresh.coupon.id)).toBe("not_found");
    });

    it("rolls hand-outs and settings back with their transaction", async () => {
      const { tenant, coupon } = await stored(2);
      await expect(
        storage().transaction(async (tx) => {
          await tx.coupons.claim(tenant, coupon.id, "cus_a", 1, AT);
          await tx.coupons.saveSettings({
            tenantId: tenant,
            signupCouponId: coupon.id,
            updatedAt: AT,
          });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect((await repo().statistics(tenant, coupon.id))?.available).toBe(2);
      expect(await repo().getSettings(tenant)).toBeNull();
      await repo().saveSettings({ tenantId: tenant, signupCouponId: coupon.id, updatedAt: AT });
      expect(await repo().getSettings(tenant)).toEqual({
        tenantId: tenant,
        signupCouponId: coupon.id,
        updatedAt: AT,
      });
    });
  });
}
