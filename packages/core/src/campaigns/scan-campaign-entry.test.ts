import { describe, expect, it } from "vitest";
import { CAMPAIGN_PAUSED_FLAG, campaignScope } from "./campaign-gates.js";
import { drawTestKit } from "./draw-test-kit.js";

const scanOf = (kit: Awaited<ReturnType<typeof drawTestKit>>, code: string) =>
  kit.onecode.scans.scan({ tenantId: "acme", code, ip: "203.0.113.7" });

describe("a consumer scan's campaign entry", () => {
  it("shows the campaign of a code's active activity batch, with prizes in slot order", async () => {
    const kit = await drawTestKit();
    const { campaign, batch, prizes } = await kit.campaign([
      { prize: { kind: "physical", name: "Cup" }, probabilityBp: 1_000, allocation: 5 },
      { prize: { kind: "points", name: "Points" }, probabilityBp: 2_000, allocation: 5 },
    ]);
    const code = kit.codes[0] as string;
    const result = await scanOf(kit, code);
    expect(result.verdict).toBe("genuine");
    expect(result.campaign).toEqual({
      campaignId: campaign.id,
      activityBatchId: batch?.id,
      template: "lucky_draw",
      title: campaign.title,
      rules: campaign.rules,
      topImage: null,
      startsAt: campaign.startsAt,
      endsAt: campaign.endsAt,
      prizes: [
        { slot: 0, name: "Cup", kind: "physical", coverImage: prizes[0]?.coverImage },
        { slot: 1, name: "Points", kind: "points", coverImage: prizes[1]?.coverImage },
      ],
      canStillPlay: true,
      cannotPlayReason: null,
    });
    await kit.onecode.draws.draw(kit.consumer("ann"), { code });
    expect((await scanOf(kit, code)).campaign).toMatchObject({
      canStillPlay: false,
      cannotPlayReason: "played",
    });
    expect((await scanOf(kit, kit.codes[1] as string)).campaign?.canStillPlay).toBe(true);
  });

  it("shows no campaign for a code in none, and none for an unknown code", async () => {
    const kit = await drawTestKit();
    expect((await scanOf(kit, kit.codes[0] as string)).campaign).toBeNull();
    expect((await scanOf(kit, "ZZZZZZZZZZZZZZZZ")).campaign).toBeNull();
    await kit.campaign([{ prize: { kind: "physical" }, probabilityBp: 1_000, allocation: 5 }], {
      batchStatus: "inactive",
    });
    expect((await scanOf(kit, kit.codes[0] as string)).campaign).toBeNull();
  });

  it("says why a code cannot play: paused, ended, not started, closed", async () => {
    const kit = await drawTestKit();
    const now = kit.clock.nowMs();
    const { campaign } = await kit.campaign(
      [{ prize: { kind: "physical" }, probabilityBp: 1_000, allocation: 5 }],
      {
        startsAt: new Date(now + 60_000).toISOString(),
        endsAt: new Date(now + 120_000).toISOString(),
      },
    );
    const code = kit.codes[0] as string;
    expect((await scanOf(kit, code)).campaign?.cannotPlayReason).toBe("not_started");
    kit.clock.advance(60_000);
    expect((await scanOf(kit, code)).campaign?.cannotPlayReason).toBeNull();
    const { gates } = kit.onecode.ports.hotState;
    await gates.setFlag("acme", campaignScope(campaign.id), CAMPAIGN_PAUSED_FLAG, true);
    expect((await scanOf(kit, code)).campaign?.cannotPlayReason).toBe("paused");
    kit.clock.advance(60_000);
    expect((await scanOf(kit, code)).campaign?.cannotPlayReason).toBe("ended");

    const offline = await drawTestKit();
    await offline.campaign([{ prize: { kind: "physical" }, probabilityBp: 1_000, allocation: 5 }], {
      status: "offline",
    });
    expect((await scanOf(offline, offline.codes[0] as string)).campaign).toMatchObject({
      canStillPlay: false,
      cannotPlayReason: "closed",
    });
  });
});
