import { describe, expect, it } from "vitest";
import { createOneCode } from "../../../create-one-code.js";
import { ManualClock } from "../../../kernel/clock.js";
import { tenantContext } from "../../../kernel/tenant.js";
import { membersTestKit, refusal } from "../members-test-kit.js";
import { LOGIN_CHECK_TTL_MS } from "./customer-service.js";

describe("customers", () => {
  it("registers once, records customer.registered and rewards the referrer", async () => {
    const { onecode, admin, settle } = membersTestKit();
    await onecode.points.updateSettings(admin, { referralReward: 50 });
    const first = await onecode.customers.register(admin, { customerId: "ann", referrerId: "bob" });
    const again = await onecode.customers.register(admin, { customerId: "ann", referrerId: "cat" });
    expect(again.referrerId).toBe("bob");
    expect(first.level?.id).toBe("default");
    await settle();
    expect((await onecode.points.account(admin, "bob")).balance).toBe(50);
    await settle();
    expect((await onecode.points.account(admin, "bob")).balance).toBe(50);
  });

  it("keeps statistics from paid orders and finds customers by filter", async () => {
    const { onecode, admin, paidOrder } = membersTestKit();
    await paidOrder("ann", 1000);
    await paidOrder("ann", 500);
    const ann = await onecode.customers.get(admin, "ann");
    expect(ann).toMatchObject({ ordersCount: 2, totalSpent: 1500 });
    expect(ann.lastOrderAt).not.toBeNull();
    await onecode.customers.register(admin, { customerId: "bob" });
    await onecode.customers.blacklist(admin, "bob", "fraud");
    const listed = await onecode.customers.list(admin, { blacklisted: true });
    expect(listed.items.map((c) => c.id)).toEqual(["bob"]);
    const all = await onecode.customers.list(admin, { limit: 1 });
    expect(all.items.map((c) => c.id)).toEqual(["ann"]);
    const next = await onecode.customers.list(admin, { limit: 1, cursor: all.nextCursor });
    expect(next.items.map((c) => c.id)).toEqual(["bob"]);
  });

  it("blacklists (audited): login and orders are refused", async () => {
    const { onecode, admin, buyer, sku, orderInput } = membersTestKit();
    await onecode.customers.blacklist(admin, "ann", "chargebacks");
    expect(await refusal(onecode.customers.assertMayLogIn(buyer("ann"), "ann"))).toMatchObject({
      code: "CUSTOMER_BLACKLISTED",
      details: { customerId: "ann" },
    });
    const { items } = await onecode.audit.list(admin, { action: "members.customer.blacklisted" });
    expect(items).toHaveLength(1);
    const standing = await memberStanding(onecode, "ann");
    expect(standing.blacklisted).toBe(true);
    await onecode.customers.unblacklist(admin, "ann");
    await onecode.customers.assertMayLogIn(buyer("ann"), "ann");
    const product = await sku();
    expect((await onecode.orders.create(buyer("ann"), orderInput(product.id))).state).toBe(
      "unpaid",
    );
  });

  it("sees a blacklisting made by another process within a second", async () => {
    const clock = new ManualClock("2026-06-01T02:00:00.000Z");
    const onecode = createOneCode({ clock });
    const ann = tenantContext("acme", { id: "ann", kind: "consumer" });
    const other = createOneCode({ clock, storage: onecode.ports.storage });
    const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
    await onecode.customers.assertMayLogIn(ann, "ann");
    await other.customers.blacklist(admin, "ann", "chargebacks");
    await onecode.customers.assertMayLogIn(ann, "ann"); // still remembered
    clock.advance(LOGIN_CHECK_TTL_MS);
    expect((await refusal(onecode.customers.assertMayLogIn(ann, "ann"))).code).toBe(
      "CUSTOMER_BLACKLISTED",
    );
  });

  it("lets a consumer read only their own record, staff need promotions.read", async () => {
    const { onecode, buyer } = membersTestKit();
    await onecode.customers.register(buyer("ann"), { customerId: "ann" });
    expect((await onecode.customers.get(buyer("ann"), "ann")).id).toBe("ann");
    expect((await refusal(onecode.customers.get(buyer("bob"), "ann"))).code).toBe("NOT_FOUND");
    expect(
      (await refusal(onecode.customers.register(buyer("bob"), { customerId: "ann" }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await refusal(
          onecode.customers.register(buyer("ann"), { customerId: "ann", referrerId: "ann" }),
        )
      ).code,
    ).toBe("VALIDATION_FAILED");
  });
});

async function memberStanding(onecode: ReturnType<typeof membersTestKit>["onecode"], id: string) {
  const { memberPricingSource } = await import("../member-pricing-source.js");
  const { ordersRuntime } = await import("../../../orders/orders-runtime.js");
  void ordersRuntime;
  const source = memberPricingSource({
    ports: onecode.ports,
  } as unknown as Parameters<typeof memberPricingSource>[0]);
  return (source.member as NonNullable<typeof source.member>)("acme", id);
}
