import { describe, expect, it } from "vitest";
import { orderRecord } from "../../../testing/order-fixtures.js";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import type { NewOutboxEvent } from "../../kernel/outbox/outbox-event.js";
import { seededRandom } from "../../kernel/random.js";
import { tenantContext } from "../../kernel/tenant.js";
import type { CustomerSegments } from "../customer-segment.js";
import type { CouponInput } from "./coupon-input.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const buyer = (id: string) => tenantContext("acme", { id, kind: "consumer" });
const NOW = "2026-05-01T02:00:00.000Z";

/** A fake of the members module's segments: customers `cus_000`…, ascending. */
function fakeSegments(size: number): CustomerSegments {
  const all = Array.from({ length: size }, (_, i) => `cus_${String(i).padStart(3, "0")}`);
  return {
    count: async () => all.length,
    ids: async (_tenant, _segment, page) =>
      all.filter((id) => page.afterId === null || id > page.afterId).slice(0, page.limit),
  };
}

function setup(segments?: CustomerSegments) {
  const clock = new ManualClock(NOW);
  const onecode = createOneCode({
    clock,
    random: seededRandom("coupons"),
    coupons: { claimLinkBase: "https://shop.example/claim/", ...(segments && { segments }) },
  });
  const record = (events: NewOutboxEvent[]) =>
    onecode.ports.storage.transaction((tx) => onecode.outbox.record(tx, admin, events));
  const seen: { type: string; payload: unknown }[] = [];
  for (const type of ["promotions.coupon_gift_skipped", "promotions.coupon_pushed"]) {
    onecode.outbox.on(type, "test.capture", async (event) => {
      seen.push({ type: event.type, payload: event.payload });
    });
  }
  const captured = async (type: string) => {
    await onecode.outbox.dispatch();
    return seen.filter((event) => event.type === type).map((event) => event.payload);
  };
  return { onecode, clock, record, captured };
}

const normal = (overrides: Partial<CouponInput> = {}): CouponInput =>
  ({
    kind: "normal",
    name: "2.00 off",
    codePrefix: "SP",
    quantity: 3,
    value: { kind: "fixed", amount: 200 },
    validFrom: "2026-05-01T00:00:00Z",
    validUntil: "2026-06-01T00:00:00Z",
    ...overrides,
  }) as CouponInput;

describe("coupons", () => {
  it("generates prefixed codes, stays editable as a draft only, and publishes once", async () => {
    const { onecode } = setup();
    const coupon = await onecode.coupons.create(admin, normal());
    const codes = await onecode.coupons.codes(admin, coupon.id);
    expect(codes).toHaveLength(3);
    expect(codes.every((c) => /^SP[2-9A-Z]{10}$/.test(c.code))).toBe(true);
    const renamed = await onecode.coupons.update(admin, coupon.id, { name: "Spring 2.00 off" });
    expect(renamed.name).toBe("Spring 2.00 off");
    await onecode.coupons.publish(admin, coupon.id);
    await expect(
      onecode.coupons.update(admin, coupon.id, { threshold: 100 }),
    ).rejects.toMatchObject({
      code: "COUPON_STATE",
    });
    await expect(onecode.coupons.publish(admin, coupon.id)).rejects.toMatchObject({
      code: "COUPON_STATE",
    });
    const detail = await onecode.coupons.get(admin, coupon.id);
    expect(detail.claimUrl).toBe(`https://shop.example/claim/${coupon.claimToken}`);
    expect(detail.statistics).toEqual({ total: 3, available: 3, issued: 0, claimed: 0, used: 0 });
  });

  it("names every broken rule and refuses an imported code the tenant has", async () => {
    const { onecode } = setup();
    await expect(
      onecode.coupons.create(admin, normal({ name: "", validUntil: "2026-04-01T00:00:00Z" })),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: {
        issues: expect.arrayContaining([
          expect.objectContaining({ field: "name" }),
          expect.objectContaining({ field: "validUntil", rule: "after_valid_from" }),
        ]),
      },
    });
    const first = normal({ quantity: undefined, codes: ["ABCD1", "ABCD2"] } as never);
    await onecode.coupons.create(admin, first);
    await expect(
      onecode.coupons.create(
        admin,
        normal({ quantity: undefined, codes: ["NEW01", "ABCD2"] } as never),
      ),
    ).rejects.toMatchObject({ code: "COUPON_CODE_TAKEN", details: { field: "codes.1" } });
  });

  it("distributes to listed customers, refusing (changing nothing) when codes are short", async () => {
    const { onecode } = setup();
    const coupon = await onecode.coupons.create(admin, normal());
    await expect(
      onecode.coupons.distribute(admin, coupon.id, [{ customerId: "cus_a", quantity: 1 }]),
    ).rejects.toMatchObject({ code: "COUPON_STATE" });
    await onecode.coupons.publish(admin, coupon.id);
    await expect(
      onecode.coupons.distribute(admin, coupon.id, [
        { customerId: "cus_a", quantity: 2 },
        { customerId: "cus_b", quantity: 2 },
      ]),
    ).rejects.toMatchObject({ code: "COUPON_SHORT", details: { requested: 4, available: 3 } });
    const issued = await onecode.coupons.distribute(admin, coupon.id, [
      { customerId: "cus_a", quantity: 2 },
    ]);
    expect(issued).toHaveLength(2);
    const wallet = await onecode.coupons.wallet(buyer("cus_a"));
    expect(wallet.items.map((w) => w.state)).toEqual(["usable", "usable"]);
    await expect(onecode.coupons.delete(admin, coupon.id)).rejects.toMatchObject({
      code: "COUPON_IN_USE",
    });
  });

  it("lets consumers claim by link token within the per-customer limit", async () => {
    const { onecode } = setup();
    const coupon = await onecode.coupons.create(admin, normal({ perCustomerLimit: 1 }));
    await onecode.coupons.publish(admin, coupon.id);
    const { token } = await onecode.coupons.claimLink(admin, coupon.id);
    const claims = await Promise.allSettled(
      ["cus_a", "cus_a", "cus_b", "cus_c", "cus_d"].map((id) =>
        onecode.coupons.claim(buyer(id), token),
      ),
    );
    const won = claims.filter((c) => c.status === "fulfilled");
    expect(won).toHaveLength(3);
    const reasons = claims.flatMap((c) => (c.status === "rejected" ? [c.reason.code] : []));
    expect(reasons.sort()).toEqual(["COUPON_CLAIM_LIMIT", "COUPON_SHORT"]);
    await expect(onecode.coupons.claim(buyer("cus_a"), "forged")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(onecode.coupons.claim(admin, token)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await onecode.coupons.get(admin, coupon.id)).statistics.claimed).toBe(3);
  });

  it("deletes an unused coupon, abandons a used one", async () => {
    const { onecode } = setup();
    const unused = await onecode.coupons.create(admin, normal());
    await onecode.coupons.delete(admin, unused.id);
    await expect(onecode.coupons.get(admin, unused.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const other = await onecode.coupons.create(admin, normal());
    const abandoned = await onecode.coupons.abandon(admin, other.id);
    expect(abandoned.status).toBe("abandoned");
  });

  it("gives each new account one sign-up coupon while stock lasts, and logs a skipped gift", async () => {
    const { onecode, record, captured } = setup();
    const coupon = await onecode.coupons.create(admin, normal({ quantity: 1 }));
    await onecode.coupons.publish(admin, coupon.id);
    await onecode.coupons.setSignupGift(admin, coupon.id);
    const registered = (customerId: string): NewOutboxEvent => ({
      type: "customer.registered",
      aggregate: { type: "customer", id: customerId },
      payload: { customerId, referrerId: null },
    });
    await record([registered("cus_a"), registered("cus_a"), registered("cus_b")]);
    await onecode.outbox.dispatch();
    await onecode.outbox.dispatch();
    expect((await onecode.coupons.wallet(buyer("cus_a"))).items).toHaveLength(1);
    expect((await onecode.coupons.wallet(buyer("cus_b"))).items).toHaveLength(0);
    expect(await captured("promotions.coupon_gift_skipped")).toEqual([
      expect.objectContaining({ customerId: "cus_b", reason: "short", via: "signup" }),
    ]);
  });

  it("issues an activity's gift coupon once per order", async () => {
    const { onecode, record } = setup();
    const coupon = await onecode.coupons.create(admin, normal());
    await onecode.coupons.publish(admin, coupon.id);
    const due: NewOutboxEvent = {
      type: "promotions.coupon_gift_due",
      aggregate: { type: "order", id: "ord_1" },
      payload: { couponId: coupon.id, customerId: "cus_a", orderId: "ord_1", activityId: "act_1" },
    };
    await record([due, due]);
    await onecode.outbox.dispatch();
    expect((await onecode.coupons.wallet(buyer("cus_a"))).items).toHaveLength(1);
  });

  it("previews a segment and pushes one code to each customer, refusing when short", async () => {
    const { onecode, captured } = setup(fakeSegments(250));
    const small = await onecode.coupons.create(admin, normal({ quantity: 10 }));
    await onecode.coupons.publish(admin, small.id);
    expect(await onecode.coupons.previewPush(admin, small.id, {})).toEqual({
      customers: 250,
      available: 10,
    });
    await expect(onecode.coupons.push(admin, small.id, {})).rejects.toMatchObject({
      code: "COUPON_SHORT",
    });
    const big = await onecode.coupons.create(admin, normal({ quantity: 300 }));
    await onecode.coupons.publish(admin, big.id);
    const pushed = await onecode.coupons.push(
      admin,
      big.id,
      { tagIds: ["tag_vip"] },
      { notify: true },
    );
    expect(pushed).toMatchObject({ customers: 250, issued: 250 });
    expect((await onecode.coupons.get(admin, big.id)).statistics.issued).toBe(250);
    expect(await captured("promotions.coupon_pushed")).toHaveLength(2);
  });

  it("pushes to the members module's customer segments by default", async () => {
    const { onecode } = setup();
    for (const customerId of ["cus_a", "cus_b", "cus_c"]) {
      await onecode.customers.register(admin, { customerId });
    }
    const vip = await onecode.memberTags.create(admin, "VIP");
    await onecode.memberTags.assign(admin, vip.id, "cus_b");
    const coupon = await onecode.coupons.create(admin, normal());
    await onecode.coupons.publish(admin, coupon.id);
    expect(await onecode.coupons.previewPush(admin, coupon.id, {})).toMatchObject({
      customers: 3,
      available: 3,
    });
    const pushed = await onecode.coupons.push(admin, coupon.id, { tagIds: [vip.id] });
    expect(pushed).toMatchObject({ customers: 1, issued: 1 });
    expect((await onecode.coupons.wallet(buyer("cus_b"))).items).toHaveLength(1);
  });

  it("gives a code back when its order closes unpaid, not when it was paid", async () => {
    const { onecode, record } = setup();
    const coupon = await onecode.coupons.create(admin, normal({ quantity: 2 }));
    await onecode.coupons.publish(admin, coupon.id);
    const [a, b] = await onecode.coupons.distribute(admin, coupon.id, [
      { customerId: "cus_a", quantity: 2 },
    ]);
    if (!a || !b) throw new Error("expected two codes");
    const unpaid = orderRecord("acme", { customerId: "cus_a", paidAt: null });
    const paid = orderRecord("acme", { customerId: "cus_a", paidAt: NOW });
    const storage = onecode.ports.storage;
    await storage.orders.insert(unpaid);
    await storage.orders.insert(paid);
    await storage.coupons.useCode("acme", a.id, "cus_a", unpaid.id, NOW);
    await storage.coupons.useCode("acme", b.id, "cus_a", paid.id, NOW);
    const closed = (orderId: string, reason: string): NewOutboxEvent => ({
      type: "order.closed",
      aggregate: { type: "order", id: orderId },
      payload: { orderId, reason },
    });
    await record([closed(unpaid.id, "payment_timeout"), closed(paid.id, "refunded")]);
    await onecode.outbox.dispatch();
    const states = (await onecode.coupons.wallet(buyer("cus_a"))).items.map((w) => [w.id, w.state]);
    expect(Object.fromEntries(states)).toEqual({ [a.id]: "usable", [b.id]: "used" });
  });
});
