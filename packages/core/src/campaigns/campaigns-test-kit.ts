import type { CodePackage } from "../codes/code-package.js";
import { storedUploadPackage } from "../codes/codes-test-kit.js";
import { createOneCode } from "../create-one-code.js";
import { auditRecorder } from "../kernel/audit/record-audit.js";
import { ManualClock } from "../kernel/clock.js";
import { seededRandom } from "../kernel/random.js";
import { type TenantContext, tenantContext } from "../kernel/tenant.js";
import { recordingPaymentGateway } from "../memory/recording-payment.js";
import type { CampaignInput, CampaignSlotInput } from "./campaign.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import type { Draw } from "./draw.js";
import { drawViews } from "./draw-views.js";
import type { PrizeInput } from "./prize.js";

/** The admin of tenant `acme`. */
export const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
/** The admin of another tenant. */
export const otherAdmin = tenantContext("globex", { id: "gina", kind: "staff", roles: ["admin"] });
/** A staff member of `acme` without campaign capabilities. */
export const clerk = tenantContext("acme", { id: "carl", kind: "staff", roles: [] });

const NOW = "2026-05-01T08:00:00.000Z";

/**
 * A deterministic OneCode on memory ports for the campaigns' operator
 * services, with a recording payment gateway (scriptable failures and
 * pending answers), a merchant and product of `acme`, and fixtures for
 * prizes, campaigns, code packages and stored draws.
 */
export async function campaignsTestKit() {
  const clock = new ManualClock(NOW);
  const payment = recordingPaymentGateway();
  const onecode = createOneCode({
    clock,
    payment,
    random: seededRandom("campaigns"),
    codes: { autoRun: false },
    coupons: { claimLinkBase: "https://shop.example/claim/" },
  });
  const { storage } = onecode.ports;
  // The draw service is another module's; its operator views are built here alone.
  const views = drawViews({
    ports: onecode.ports,
    recordAudit: auditRecorder(onecode.ports),
  } as unknown as CampaignsRuntime);
  const merchant = await onecode.merchants.create(admin, {
    name: "Acme Tea",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
  });
  const product = await onecode.products.create(admin, {
    merchantId: merchant.id,
    name: "Longjing",
  });

  /** A physical prize of `totalStock` units. */
  const physical = async (totalStock = 100, overrides: Partial<PrizeInput> = {}) =>
    (
      await onecode.prizes.create(admin, {
        name: "Tea cup",
        kind: "physical",
        totalStock,
        ...overrides,
      })
    ).prize;

  const slot = (
    prizeId: string,
    overrides: Partial<CampaignSlotInput> = {},
  ): CampaignSlotInput => ({
    prizeId,
    probability: 10,
    allocation: 10,
    accountLimit: { period: "day", times: 1 },
    ...overrides,
  });

  /** A campaign input of `template` with the given slots. */
  const campaignInput = (
    slots: CampaignSlotInput[],
    overrides: Partial<CampaignInput> = {},
  ): CampaignInput => ({
    template: "scratch",
    title: "Spring scratch",
    startsAt: "2026-05-01T00:00:00Z",
    endsAt: "2026-06-01T00:00:00Z",
    slots,
    ...overrides,
  });

  /** Stores a succeeded code package of the merchant. */
  const codePackage = (total = 40, overrides: Partial<CodePackage> = {}) =>
    storedUploadPackage(onecode, { tenantId: "acme", merchantId: merchant.id }, total, overrides);

  /** Stores a draw as the draw service would (a won slot unless overridden). */
  const storedDraw = async (overrides: Partial<Draw> = {}, ctx: TenantContext = admin) => {
    const draw: Draw = {
      tenantId: ctx.tenantId,
      id: onecode.ports.ids.newId("drw"),
      campaignId: "cmp_x",
      activityBatchId: "acb_x",
      code: onecode.ports.ids.newId("code"),
      accountId: "acct-1",
      slot: 0,
      prizeId: "prz_x",
      prizeKind: "physical",
      prizeName: "Tea cup",
      noPrizeReason: null,
      prizeState: "won",
      receipt: { id: "rcp", scope: "s" },
      drawnAt: new Date(clock.nowMs()).toISOString(),
      claimedAt: null,
      claimBy: null,
      cdkKey: null,
      recipient: null,
      shipping: null,
      payoutStatus: "none",
      paidAmount: 0,
      returnedAmount: 0,
      ...overrides,
    };
    if ((await storage.draws.insert(draw)) !== "inserted") throw new Error("draw fixture");
    return draw;
  };

  /** The audit actions recorded on a target, oldest first. */
  const auditActions = async (targetId: string, ctx: TenantContext = admin) => {
    const page = await onecode.audit.list(ctx, { targetId }, { limit: 200 });
    return page.items.map((entry) => entry.action).reverse();
  };

  const auditEntries = async (ctx: TenantContext = admin) =>
    (await onecode.audit.list(ctx, {}, { limit: 200 })).items;

  return {
    onecode,
    clock,
    payment,
    storage,
    views,
    merchant,
    product,
    physical,
    slot,
    campaignInput,
    codePackage,
    storedDraw,
    auditActions,
    auditEntries,
  };
}
