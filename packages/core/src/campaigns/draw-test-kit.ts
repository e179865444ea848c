import {
  activityBatchRecord,
  type CampaignPrizeFixture,
  campaignPrize,
  campaignRecord,
} from "../../testing/campaign-fixtures.js";
import { releasedCodes } from "../../testing/released-codes.js";
import { createOneCode, type OneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { seededRandom } from "../kernel/random.js";
import { tenantContext } from "../kernel/tenant.js";
import { recordingPaymentGateway } from "../memory/recording-payment.js";
import type { PaymentGateway } from "../ports/payment.js";
import type { AccountLimit, Campaign } from "./campaign.js";
import type { Prize } from "./prize.js";

/** One slot of {@link DrawTestKit.campaign}. */
export interface KitSlot {
  readonly prize: CampaignPrizeFixture;
  readonly probabilityBp: number;
  readonly allocation: number;
  readonly accountLimit?: AccountLimit;
}

/**
 * A deterministic OneCode on memory ports for draw tests: released codes
 * of one package (tenant `acme`), a scripted payment gateway that counts
 * settles and releases, and a helper that stores a campaign with its
 * prizes and an activity batch binding the package.
 */
export async function drawTestKit(
  options: { readonly seed?: string; readonly codes?: number; readonly start?: string } = {},
) {
  const clock = new ManualClock(options.start ?? "2026-06-18T02:00:00.000Z");
  const gateway = recordingPaymentGateway();
  const calls = { settle: 0, release: 0 };
  const payment: PaymentGateway = new Proxy(gateway, {
    get(target, prop) {
      if (prop === "settle" || prop === "release") calls[prop] += 1;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const onecode: OneCode = createOneCode({
    clock,
    random: seededRandom(options.seed ?? "draw-tests"),
    payment,
  });
  const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
  const consumer = (id: string) => tenantContext("acme", { id, kind: "consumer" });
  const released = await releasedCodes(onecode, admin, { quantity: options.codes ?? 20 });
  const codes = [...released.codes];
  /** Stores the prizes, the campaign (online by default) and an active batch binding the package. */
  const campaign = async (
    slots: readonly KitSlot[],
    overrides: {
      readonly status?: Campaign["status"];
      readonly startsAt?: string;
      readonly endsAt?: string;
      readonly batchStatus?: "inactive" | "active" | "frozen";
      readonly bind?: boolean;
    } = {},
  ) => {
    const prizes: Prize[] = [];
    for (const slot of slots) prizes.push(await campaignPrize(onecode, "acme", slot.prize));
    const created = await campaignRecord(onecode, "acme", {
      slots: slots.map((slot, i) => ({ ...slot, prize: prizes[i] as Prize })),
      ...(overrides.status && { status: overrides.status }),
      ...(overrides.startsAt && { startsAt: overrides.startsAt }),
      ...(overrides.endsAt && { endsAt: overrides.endsAt }),
    });
    const batch =
      overrides.bind === false
        ? null
        : await activityBatchRecord(
            onecode,
            "acme",
            created.id,
            [released.packageId],
            overrides.batchStatus ?? "active",
          );
    return { campaign: created, prizes, batch };
  };
  /** Lets every in-process cache (campaigns, bindings, prizes) expire. */
  const expireCaches = () => clock.advance(1_001);
  return {
    onecode,
    clock,
    gateway,
    calls,
    admin,
    consumer,
    codes,
    released,
    campaign,
    expireCaches,
  };
}
