import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { rejectionOf } from "../codes/codes-test-kit.js";
import { auditRecorder } from "../kernel/audit/record-audit.js";
import { CAMPAIGN_PAUSED_FLAG, campaignScope, slotWonKey } from "./campaign-gates.js";
import { campaignService } from "./campaign-service.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import { admin, campaignsTestKit, clerk, otherAdmin } from "./campaigns-test-kit.js";

describe("campaigns", () => {
  it("creates a draft, reserving each slot's allocation from its prize", async () => {
    const { onecode, physical, slot, campaignInput, auditActions } = await campaignsTestKit();
    const cup = await physical(100);
    const pen = await physical(30, { name: "Pen" });
    const created = await onecode.campaigns.create(
      admin,
      campaignInput(
        [
          slot(cup.id, { probability: 12.5, allocation: 40 }),
          slot(pen.id, {
            probability: 0.01,
            allocation: 30,
            accountLimit: { period: "week", times: -1 },
          }),
          slot(cup.id, { probability: 50, allocation: 60 }),
        ],
        { topImage: "https://img.example/top.png", rules: "Play once per code" },
      ),
    );
    expect(created).toMatchObject({
      status: "draft",
      publishedAt: null,
      template: "scratch",
      topImage: "https://img.example/top.png",
      won: [0, 0, 0],
      startsAt: "2026-05-01T00:00:00.000Z",
    });
    expect(created.slots.map((s) => [s.slot, s.prizeName, s.probabilityBp, s.allocation])).toEqual([
      [0, "Tea cup", 1250, 40],
      [1, "Pen", 1, 30],
      [2, "Tea cup", 5000, 60],
    ]);
    expect((await onecode.prizes.get(admin, cup.id)).allocated).toBe(100);
    expect((await onecode.prizes.get(admin, pen.id)).allocated).toBe(30);
    expect(await onecode.campaigns.get(admin, created.id)).toEqual(created);
    expect(await auditActions(created.id)).toEqual(["campaigns.campaign.created"]);
  });

  it("refuses an allocation above the prize's free stock, summed over slots, changing nothing", async () => {
    const { onecode, physical, slot, campaignInput } = await campaignsTestKit();
    const cup = await physical(50);
    const pen = await physical(50);
    const error = await rejectionOf(
      onecode.campaigns.create(
        admin,
        campaignInput([
          slot(pen.id, { allocation: 20 }),
          slot(cup.id, { allocation: 30 }),
          slot(cup.id, { allocation: 21 }),
        ]),
      ),
    );
    expect(error).toMatchObject({
      code: "PRIZE_STOCK_SHORT",
      details: { prizeId: cup.id, available: 50, requested: 51 },
    });
    expect((await onecode.prizes.get(admin, pen.id)).allocated).toBe(0);
    expect((await onecode.campaigns.list(admin)).items).toEqual([]);
    expect(
      await rejectionOf(onecode.campaigns.create(admin, campaignInput([slot("prz_missing")]))),
    ).toMatchObject({ code: "NOT_FOUND", details: { field: "slots.0.prizeId" } });
  });

  it("never allocates past the stock when campaigns are created at once", async () => {
    const { onecode, physical, slot, campaignInput } = await campaignsTestKit();
    const cup = await physical(100);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        onecode.campaigns.create(admin, campaignInput([slot(cup.id, { allocation: 30 })])),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(3);
    for (const result of results) {
      if (result.status === "rejected") {
        expect(result.reason).toMatchObject({
          code: "PRIZE_STOCK_SHORT",
          details: { available: 10 },
        });
      }
    }
    expect((await onecode.prizes.get(admin, cup.id)).allocated).toBe(90);
  });

  it("does not allocate a prize whose funds are not frozen", async () => {
    const { onecode, payment, slot, campaignInput } = await campaignsTestKit();
    payment.pendingNext("freeze", "succeeded");
    const { prize } = await onecode.prizes.create(admin, {
      name: "Red",
      kind: "cash_red_packet",
      totalStock: 10,
      cashAmount: 100,
    });
    expect(
      await rejectionOf(onecode.campaigns.create(admin, campaignInput([slot(prize.id)]))),
    ).toMatchObject({ code: "PRIZE_FUNDS_NOT_FROZEN", details: { prizeId: prize.id } });
    const frozen = await onecode.prizes.create(admin, {
      name: "Red 2",
      kind: "cash_red_packet",
      totalStock: 10,
      cashAmount: 100,
    });
    const created = await onecode.campaigns.create(admin, campaignInput([slot(frozen.prize.id)]));
    expect(created.slots[0]?.prizeKind).toBe("cash_red_packet");
  });

  it("names every broken rule of the input", async () => {
    const { onecode, physical, slot, campaignInput } = await campaignsTestKit();
    const cup = await physical();
    const wheel = await rejectionOf(
      onecode.campaigns.create(
        admin,
        campaignInput([slot(cup.id), slot(cup.id)], { template: "wheel" }),
      ),
    );
    expect(issuesOf(wheel)).toEqual(
      expect.arrayContaining([
        ["slots", "min_items"],
        ["slots", "wheel_slots"],
      ]),
    );
    const error = await rejectionOf(
      onecode.campaigns.create(
        admin,
        campaignInput(
          [
            slot(cup.id, { probability: 60 }),
            slot(cup.id, { probability: 40.5 }),
            slot(cup.id, { probability: 1.234, allocation: -1 }),
            slot(cup.id, { probability: 101, accountLimit: { period: "hour" as never, times: 0 } }),
          ],
          {
            title: "",
            startsAt: "2026-06-01T00:00:00Z",
            endsAt: "2026-05-01T00:00:00Z",
            topImage: "top.png",
            rules: "r".repeat(5001),
          },
        ),
      ),
    );
    expect(issuesOf(error)).toEqual(
      expect.arrayContaining([
        ["title", "required"],
        ["endsAt", "after_starts_at"],
        ["topImage", "url"],
        ["rules", "max_length"],
        ["slots.2.probability", "decimals"],
        ["slots.2.allocation", "range"],
        ["slots.3.probability", "range"],
        ["slots.3.accountLimit.period", "one_of"],
        ["slots.3.accountLimit.times", "range"],
        ["slots", "probability_sum"],
      ]),
    );
    const thirteen = Array.from({ length: 13 }, () => slot(cup.id, { probability: 1 }));
    expect(
      issuesOf(await rejectionOf(onecode.campaigns.create(admin, campaignInput(thirteen)))),
    ).toEqual([["slots", "max_items"]]);
    // Exactly 100 % with two-decimal values is fine.
    const full = await onecode.campaigns.create(
      admin,
      campaignInput([
        slot(cup.id, { probability: 33.33, allocation: 1 }),
        slot(cup.id, { probability: 33.33, allocation: 1 }),
        slot(cup.id, { probability: 33.34, allocation: 1 }),
      ]),
    );
    expect(full.slots.reduce((sum, s) => sum + s.probabilityBp, 0)).toBe(10_000);
  });

  it("creates a wheel of exactly six slots", async () => {
    const { onecode, physical, slot, campaignInput } = await campaignsTestKit();
    const cup = await physical();
    const six = Array.from({ length: 6 }, () => slot(cup.id, { probability: 5, allocation: 2 }));
    const wheel = await onecode.campaigns.create(admin, campaignInput(six, { template: "wheel" }));
    expect(wheel.slots).toHaveLength(6);
    expect(
      issuesOf(
        await rejectionOf(onecode.campaigns.update(admin, wheel.id, { slots: six.slice(0, 5) })),
      ),
    ).toEqual(expect.arrayContaining([["slots", "wheel_slots"]]));
  });

  it("moves allocations with the slots when a draft changes", async () => {
    const { onecode, physical, slot, campaignInput, auditEntries } = await campaignsTestKit();
    const cup = await physical(100);
    const pen = await physical(100);
    const draft = await onecode.campaigns.create(
      admin,
      campaignInput([slot(cup.id, { allocation: 30 }), slot(pen.id, { allocation: 30 })]),
    );
    const changed = await onecode.campaigns.update(admin, draft.id, {
      title: "Summer",
      slots: [slot(pen.id, { allocation: 70 })],
    });
    expect(changed).toMatchObject({ title: "Summer", version: 2 });
    expect(changed.slots).toHaveLength(1);
    expect((await onecode.prizes.get(admin, cup.id)).allocated).toBe(0);
    expect((await onecode.prizes.get(admin, pen.id)).allocated).toBe(70);
    expect(
      await rejectionOf(
        onecode.campaigns.update(admin, draft.id, { slots: [slot(pen.id, { allocation: 101 })] }),
      ),
    ).toMatchObject({ code: "PRIZE_STOCK_SHORT", details: { available: 30, requested: 31 } });
    expect(
      issuesOf(
        await rejectionOf(
          onecode.campaigns.update(admin, draft.id, { endsAt: "2026-04-01T00:00:00Z" }),
        ),
      ),
    ).toEqual([["endsAt", "after_starts_at"]]);
    const entry = (await auditEntries()).find((e) => e.action === "campaigns.campaign.updated");
    expect(Object.keys(entry?.changes ?? {}).sort()).toEqual(["slots", "title"]);
  });

  it("keeps a published campaign's slots, their won prizes and allocations above wins", async () => {
    const { onecode, physical, slot, campaignInput, storedDraw } = await campaignsTestKit();
    const cup = await physical(100);
    const pen = await physical(100);
    const created = await onecode.campaigns.create(
      admin,
      campaignInput([slot(cup.id, { allocation: 10 }), slot(pen.id, { allocation: 10 })]),
    );
    await onecode.campaigns.publish(admin, created.id);
    // Two wins stored on slot 0, and a third counted by the gate but not stored yet.
    await storedDraw({ campaignId: created.id, slot: 0, prizeId: cup.id });
    await storedDraw({ campaignId: created.id, slot: 0, prizeId: cup.id });
    const gates = onecode.ports.hotState.gates;
    for (let i = 0; i < 3; i++) {
      await gates.pass("acme", campaignScope(created.id), [
        { kind: "take", key: slotWonKey(0), amount: 1, limit: 100 },
      ]);
    }
    expect((await onecode.campaigns.get(admin, created.id)).won).toEqual([3, 0]);
    expect(
      await rejectionOf(
        onecode.campaigns.update(admin, created.id, {
          slots: [slot(cup.id, { allocation: 2 }), slot(pen.id)],
        }),
      ),
    ).toMatchObject({
      code: "CAMPAIGN_ALLOCATION_BELOW_WON",
      details: { slot: 0, won: 3, requested: 2 },
    });
    expect(
      issuesOf(
        await rejectionOf(
          onecode.campaigns.update(admin, created.id, {
            slots: [slot(pen.id), slot(cup.id)],
          }),
        ),
      ),
    ).toEqual([["slots.0.prizeId", "prize_fixed_after_wins"]]);
    expect(
      issuesOf(
        await rejectionOf(onecode.campaigns.update(admin, created.id, { slots: [slot(cup.id)] })),
      ),
    ).toEqual([["slots", "slot_count_fixed"]]);
    // A slot without wins may change its prize; allocations move.
    const changed = await onecode.campaigns.update(admin, created.id, {
      slots: [slot(cup.id, { allocation: 3 }), slot(cup.id, { allocation: 5 })],
    });
    expect(changed.slots.map((s) => [s.prizeId, s.allocation])).toEqual([
      [cup.id, 3],
      [cup.id, 5],
    ]);
    expect((await onecode.prizes.get(admin, cup.id)).allocated).toBe(8);
    expect((await onecode.prizes.get(admin, pen.id)).allocated).toBe(0);
  });

  it("runs the state machine, pausing draws through the gate flag", async () => {
    const { onecode, physical, slot, campaignInput, auditActions } = await campaignsTestKit();
    const cup = await physical(100);
    const created = await onecode.campaigns.create(admin, campaignInput([slot(cup.id)]));
    const gates = onecode.ports.hotState.gates;
    const paused = () => gates.flag("acme", campaignScope(created.id), CAMPAIGN_PAUSED_FLAG);
    expect(await rejectionOf(onecode.campaigns.freeze(admin, created.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { id: created.id, from: "draft", to: "frozen" },
    });
    const online = await onecode.campaigns.publish(admin, created.id);
    expect(online).toMatchObject({ status: "online", publishedAt: "2026-05-01T08:00:00.000Z" });
    expect(await rejectionOf(onecode.campaigns.publish(admin, created.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
    });
    expect((await onecode.campaigns.freeze(admin, created.id)).status).toBe("frozen");
    expect(await paused()).toBe(true);
    expect((await onecode.campaigns.resume(admin, created.id)).status).toBe("online");
    expect(await paused()).toBe(false);
    expect(await rejectionOf(onecode.campaigns.resume(admin, created.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
    });
    await onecode.campaigns.freeze(admin, created.id);
    expect((await onecode.campaigns.takeOffline(admin, created.id)).status).toBe("offline");
    expect(await paused()).toBe(true);
    expect(
      await rejectionOf(onecode.campaigns.update(admin, created.id, { title: "Again" })),
    ).toMatchObject({ code: "INVALID_STATE_TRANSITION", details: { from: "offline" } });
    expect(await rejectionOf(onecode.campaigns.resume(admin, created.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
    });
    expect(await rejectionOf(onecode.campaigns.takeOffline(admin, created.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
    });
    expect(await auditActions(created.id)).toEqual([
      "campaigns.campaign.created",
      "campaigns.campaign.published",
      "campaigns.campaign.frozen",
      "campaigns.campaign.resumed",
      "campaigns.campaign.frozen",
      "campaigns.campaign.taken_offline",
      "campaigns.campaign.allocations_returned",
    ]);
  });

  it("gives unwon allocations back when a campaign goes offline", async () => {
    const { onecode, physical, slot, campaignInput, storedDraw } = await campaignsTestKit();
    const cup = await physical(100);
    const created = await onecode.campaigns.create(
      admin,
      campaignInput([slot(cup.id, { allocation: 10 }), slot(cup.id, { allocation: 20 })]),
    );
    await onecode.campaigns.publish(admin, created.id);
    await storedDraw({ campaignId: created.id, slot: 1, prizeId: cup.id });
    await storedDraw({ campaignId: created.id, slot: 1, prizeId: cup.id });
    const offline = await onecode.campaigns.takeOffline(admin, created.id);
    expect(offline.slots.map((s) => s.allocation)).toEqual([0, 2]);
    expect(offline.won).toEqual([0, 2]);
    expect((await onecode.prizes.get(admin, cup.id)).allocated).toBe(2);
  });

  it("drops the cached campaign after every change", async () => {
    const { onecode, physical, slot, campaignInput } = await campaignsTestKit();
    const cup = await physical(100);
    const invalidated: string[] = [];
    const service = campaignService({
      ports: onecode.ports,
      recordAudit: auditRecorder(onecode.ports),
      cache: { invalidate: (_tenantId: string, id: string) => invalidated.push(id) },
    } as unknown as CampaignsRuntime);
    const created = await service.create(admin, campaignInput([slot(cup.id)]));
    await service.update(admin, created.id, { title: "New" });
    await service.publish(admin, created.id);
    await service.freeze(admin, created.id);
    await service.resume(admin, created.id);
    await service.takeOffline(admin, created.id);
    const draft = await service.create(admin, campaignInput([slot(cup.id)]));
    await service.delete(admin, draft.id);
    expect(invalidated).toEqual([...Array(6).fill(created.id), draft.id, draft.id]);
  });

  it("puts the paused flag back off when a freeze cannot be stored", async () => {
    const { onecode, physical, slot, campaignInput } = await campaignsTestKit();
    const cup = await physical(100);
    const created = await onecode.campaigns.create(admin, campaignInput([slot(cup.id)]));
    await onecode.campaigns.publish(admin, created.id);
    const storage = new Proxy(onecode.ports.storage, {
      get: (target, property, receiver) =>
        property === "transaction"
          ? async () => {
              throw new Error("storage down");
            }
          : Reflect.get(target, property, receiver),
    });
    const service = campaignService({
      ports: { ...onecode.ports, storage },
      recordAudit: auditRecorder(onecode.ports),
      cache: { invalidate: () => {} },
    } as unknown as CampaignsRuntime);
    await expect(service.freeze(admin, created.id)).rejects.toThrow("storage down");
    const gates = onecode.ports.hotState.gates;
    expect(await gates.flag("acme", campaignScope(created.id), CAMPAIGN_PAUSED_FLAG)).toBe(false);
    await expect(service.takeOffline(admin, created.id)).rejects.toThrow("storage down");
    expect(await gates.flag("acme", campaignScope(created.id), CAMPAIGN_PAUSED_FLAG)).toBe(false);
    expect((await onecode.campaigns.get(admin, created.id)).status).toBe("online");
  });

  it("clears a paused flag a resume left behind when resumed again", async () => {
    const { onecode, physical, slot, campaignInput } = await campaignsTestKit();
    const cup = await physical(100);
    const created = await onecode.campaigns.create(admin, campaignInput([slot(cup.id)]));
    await onecode.campaigns.publish(admin, created.id);
    const gates = onecode.ports.hotState.gates;
    // As if a resume stored `online` and lost the hot state before clearing the flag.
    await gates.setFlag("acme", campaignScope(created.id), CAMPAIGN_PAUSED_FLAG, true);
    const resumed = await onecode.campaigns.resume(admin, created.id);
    expect(resumed.status).toBe("online");
    expect(await gates.flag("acme", campaignScope(created.id), CAMPAIGN_PAUSED_FLAG)).toBe(false);
    expect(await rejectionOf(onecode.campaigns.resume(admin, created.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
    });
  });

  it("deletes drafts no activity batch names, giving allocations back", async () => {
    const { onecode, physical, slot, campaignInput, merchant, product, auditActions } =
      await campaignsTestKit();
    const cup = await physical(100);
    const draft = await onecode.campaigns.create(
      admin,
      campaignInput([slot(cup.id, { allocation: 40 })]),
    );
    const batch = await onecode.activityBatches.create(admin, {
      batchNumber: "A1",
      campaignId: draft.id,
      merchantId: merchant.id,
      productId: product.id,
    });
    expect(await rejectionOf(onecode.campaigns.delete(admin, draft.id))).toMatchObject({
      code: "CAMPAIGN_IN_USE",
      details: { id: draft.id },
    });
    await onecode.activityBatches.delete(admin, batch.id);
    await onecode.campaigns.delete(admin, draft.id);
    expect((await onecode.prizes.get(admin, cup.id)).allocated).toBe(0);
    expect(await rejectionOf(onecode.campaigns.get(admin, draft.id))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await auditActions(draft.id)).toEqual([
      "campaigns.campaign.created",
      "campaigns.campaign.deleted",
    ]);
    const online = await onecode.campaigns.create(admin, campaignInput([slot(cup.id)]));
    await onecode.campaigns.publish(admin, online.id);
    expect(await rejectionOf(onecode.campaigns.delete(admin, online.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "online", required: "draft" },
    });
  });

  it("computes statistics from the stored draws", async () => {
    const { onecode, physical, slot, campaignInput, storedDraw } = await campaignsTestKit();
    const cup = await physical(100);
    const pen = await physical(100, { name: "Pen" });
    const created = await onecode.campaigns.create(
      admin,
      campaignInput([slot(cup.id, { allocation: 10 }), slot(pen.id, { allocation: 5 })]),
    );
    await storedDraw({ campaignId: created.id, slot: 0, prizeId: cup.id });
    await storedDraw({
      campaignId: created.id,
      slot: 0,
      prizeId: cup.id,
      prizeState: "claimed",
      paidAmount: 100,
    });
    await storedDraw({ campaignId: created.id, slot: 1, prizeId: pen.id, returnedAmount: 30 });
    await storedDraw({
      campaignId: created.id,
      slot: null,
      prizeId: null,
      prizeState: null,
      noPrizeReason: "no_prize",
    });
    expect(await onecode.campaigns.statistics(admin, created.id)).toEqual({
      campaignId: created.id,
      draws: 4,
      wins: 3,
      claims: 1,
      paid: 100,
      returned: 30,
      slots: [
        {
          slot: 0,
          prizeId: cup.id,
          prizeName: "Tea cup",
          allocation: 10,
          won: 2,
          left: 8,
          claimed: 1,
        },
        { slot: 1, prizeId: pen.id, prizeName: "Pen", allocation: 5, won: 1, left: 4, claimed: 0 },
      ],
    });
  });

  it("keeps tenants apart and needs the campaign capabilities", async () => {
    const { onecode, physical, slot, campaignInput } = await campaignsTestKit();
    const cup = await physical();
    const created = await onecode.campaigns.create(admin, campaignInput([slot(cup.id)]));
    expect(await rejectionOf(onecode.campaigns.get(otherAdmin, created.id))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await rejectionOf(onecode.campaigns.publish(otherAdmin, created.id))).toMatchObject({
      code: "NOT_FOUND",
    });
    // Another tenant cannot allocate this tenant's prize.
    expect(
      await rejectionOf(onecode.campaigns.create(otherAdmin, campaignInput([slot(cup.id)]))),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await rejectionOf(onecode.campaigns.get(clerk, created.id))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await rejectionOf(onecode.campaigns.publish(clerk, created.id))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await onecode.campaigns.list(admin, { status: "draft" })).items).toHaveLength(1);
    expect((await onecode.campaigns.list(admin, { status: "online" })).items).toHaveLength(0);
  });
});
