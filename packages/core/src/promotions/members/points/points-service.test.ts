import { describe, expect, it } from "vitest";
import type { PricingRequest } from "../../../orders/checkout/order-pricing.js";
import type { Order } from "../../../orders/order.js";
import type { PricingUse } from "../../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../../promotions-runtime.js";
import { memberPricingSource } from "../member-pricing-source.js";
import { membersTestKit, refusal } from "../members-test-kit.js";

const DAY_MS = 86_400_000;

/** The members pricing source over the kit's ports (its commit runs in a transaction of the test). */
function sourceOf(kit: ReturnType<typeof membersTestKit>) {
  const runtime = {
    ports: kit.onecode.ports,
    timers: kit.onecode.timers,
    timeZoneOf: async () => "Asia/Shanghai",
  } as unknown as PromotionsRuntime;
  const source = memberPricingSource(runtime);
  const commit = (order: Order, used: number) =>
    kit.storage.transaction((tx) =>
      (source.commit as NonNullable<typeof source.commit>)(
        tx,
        order,
        {} as PricingRequest,
        {
          points: { used, amount: used },
        } as unknown as PricingUse,
      ),
    );
  return { member: source.member as NonNullable<typeof source.member>, commit };
}

describe("points", () => {
  it("earns truncated points on the list price and rounded-up experience on completion", async () => {
    const kit = membersTestKit();
    const { onecode, admin, paidOrder, complete } = kit;
    await onecode.points.updateSettings(admin, {
      earnCoefficient: "1",
      experiencePerYuan: "0.001",
    });
    const { order } = await paidOrder("ann", 980);
    expect((await onecode.points.account(admin, "ann")).balance).toBe(0);
    await complete(order.id);
    await kit.settle();
    const ann = await onecode.customers.get(admin, "ann");
    expect(ann).toMatchObject({ pointsBalance: 9, pointsEarned: 9, experience: 1 });
    const { items } = await onecode.points.ledger(admin, "ann");
    expect(items.map((e) => [e.kind, e.delta, e.balanceAfter, e.orderId])).toEqual([
      ["earn", 9, 9, order.id],
    ]);
  });

  it("follows experience to the level with its discount; the default level cannot be deleted", async () => {
    const kit = membersTestKit();
    const { onecode, admin, paidOrder, complete } = kit;
    const gold = await onecode.memberLevels.create(admin, {
      name: "Gold",
      threshold: 10,
      discount: "0.8",
    });
    const { member } = sourceOf(kit);
    expect((await member("acme", "ann")).level?.id).toBe("default");
    expect((await member("acme", "ann")).firstOrder).toBe(true);
    const { order } = await paidOrder("ann", 1000);
    await complete(order.id);
    const standing = await member("acme", "ann");
    expect(standing.level).toMatchObject({ id: gold.id, name: "Gold" });
    expect(standing.level?.rate).toEqual({ numerator: 8n, denominator: 10n });
    expect(standing.firstOrder).toBe(false);
    expect(standing.pointsRedemption).toMatchObject({ points: 100, amount: 100 });
    expect(
      (await onecode.customers.list(admin, { levelId: gold.id })).items.map((c) => c.id),
    ).toEqual(["ann"]);
    expect(await refusal(onecode.memberLevels.remove(admin, "default"))).toMatchObject({
      code: "MEMBER_LEVEL_PROTECTED",
    });
    await onecode.memberLevels.remove(admin, gold.id);
    expect((await onecode.memberLevels.list(admin)).map((l) => l.id)).toEqual(["default"]);
  });

  it("debits redeemed points at commit and gives them back when the order closes unpaid", async () => {
    const kit = membersTestKit();
    const { onecode, admin, buyer, sku, orderInput } = kit;
    await onecode.points.adjust(admin, "ann", { delta: 100, note: "welcome" });
    const { commit } = sourceOf(kit);
    const product = await sku();
    const order = await onecode.orders.create(buyer("ann"), orderInput(product.id));
    await commit(order, 30);
    expect((await onecode.points.account(admin, "ann")).balance).toBe(70);
    expect(await refusal(commit({ ...order, id: "ord_other" }, 71))).toMatchObject({
      code: "POINTS_INSUFFICIENT",
      details: { balance: 70, required: 71 },
    });
    await onecode.orders.cancel(buyer("ann"), order.id);
    await kit.settle();
    await kit.settle();
    expect((await onecode.points.account(admin, "ann")).balance).toBe(100);
    const kinds = (await onecode.points.ledger(admin, "ann")).items.map((e) => e.kind);
    expect(kinds).toEqual(["refund", "redeem", "adjust"]);
  });

  it("returns redeemed points on a full refund, not on a partial one", async () => {
    const kit = membersTestKit();
    const { onecode, admin, paidOrder } = kit;
    await onecode.points.adjust(admin, "ann", { delta: 100, note: "welcome" });
    const { commit } = sourceOf(kit);
    const { order } = await paidOrder("ann", 1000);
    await commit(order, 40);
    await onecode.orders.refund(admin, order.id, { amount: 300, reason: "one broken" });
    await kit.settle();
    expect((await onecode.points.account(admin, "ann")).balance).toBe(60);
    const ann = await onecode.customers.get(admin, "ann");
    expect(ann).toMatchObject({ ordersCount: 1, totalSpent: order.total.amount - 300 });
    await onecode.orders.refund(admin, order.id, {
      amount: order.total.amount - 300,
      reason: "all",
    });
    await kit.settle();
    await kit.settle();
    expect((await onecode.points.account(admin, "ann")).balance).toBe(100);
  });

  it("refuses a blacklisted buyer at commit", async () => {
    const kit = membersTestKit();
    const { onecode, admin, buyer, sku, orderInput } = kit;
    const product = await sku();
    const order = await onecode.orders.create(buyer("ann"), orderInput(product.id));
    await onecode.customers.blacklist(admin, "ann");
    expect((await refusal(sourceOf(kit).commit(order, 0))).code).toBe("CUSTOMER_BLACKLISTED");
  });

  it("adjusts (audited), never below zero", async () => {
    const { onecode, admin, reader } = membersTestKit();
    await onecode.points.adjust(admin, "ann", { delta: 5, note: "goodwill" });
    expect(
      await refusal(onecode.points.adjust(admin, "ann", { delta: -6, note: "oops" })),
    ).toMatchObject({
      code: "POINTS_INSUFFICIENT",
    });
    expect((await refusal(onecode.points.adjust(admin, "ann", { delta: 0, note: "" }))).code).toBe(
      "VALIDATION_FAILED",
    );
    expect(
      (await refusal(onecode.points.adjust(reader, "ann", { delta: 1, note: "x" }))).code,
    ).toBe("FORBIDDEN");
    const { items } = await onecode.audit.list(admin, { action: "members.points.adjusted" });
    expect(items).toHaveLength(1);
  });

  it("debits concurrently without going below zero", async () => {
    const { onecode, admin } = membersTestKit();
    await onecode.points.adjust(admin, "ann", { delta: 10, note: "start" });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        onecode.points.adjust(admin, "ann", { delta: -3, note: "take" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect((await onecode.points.account(admin, "ann")).balance).toBe(1);
  });

  it("checks in once per local day, counting streaks with the 7-day bonus", async () => {
    const { onecode, admin, buyer, clock } = membersTestKit();
    await onecode.points.updateSettings(admin, {
      checkInDaily: 2,
      checkInBonuses: { day7: 10, day15: 20, day30: 50 },
    });
    const ann = buyer("ann");
    const both = await Promise.allSettled([
      onecode.points.checkIn(ann, "ann"),
      onecode.points.checkIn(ann, "ann"),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason.code).toBe("POINTS_ALREADY_CHECKED_IN");
    const results = [];
    for (let day = 2; day <= 7; day++) {
      clock.advance(DAY_MS);
      results.push(await onecode.points.checkIn(ann, "ann"));
    }
    expect(results.at(-1)).toMatchObject({ streak: 7, points: 12, balance: 6 * 2 + 12 });
    clock.advance(2 * DAY_MS);
    expect(await onecode.points.checkIn(ann, "ann")).toMatchObject({ streak: 1, points: 2 });
    expect((await refusal(onecode.points.checkIn(buyer("bob"), "ann"))).code).toBe("NOT_FOUND");
  });

  it("expires at the end of the year after the year credited, what was not spent", async () => {
    const { onecode, admin, clock } = membersTestKit();
    clock.set("2026-06-01T00:00:00Z");
    await onecode.points.adjust(admin, "ann", { delta: 100, note: "2026" });
    clock.set("2027-03-01T00:00:00Z");
    await onecode.points.adjust(admin, "ann", { delta: 50, note: "2027" });
    await onecode.points.adjust(admin, "ann", { delta: -30, note: "spent" });
    clock.set("2027-12-31T15:59:00Z");
    await onecode.timers.runDue();
    expect((await onecode.points.account(admin, "ann")).balance).toBe(120);
    clock.set("2027-12-31T16:00:01Z");
    await onecode.timers.runDue();
    await onecode.timers.runDue();
    expect((await onecode.points.account(admin, "ann")).balance).toBe(50);
    const [expired] = (await onecode.points.ledger(admin, "ann")).items;
    expect(expired).toMatchObject({ kind: "expire", delta: -70, year: 2027 });
  });
});
