import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../kernel/errors.js";
import { CAMPAIGN_PAUSED_FLAG, campaignScope } from "./campaign-gates.js";
import { drawTestKit } from "./draw-test-kit.js";

/** The error code (and details) a promise rejects with. */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isOneCodeError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error("expected a refusal");
}

const physical = { kind: "physical" } as const;

describe("draws", () => {
  it("wins each slot about as often as its probability over 10,000 draws", async () => {
    const kit = await drawTestKit({ seed: "draw-statistics", codes: 10_000 });
    const probabilities = [500, 1_500, 3_000];
    await kit.campaign(
      probabilities.map((probabilityBp) => ({
        prize: physical,
        probabilityBp,
        allocation: 10_000,
      })),
    );
    const wins = [0, 0, 0];
    let none = 0;
    for (const [i, code] of kit.codes.entries()) {
      const result = await kit.onecode.draws.draw(kit.consumer(`p-${i % 500}`), { code });
      if (result.slot === null) none += 1;
      else wins[result.slot] = (wins[result.slot] ?? 0) + 1;
    }
    probabilities.forEach((bp, slot) => {
      // 10,000 draws: a share's standard error is at most 0.5 %; 1.5 % is three of them.
      expect(Math.abs((wins[slot] ?? 0) / 10_000 - bp / 10_000)).toBeLessThan(0.015);
    });
    expect(Math.abs(none / 10_000 - 0.5)).toBeLessThan(0.015);
  }, 120_000);

  it("plays a code once, showing the prize, and refuses it the second time", async () => {
    const kit = await drawTestKit();
    const { prizes, campaign } = await kit.campaign([
      { prize: { kind: "physical", name: "Tea cup" }, probabilityBp: 10_000, allocation: 5 },
    ]);
    const code = kit.codes[0] as string;
    const result = await kit.onecode.draws.draw(kit.consumer("ann"), {
      code: `https://t.acme.example/c/${code}`,
    });
    expect(result).toMatchObject({
      campaignId: campaign.id,
      won: true,
      slot: 0,
      prize: {
        id: prizes[0]?.id,
        name: "Tea cup",
        kind: "physical",
        coverImage: prizes[0]?.coverImage,
      },
      noPrizeReason: null,
      prizeState: "won",
      claimBy: null,
    });
    expect(await refusal(kit.onecode.draws.draw(kit.consumer("bob"), { code }))).toEqual({
      code: "CODE_ALREADY_PLAYED",
      details: { drawId: result.drawId },
    });
    const mine = await kit.onecode.draws.myDraws(kit.consumer("ann"));
    expect(mine.items).toEqual([result]);
    expect((await kit.onecode.draws.myDraws(kit.consumer("bob"))).items).toEqual([]);
  });

  it("refuses staff, unknown codes, codes in no campaign and bad input", async () => {
    const kit = await drawTestKit();
    const code = kit.codes[0] as string;
    expect((await refusal(kit.onecode.draws.draw(kit.admin, { code }))).code).toBe("FORBIDDEN");
    expect(
      (await refusal(kit.onecode.draws.draw(kit.consumer("ann"), { code: "NOPE12345678" }))).code,
    ).toBe("NOT_FOUND");
    expect((await refusal(kit.onecode.draws.draw(kit.consumer("ann"), { code }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await refusal(kit.onecode.draws.draw(kit.consumer("ann"), { code: "" }))).code).toBe(
      "VALIDATION_FAILED",
    );
  });

  it("refuses outside the window, while frozen or offline, and when the batch is frozen", async () => {
    const kit = await drawTestKit();
    const now = kit.clock.nowMs();
    const { campaign } = await kit.campaign(
      [{ prize: physical, probabilityBp: 5_000, allocation: 5 }],
      {
        startsAt: new Date(now + 60_000).toISOString(),
        endsAt: new Date(now + 120_000).toISOString(),
      },
    );
    const play = () =>
      kit.onecode.draws.draw(kit.consumer("ann"), { code: kit.codes[0] as string });
    expect(await refusal(play())).toEqual({
      code: "CAMPAIGN_NOT_OPEN",
      details: { campaignId: campaign.id, reason: "not_started" },
    });
    kit.clock.advance(120_000);
    expect((await refusal(play())).details).toMatchObject({ reason: "ended" });
  });

  it("stops at once on the paused flag, and refuses a frozen activity batch", async () => {
    const kit = await drawTestKit();
    const { campaign } = await kit.campaign([
      { prize: physical, probabilityBp: 5_000, allocation: 5 },
    ]);
    const { gates } = kit.onecode.ports.hotState;
    await gates.setFlag("acme", campaignScope(campaign.id), CAMPAIGN_PAUSED_FLAG, true);
    const play = (i: number) =>
      kit.onecode.draws.draw(kit.consumer("ann"), { code: kit.codes[i] as string });
    expect((await refusal(play(0))).details).toMatchObject({ reason: "paused" });
    await gates.setFlag("acme", campaignScope(campaign.id), CAMPAIGN_PAUSED_FLAG, false);
    await play(0);

    const frozen = await drawTestKit();
    await frozen.campaign([{ prize: physical, probabilityBp: 5_000, allocation: 5 }], {
      batchStatus: "frozen",
    });
    expect(
      (
        await refusal(
          frozen.onecode.draws.draw(frozen.consumer("ann"), { code: frozen.codes[0] as string }),
        )
      ).details,
    ).toMatchObject({ reason: "paused" });
    const offline = await drawTestKit();
    await offline.campaign([{ prize: physical, probabilityBp: 5_000, allocation: 5 }], {
      status: "offline",
    });
    expect(
      (
        await refusal(
          offline.onecode.draws.draw(offline.consumer("ann"), { code: offline.codes[0] as string }),
        )
      ).details,
    ).toMatchObject({ reason: "closed" });
  });

  it("gives no prize once the slot's allocation is used up", async () => {
    const kit = await drawTestKit();
    await kit.campaign([{ prize: physical, probabilityBp: 10_000, allocation: 2 }]);
    const results = [];
    for (const code of kit.codes.slice(0, 4)) {
      results.push(await kit.onecode.draws.draw(kit.consumer("ann"), { code }));
    }
    expect(results.map((r) => r.noPrizeReason)).toEqual([
      null,
      null,
      "stock_exhausted",
      "stock_exhausted",
    ]);
    expect(results.map((r) => r.won)).toEqual([true, true, false, false]);
  });

  it("counts an account's wins per local day of the tenant (Asia/Shanghai)", async () => {
    // 15:30 UTC is 23:30 in Shanghai; 16:10 UTC is 00:10 the next local day (the same UTC day).
    const kit = await drawTestKit({ start: "2026-06-18T15:30:00.000Z" });
    await kit.campaign([
      {
        prize: physical,
        probabilityBp: 10_000,
        allocation: 100,
        accountLimit: { period: "day", times: 1 },
      },
    ]);
    const play = (i: number, account = "ann") =>
      kit.onecode.draws.draw(kit.consumer(account), { code: kit.codes[i] as string });
    expect((await play(0)).won).toBe(true);
    kit.clock.advance(10 * 60_000); // 23:40 local
    expect((await play(1)).noPrizeReason).toBe("account_limit");
    expect((await play(2, "bob")).won).toBe(true);
    kit.clock.advance(30 * 60_000); // 00:10 local, next day
    expect((await play(3)).won).toBe(true);
    expect((await play(4)).noPrizeReason).toBe("account_limit");
  });

  it("gives the grant back when the draw cannot be stored, so the code plays again", async () => {
    const kit = await drawTestKit();
    const { campaign } = await kit.campaign([
      { prize: physical, probabilityBp: 10_000, allocation: 1 },
    ]);
    const { storage } = kit.onecode.ports;
    const insert = storage.draws.insert;
    storage.draws.insert = async () => {
      throw new Error("disk full");
    };
    const code = kit.codes[0] as string;
    await expect(kit.onecode.draws.draw(kit.consumer("ann"), { code })).rejects.toThrow(
      "disk full",
    );
    storage.draws.insert = insert;
    const { gates } = kit.onecode.ports.hotState;
    expect(await gates.counter("acme", campaignScope(campaign.id), "won:0")).toBe(0);
    expect((await kit.onecode.draws.draw(kit.consumer("ann"), { code })).won).toBe(true);
  });

  it("keeps the grant of a draw whose write committed though its answer was lost", async () => {
    const kit = await drawTestKit();
    const { campaign } = await kit.campaign([
      { prize: physical, probabilityBp: 10_000, allocation: 3 },
    ]);
    const { storage } = kit.onecode.ports;
    const insert = storage.draws.insert;
    storage.draws.insert = async (draw) => {
      await insert(draw);
      throw new Error("connection reset");
    };
    const code = kit.codes[0] as string;
    const result = await kit.onecode.draws.draw(kit.consumer("ann"), { code });
    storage.draws.insert = insert;
    expect(result.won).toBe(true);
    const { gates } = kit.onecode.ports.hotState;
    expect(await gates.counter("acme", campaignScope(campaign.id), "won:0")).toBe(1);
    expect((await storage.draws.ofCode("acme", code))?.id).toBe(result.drawId);
  });

  it("trusts a cached activity batch for a second only", async () => {
    const kit = await drawTestKit();
    const { batch } = await kit.campaign(
      [{ prize: physical, probabilityBp: 5_000, allocation: 5 }],
      {
        batchStatus: "frozen",
      },
    );
    const play = () =>
      kit.onecode.draws.draw(kit.consumer("ann"), { code: kit.codes[0] as string });
    expect((await refusal(play())).details).toMatchObject({ reason: "paused" });
    if (!batch) throw new Error("no batch");
    const { storage } = kit.onecode.ports;
    await storage.activityBatches.update(
      { ...batch, status: "active", version: batch.version + 1 },
      batch.version,
    );
    expect((await refusal(play())).details).toMatchObject({ reason: "paused" });
    kit.clock.advance(1_000);
    expect((await play()).campaignId).toBe(batch.campaignId);
  });

  it("sees an activity batch frozen or activated in this process at once", async () => {
    const kit = await drawTestKit();
    const { batch } = await kit.campaign([
      { prize: physical, probabilityBp: 5_000, allocation: 5 },
    ]);
    if (!batch) throw new Error("no batch");
    const play = (i: number) =>
      kit.onecode.draws.draw(kit.consumer("ann"), { code: kit.codes[i] as string });
    await play(0); // the binding is now cached
    await kit.onecode.activityBatches.freeze(kit.admin, batch.id);
    expect((await refusal(play(1))).details).toMatchObject({ reason: "paused" });
    await kit.onecode.activityBatches.activate(kit.admin, batch.id);
    expect((await play(1)).campaignId).toBe(batch.campaignId);
  });
});
