import type { ActivityBatch } from "../src/campaigns/activity-batch.js";
import type {
  AccountLimit,
  Campaign,
  CampaignSlot,
  CampaignTemplate,
} from "../src/campaigns/campaign.js";
import type { Prize, PrizeKind, PrizePurchase } from "../src/campaigns/prize.js";
import type { OneCode } from "../src/create-one-code.js";

/** What {@link campaignPrize} makes: a kind and what the kind needs. */
export interface CampaignPrizeFixture {
  readonly kind: PrizeKind;
  readonly name?: string;
  readonly totalStock?: number;
  readonly coverImage?: string | null;
  readonly redirectUrl?: string | null;
  /** `cash_red_packet`: minor units per packet (default 188). */
  readonly cashAmount?: number;
  /** `points` (default 50). */
  readonly points?: number;
  readonly couponId?: string;
  readonly purchase?: PrizePurchase | null;
  /** `cdk`: the keys, in order (default `K-1` … `K-<totalStock>`). */
  readonly cdkKeys?: readonly string[];
}

const iso = (onecode: OneCode) => new Date(onecode.ports.clock.nowMs()).toISOString();

/**
 * Stores a prize stock straight through storage (not the admin service):
 * a cash red packet or a purchased prize with its funds frozen through the
 * payment port (currency CNY), a CDK prize with its keys.
 */
export async function campaignPrize(
  onecode: OneCode,
  tenantId: string,
  fixture: CampaignPrizeFixture,
): Promise<Prize> {
  const { storage, ids, payment } = onecode.ports;
  const now = iso(onecode);
  const totalStock = fixture.cdkKeys?.length ?? fixture.totalStock ?? 1_000;
  const id = ids.newId("prz");
  const cashAmount = fixture.kind === "cash_red_packet" ? (fixture.cashAmount ?? 188) : null;
  const purchase = fixture.purchase ?? null;
  const unit = cashAmount ?? purchase?.unitCost ?? null;
  let funds: Prize["funds"] = null;
  if (unit !== null) {
    const hold = await payment.freeze({
      tenantId,
      idempotencyKey: `prize:${id}:freeze`,
      amount: { amount: unit * totalStock, currency: "CNY" },
      description: `prize ${id}`,
    });
    funds = {
      holdId: hold.id,
      status: "frozen",
      frozen: unit * totalStock,
      settled: 0,
      released: 0,
    };
  }
  const prize: Prize = {
    tenantId,
    id,
    name: fixture.name ?? `${fixture.kind} prize`,
    description: "",
    coverImage: fixture.coverImage ?? `https://img.acme.example/${id}.png`,
    detailImage: null,
    kind: fixture.kind,
    totalStock: fixture.kind === "cdk" ? 0 : totalStock,
    allocated: 0,
    redirectUrl: fixture.redirectUrl ?? null,
    cashAmount,
    points: fixture.kind === "points" ? (fixture.points ?? 50) : null,
    couponId: fixture.kind === "coupon" ? (fixture.couponId ?? null) : null,
    purchase,
    funds,
    cdkHandedOut: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await storage.prizes.insert(prize);
  if (fixture.kind === "cdk") {
    const keys = fixture.cdkKeys ?? Array.from({ length: totalStock }, (_, i) => `K-${i + 1}`);
    await storage.prizes.addCdkKeys(tenantId, id, keys, now);
  }
  return (await storage.prizes.get(tenantId, id)) as Prize;
}

/** One slot of {@link campaignRecord}. */
export interface CampaignSlotFixture {
  readonly prize: Prize;
  readonly probabilityBp: number;
  readonly allocation: number;
  /** Default unlimited. */
  readonly accountLimit?: AccountLimit;
}

/**
 * Stores a campaign straight through storage, `online` by default, open
 * from an hour ago for 30 days, allocating each slot from its prize.
 */
export async function campaignRecord(
  onecode: OneCode,
  tenantId: string,
  input: {
    readonly slots: readonly CampaignSlotFixture[];
    readonly template?: CampaignTemplate;
    readonly status?: Campaign["status"];
    readonly startsAt?: string;
    readonly endsAt?: string;
  },
): Promise<Campaign> {
  const { storage, ids, clock } = onecode.ports;
  const now = iso(onecode);
  const slots: CampaignSlot[] = input.slots.map((slot, i) => ({
    slot: i,
    prizeId: slot.prize.id,
    prizeName: slot.prize.name,
    prizeKind: slot.prize.kind,
    probabilityBp: slot.probabilityBp,
    allocation: slot.allocation,
    accountLimit: slot.accountLimit ?? { period: "day", times: -1 },
  }));
  for (const slot of slots)
    await storage.prizes.allocate(tenantId, slot.prizeId, slot.allocation, now);
  const campaign: Campaign = {
    tenantId,
    id: ids.newId("cmp"),
    template: input.template ?? "lucky_draw",
    title: "Scan to win",
    startsAt: input.startsAt ?? new Date(clock.nowMs() - 3_600_000).toISOString(),
    endsAt: input.endsAt ?? new Date(clock.nowMs() + 30 * 86_400_000).toISOString(),
    rules: "One play per code.",
    topImage: null,
    slots,
    status: input.status ?? "online",
    publishedAt: input.status === "draft" ? null : now,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await storage.campaigns.insert(campaign);
  return campaign;
}

/**
 * Stores an activity batch of `campaignId` straight through storage, binds
 * the packages (their merchant and product are the first package's) and
 * gives it `status` (default `active`).
 */
export async function activityBatchRecord(
  onecode: OneCode,
  tenantId: string,
  campaignId: string,
  packageIds: readonly string[],
  status: ActivityBatch["status"] = "active",
): Promise<ActivityBatch> {
  const { storage, ids } = onecode.ports;
  const now = iso(onecode);
  const first = packageIds[0] ? await storage.codePackages.get(tenantId, packageIds[0]) : null;
  const id = ids.newId("acb");
  const batch: ActivityBatch = {
    tenantId,
    id,
    batchNumber: `A-${id}`.slice(0, 50),
    campaignId,
    merchantId: first?.merchantId ?? "mer_none",
    productId: first?.productId ?? "prd_none",
    remark: "",
    status,
    packageIds: [],
    codeCount: 0,
    activatedAt: status === "inactive" ? null : now,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const written = await storage.activityBatches.insert(batch);
  if (written !== "written") throw new Error(`activity batch fixture: ${written}`);
  let bound = batch;
  for (const packageId of packageIds) {
    const pkg = await storage.codePackages.get(tenantId, packageId);
    const result = await storage.activityBatches.bindPackage(
      tenantId,
      batch.id,
      packageId,
      pkg?.total ?? 0,
      now,
    );
    if (result.outcome !== "bound") throw new Error(`activity batch fixture: ${result.outcome}`);
    bound = result.batch;
  }
  return bound;
}
