import { describe, expect, it } from "vitest";
import type { PromotionsRuntime } from "../../promotions-runtime.js";
import { customerSegments } from "../customer-segments.js";
import { membersTestKit, refusal } from "../members-test-kit.js";

describe("member tags and customer segments", () => {
  it("assigns tags, refuses duplicate names, and unassigns a deleted tag everywhere", async () => {
    const { onecode, admin } = membersTestKit();
    const vip = await onecode.memberTags.create(admin, "VIP");
    expect(await refusal(onecode.memberTags.create(admin, "VIP"))).toMatchObject({
      code: "MEMBER_TAG_NAME_TAKEN",
      details: { name: "VIP" },
    });
    await onecode.memberTags.assign(admin, vip.id, "ann");
    await onecode.memberTags.assign(admin, vip.id, "ann");
    await onecode.memberTags.assign(admin, vip.id, "bob");
    expect((await onecode.customers.get(admin, "ann")).tagIds).toEqual([vip.id]);
    expect((await onecode.customers.list(admin, { tagId: vip.id })).items).toHaveLength(2);
    await onecode.memberTags.unassign(admin, vip.id, "bob");
    expect((await onecode.memberTags.rename(admin, vip.id, "Gold VIP")).name).toBe("Gold VIP");
    expect(await onecode.memberTags.remove(admin, vip.id)).toEqual({ unassigned: 1 });
    expect((await onecode.customers.get(admin, "ann")).tagIds).toEqual([]);
    expect((await refusal(onecode.memberTags.assign(admin, vip.id, "ann"))).code).toBe("NOT_FOUND");
  });

  it("counts and pages a segment by tags, levels, orders and activity", async () => {
    const kit = membersTestKit();
    const { onecode, admin, paidOrder, complete } = kit;
    const segments = customerSegments({
      ports: onecode.ports,
      timeZoneOf: async () => "Asia/Shanghai",
    } as unknown as PromotionsRuntime);
    const vip = await onecode.memberTags.create(admin, "VIP");
    for (const id of ["c1", "c2", "c3", "c4"])
      await onecode.customers.register(admin, { customerId: id });
    await onecode.memberTags.assign(admin, vip.id, "c2");
    await onecode.memberTags.assign(admin, vip.id, "c4");
    const gold = await onecode.memberLevels.create(admin, { name: "Gold", threshold: 5 });
    const { order } = await paidOrder("c3", 1000);
    await complete(order.id);
    expect(await segments.count("acme", {})).toBe(4);
    expect(await segments.count("acme", { tagIds: [vip.id] })).toBe(2);
    expect(await segments.ids("acme", { tagIds: [vip.id] }, { afterId: "c2", limit: 10 })).toEqual([
      "c4",
    ]);
    expect(
      await segments.ids("acme", { levelIds: [gold.id] }, { afterId: null, limit: 10 }),
    ).toEqual(["c3"]);
    expect(await segments.count("acme", { levelIds: ["default"] })).toBe(3);
    expect(await segments.count("acme", { levelIds: ["nope"] })).toBe(0);
    expect(
      await segments.ids("acme", { minOrders: 1, minSpent: 1000 }, { afterId: null, limit: 5 }),
    ).toEqual(["c3"]);
    expect(await segments.count("acme", { maxOrders: 0 })).toBe(3);
    expect(await segments.count("acme", { notOrderedSince: "2000-01-01T00:00:00Z" })).toBe(3);
    expect(await segments.count("acme", { orderedSince: "2000-01-01T00:00:00Z" })).toBe(1);
    expect(await segments.count("acme", { activeSince: "2099-01-01T00:00:00Z" })).toBe(0);
  });
});
