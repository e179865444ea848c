// The draw benchmark's campaign, made through the reference server's public
// API: one prize per slot, a published six-slot wheel, and an active
// activity batch with the codes' package bound.

/**
 * The wheel's slots: allocations totalling 5,000, and probabilities (39 %
 * in all) that ask for more wins than every slot has, so each slot runs out
 * while 200 clients draw at once (the allocation is tested at its edge).
 * With 20,000 draws by 2,000 accounts (about 10 each), the per-day limits
 * stop many accounts: e.g. on slot 0 an account wins 4 or more of 10 draws
 * about one time in eight.
 */
export const DRAW_SLOTS = Object.freeze([
  { name: "10 积分", kind: "points", points: 10, probability: 20, allocation: 3000, times: 3 },
  { name: "50 积分", kind: "points", points: 50, probability: 8, allocation: 1000, times: 2 },
  { name: "保温杯", kind: "physical", probability: 5, allocation: 500, times: 1 },
  { name: "茶具礼盒", kind: "physical", probability: 3, allocation: 300, times: 1 },
  { name: "500 积分", kind: "points", points: 500, probability: 2, allocation: 150, times: 1 },
  { name: "平板电脑", kind: "physical", probability: 1, allocation: 50, times: 1 },
]);

/** The limits' period; the bench counts wins per day of TIME_ZONE (the tenant's default calendar). */
export const LIMIT_PERIOD = "day";
export const TIME_ZONE = "Asia/Shanghai";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A prize's id whether the API answers with the prize or with `{ prize, cdkImport }`. */
const idOf = (created) => created?.prize?.id ?? created?.id;

/**
 * Creates the campaign through `api` (from adminApi) for the package
 * `pkg` of `merchant`'s `product`: one prize per DRAW_SLOTS entry (its
 * stock exactly its allocation), a wheel of those slots open from a minute
 * ago for a day, published, and an activity batch numbered
 * `DRAW-<suffix>` with the package bound, active. If the server refuses a
 * start in the past, the campaign starts two seconds from now instead and
 * this waits for it. Resolves with `{ campaign, batch }` as the API
 * returns them.
 */
export async function createDrawCampaign(api, { merchant, product, pkg, suffix }) {
  const slots = [];
  for (const slot of DRAW_SLOTS) {
    const prize = await api("POST", "/v1/prizes", {
      name: slot.name,
      kind: slot.kind,
      totalStock: slot.allocation,
      ...(slot.points !== undefined && { points: slot.points }),
    });
    slots.push({
      prizeId: idOf(prize),
      probability: slot.probability,
      allocation: slot.allocation,
      accountLimit: { period: LIMIT_PERIOD, times: slot.times },
    });
  }
  const campaignInput = (startsAt) => ({
    template: "wheel",
    title: `Bench wheel ${suffix}`,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(Date.now() + DAY_MS).toISOString(),
    rules: "Benchmark campaign: every code plays once.",
    slots,
  });
  let campaign;
  let opensAt = Date.now() - 60_000;
  try {
    campaign = await api("POST", "/v1/campaigns", campaignInput(opensAt));
  } catch (error) {
    if (!/startsAt/.test(error.message)) throw error;
    opensAt = Date.now() + 2000;
    campaign = await api("POST", "/v1/campaigns", campaignInput(opensAt));
  }
  await api("POST", `/v1/campaigns/${campaign.id}/publish`);
  const created = await api("POST", "/v1/activity-batches", {
    batchNumber: `DRAW-${suffix}`,
    campaignId: campaign.id,
    merchantId: merchant.id,
    productId: product.id,
  });
  await api("POST", `/v1/activity-batches/${created.id}/packages`, { packageId: pkg.id });
  const batch = await api("POST", `/v1/activity-batches/${created.id}/activate`);
  const wait = opensAt + 100 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return { campaign, batch };
}
