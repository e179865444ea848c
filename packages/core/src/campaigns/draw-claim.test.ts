import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../kernel/errors.js";
import type { DrawResult } from "./draw.js";
import { drawTestKit, type KitSlot } from "./draw-test-kit.js";

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isOneCodeError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

const recipient = { name: "Li Lei", phone: "13800138000", address: "1 Wensan Road, Hangzhou" };

/** A kit whose one slot always wins, and a draw won by `ann`. */
async function wonDraw(slot: Omit<KitSlot, "probabilityBp" | "allocation">) {
  const kit = await drawTestKit();
  const setup = await kit.campaign([{ ...slot, probabilityBp: 10_000, allocation: 10 }]);
  const ann = kit.consumer("ann");
  const won: DrawResult = await kit.onecode.draws.draw(ann, { code: kit.codes[0] as string });
  return { kit, ann, won, prize: setup.prizes[0], ...setup };
}

describe("claims", () => {
  it("hands CDK keys out in import order, the same key on a repeated claim", async () => {
    const { kit, ann, won } = await wonDraw({
      prize: {
        kind: "cdk",
        cdkKeys: ["FIRST", "SECOND"],
        redirectUrl: "https://acme.example/redeem",
      },
    });
    const first = await kit.onecode.draws.claim(ann, won.drawId);
    expect(first).toMatchObject({
      prizeKind: "cdk",
      prizeState: "claimed",
      cdkKey: "FIRST",
      payoutStatus: "none",
      redirectUrl: "https://acme.example/redeem",
    });
    expect(await kit.onecode.draws.claim(ann, won.drawId)).toEqual(first);
    const second = await kit.onecode.draws.draw(kit.consumer("bob"), {
      code: kit.codes[1] as string,
    });
    expect((await kit.onecode.draws.claim(kit.consumer("bob"), second.drawId)).cdkKey).toBe(
      "SECOND",
    );
    const third = await kit.onecode.draws.draw(kit.consumer("cy"), {
      code: kit.codes[2] as string,
    });
    expect(await errorCode(kit.onecode.draws.claim(kit.consumer("cy"), third.drawId))).toBe(
      "PRIZE_STOCK_SHORT",
    );
  });

  it("takes a physical prize's recipient, checked, and starts its shipping", async () => {
    const { kit, ann, won } = await wonDraw({ prize: { kind: "physical" } });
    expect(await errorCode(kit.onecode.draws.claim(ann, won.drawId))).toBe("VALIDATION_FAILED");
    try {
      await kit.onecode.draws.claim(ann, won.drawId, {
        recipient: { name: "", phone: "2380013800", address: "abc" },
      });
    } catch (error) {
      expect(isOneCodeError(error) && error.details).toMatchObject({
        issues: [
          { field: "recipient.name" },
          { field: "recipient.phone", rule: "mobile_phone" },
          { field: "recipient.address", rule: "min_length" },
        ],
      });
    }
    const claimed = await kit.onecode.draws.claim(ann, won.drawId, { recipient });
    expect(claimed).toMatchObject({ prizeKind: "physical", recipient, payoutStatus: "none" });
    const draw = await kit.onecode.ports.storage.draws.get("acme", won.drawId);
    expect(draw?.shipping).toEqual({
      status: "pending",
      courier: null,
      trackingNumber: null,
      shippedAt: null,
    });
  });

  it("lets only the winner claim, and nothing for a draw without a prize", async () => {
    const kit = await drawTestKit();
    await kit.campaign([{ prize: { kind: "physical" }, probabilityBp: 0, allocation: 10 }]);
    const lost = await kit.onecode.draws.draw(kit.consumer("ann"), {
      code: kit.codes[0] as string,
    });
    expect(lost.won).toBe(false);
    expect(await errorCode(kit.onecode.draws.claim(kit.consumer("bob"), lost.drawId))).toBe(
      "NOT_FOUND",
    );
    expect(await errorCode(kit.onecode.draws.claim(kit.consumer("ann"), lost.drawId))).toBe(
      "PRIZE_NOT_CLAIMABLE",
    );
    expect(await errorCode(kit.onecode.draws.claim(kit.admin, lost.drawId))).toBe("FORBIDDEN");
  });

  it("pays a cash red packet once from the hold, however often it is claimed or delivered", async () => {
    const { kit, ann, won, prize } = await wonDraw({
      prize: { kind: "cash_red_packet", cashAmount: 288 },
    });
    expect(won.claimBy).toBe("2026-06-19T02:00:00.000Z");
    const first = await kit.onecode.draws.claim(ann, won.drawId);
    expect(first.payoutStatus).toBe("pending");
    expect(await kit.onecode.draws.claim(ann, won.drawId)).toEqual(first);
    // The provider performs the settle but the answer is lost: the outbox delivers again.
    kit.gateway.timeoutNext("settle", { performed: true });
    await kit.onecode.outbox.dispatch();
    kit.clock.advance(60 * 60_000);
    await kit.onecode.outbox.dispatch();
    kit.clock.advance(60 * 60_000);
    await kit.onecode.outbox.dispatch();
    const hold = await kit.gateway.hold("acme", prize?.funds?.holdId as string);
    expect(hold?.settled.amount).toBe(288);
    expect(kit.calls.settle).toBe(2);
    const draw = await kit.onecode.ports.storage.draws.get("acme", won.drawId);
    expect(draw).toMatchObject({ payoutStatus: "done", paidAmount: 288 });
    const stored = await kit.onecode.ports.storage.prizes.get("acme", prize?.id as string);
    expect(stored?.funds?.settled).toBe(288);
    expect((await kit.onecode.draws.claim(ann, won.drawId)).payoutStatus).toBe("done");
    expect(kit.gateway.records.filter((r) => r.kind === "settle")).toHaveLength(1);
  });

  it("returns an unclaimed red packet to the brand after 24 hours and refuses its claim", async () => {
    const { kit, ann, won, prize } = await wonDraw({
      prize: { kind: "cash_red_packet", cashAmount: 100 },
    });
    kit.clock.advance(24 * 60 * 60_000 - 1);
    await kit.onecode.timers.runDue();
    expect((await kit.onecode.ports.storage.draws.get("acme", won.drawId))?.prizeState).toBe("won");
    kit.clock.advance(1);
    expect(await errorCode(kit.onecode.draws.claim(ann, won.drawId))).toBe("PRIZE_NOT_CLAIMABLE");
    await kit.onecode.timers.runDue();
    await kit.onecode.outbox.dispatch();
    await kit.onecode.outbox.dispatch();
    const draw = await kit.onecode.ports.storage.draws.get("acme", won.drawId);
    expect(draw).toMatchObject({ prizeState: "expired", returnedAmount: 100 });
    const hold = await kit.gateway.hold("acme", prize?.funds?.holdId as string);
    expect(hold?.released.amount).toBe(100);
    expect(kit.calls.release).toBe(1);
    expect(await errorCode(kit.onecode.draws.claim(ann, won.drawId))).toBe("PRIZE_NOT_CLAIMABLE");
  });

  it("keeps a claimed red packet when its return timer fires", async () => {
    const { kit, ann, won } = await wonDraw({
      prize: { kind: "cash_red_packet", cashAmount: 100 },
    });
    await kit.onecode.draws.claim(ann, won.drawId);
    await kit.onecode.outbox.dispatch();
    kit.clock.advance(24 * 60 * 60_000);
    await kit.onecode.timers.runDue();
    await kit.onecode.outbox.dispatch();
    const draw = await kit.onecode.ports.storage.draws.get("acme", won.drawId);
    expect(draw).toMatchObject({ prizeState: "claimed", paidAmount: 100, returnedAmount: 0 });
    expect(kit.calls.release).toBe(0);
  });

  it("settles a purchased prize's cost to its supplier", async () => {
    const { kit, ann, won, prize } = await wonDraw({
      prize: { kind: "physical", purchase: { unitCost: 1_500, supplier: "sup-1" } },
    });
    await kit.onecode.draws.claim(ann, won.drawId, { recipient });
    await kit.onecode.outbox.dispatch();
    const settle = kit.gateway.records.find((r) => r.kind === "settle");
    expect(settle).toMatchObject({
      idempotencyKey: `draw:${won.drawId}:settle`,
      amount: { amount: 1_500 },
    });
    const draw = await kit.onecode.ports.storage.draws.get("acme", won.drawId);
    expect(draw).toMatchObject({ payoutStatus: "done", paidAmount: 0 });
    const stored = await kit.onecode.ports.storage.prizes.get("acme", prize?.id as string);
    expect(stored?.funds?.settled).toBe(1_500);
  });

  it("credits a points prize once to the winner", async () => {
    const { kit, ann, won } = await wonDraw({ prize: { kind: "points", points: 70 } });
    await kit.onecode.draws.claim(ann, won.drawId);
    await kit.onecode.outbox.dispatch();
    await kit.onecode.draws.claim(ann, won.drawId);
    await kit.onecode.outbox.dispatch();
    expect((await kit.onecode.points.account(ann, "ann")).balance).toBe(70);
    const draw = await kit.onecode.ports.storage.draws.get("acme", won.drawId);
    expect(draw?.payoutStatus).toBe("done");
  });

  it("gives one code of a coupon prize once to the winner", async () => {
    const kit = await drawTestKit();
    const coupon = await kit.onecode.coupons.create(kit.admin, {
      kind: "normal",
      name: "5.00 off",
      codePrefix: "WIN",
      quantity: 5,
      value: { kind: "fixed", amount: 500 },
      validFrom: "2026-01-01T00:00:00Z",
      validUntil: "2027-01-01T00:00:00Z",
    });
    await kit.onecode.coupons.publish(kit.admin, coupon.id);
    await kit.campaign([
      { prize: { kind: "coupon", couponId: coupon.id }, probabilityBp: 10_000, allocation: 5 },
    ]);
    const ann = kit.consumer("ann");
    const won = await kit.onecode.draws.draw(ann, { code: kit.codes[0] as string });
    await kit.onecode.draws.claim(ann, won.drawId);
    await kit.onecode.outbox.dispatch();
    await kit.onecode.draws.claim(ann, won.drawId);
    await kit.onecode.outbox.dispatch();
    const wallet = await kit.onecode.coupons.wallet(ann);
    expect(wallet.items).toHaveLength(1);
    const draw = await kit.onecode.ports.storage.draws.get("acme", won.drawId);
    expect(draw?.payoutStatus).toBe("done");
  });
});
