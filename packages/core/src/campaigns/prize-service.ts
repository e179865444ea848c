import { countChanges, createdChanges, updatedChanges } from "../kernel/audit/audit-summary.js";
import { isoNow } from "../kernel/clock.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import { InputCheck } from "../kernel/input-check.js";
import { paginate } from "../kernel/pagination.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { StorageRepositories } from "../ports/storage.js";
import { wholeNumber } from "../promotions/flash-sales/sale-input-check.js";
import { checkNewPrize, checkPrizePatch, MAX_PRIZE_STOCK } from "./campaign-input.js";
import type { PrizeService } from "./campaign-services.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import { type ParsedCdkText, parseCdkText } from "./cdk-import.js";
import { forgetPrize } from "./draw-caches.js";
import type { Prize, PrizeSubStock } from "./prize.js";
import { PRIZE_KINDS } from "./prize.js";
import { freezePrizeFunds, fundsToFreeze } from "./prize-funds.js";

const MAX_ATTEMPTS = 3;
const CAMPAIGN_PAGE = 200;

/** `NOT_FOUND` unless the tenant has the prize. */
export async function requirePrize(
  storage: Pick<StorageRepositories, "prizes">,
  tenantId: string,
  prizeId: string,
  field?: string,
): Promise<Prize> {
  const prize = await storage.prizes.get(tenantId, prizeId);
  if (!prize) throw notFound("prize", prizeId, field);
  return prize;
}

/**
 * Appends the file's keys that the prize does not hold yet, in file order,
 * and reports what was left out: blank lines, and repeats (of an earlier
 * line, or of a key imported before: `firstLine: null`). Runs in `tx`.
 */
async function appendCdkKeys(
  tx: StorageRepositories,
  tenantId: string,
  prizeId: string,
  parsed: ParsedCdkText,
  at: string,
) {
  const existing = new Set(
    await tx.prizes.existingCdkKeys(
      tenantId,
      prizeId,
      parsed.keys.map((entry) => entry.key),
    ),
  );
  const fresh = parsed.keys.filter((entry) => !existing.has(entry.key));
  if (fresh.length > 0) {
    await tx.prizes.addCdkKeys(
      tenantId,
      prizeId,
      fresh.map((entry) => entry.key),
      at,
    );
  }
  const duplicateLines = [
    ...parsed.duplicateLines,
    ...parsed.keys
      .filter((entry) => existing.has(entry.key))
      .map((entry) => ({ line: entry.line, firstLine: null })),
  ].sort((a, b) => a.line - b.line);
  return { imported: fresh.length, blankLines: parsed.blankLines, duplicateLines };
}

/**
 * Builds the {@link PrizeService}. CDK keys are secrets: they are stored
 * and nowhere else (no audit entry, event, error or listing names one).
 */
export function prizeService(runtime: CampaignsRuntime): PrizeService {
  const { ports } = runtime;
  const { storage } = ports;

  return {
    async create(ctx, input) {
      requireCapability(ctx, "campaigns.manage");
      const checked = checkNewPrize(input);
      if (checked.couponId !== null) {
        const coupon = await storage.coupons.get(ctx.tenantId, checked.couponId);
        if (!coupon) throw notFound("coupon", checked.couponId, "couponId");
        if (coupon.status !== "published") {
          throw new OneCodeError(
            "COUPON_STATE",
            `coupon ${coupon.id} is ${coupon.status}; only a published coupon can be a prize`,
            { couponId: coupon.id, status: coupon.status, action: "prize" },
          );
        }
      }
      const id = ports.ids.newId("prz");
      const amount = fundsToFreeze(checked);
      // Freeze first: a prize is never stored with money it does not have.
      const funds =
        amount > 0 ? await freezePrizeFunds(runtime, ctx.tenantId, id, checked, amount) : null;
      const now = isoNow(ports.clock);
      const { cdk, ...fields } = checked;
      const prize: Prize = {
        tenantId: ctx.tenantId,
        id,
        ...fields,
        // A CDK prize's stock grows with the keys appended below.
        totalStock: cdk ? 0 : checked.totalStock,
        allocated: 0,
        funds,
        cdkHandedOut: 0,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      return storage.transaction(async (tx) => {
        await tx.prizes.insert(prize);
        const cdkImport = cdk ? await appendCdkKeys(tx, ctx.tenantId, id, cdk, now) : null;
        const stored = await requirePrize(tx, ctx.tenantId, id);
        await runtime.recordAudit(tx, ctx, {
          action: "campaigns.prize.created",
          target: { type: "prize", id },
          changes: {
            ...createdChanges({ ...stored, version: undefined }),
            ...(cdkImport && countChanges({ cdkImported: cdkImport.imported })),
          },
        });
        return { prize: stored, cdkImport };
      });
    },

    async get(ctx, prizeId) {
      requireCapability(ctx, "campaigns.read");
      return requirePrize(storage, ctx.tenantId, prizeId);
    },

    async list(ctx, filter = {}) {
      requireCapability(ctx, "campaigns.read");
      const check = new InputCheck();
      const kind =
        filter.kind === undefined ? undefined : check.oneOf("kind", filter.kind, PRIZE_KINDS);
      check.done();
      return paginate(filter, (query) =>
        storage.prizes.list(ctx.tenantId, kind === undefined ? {} : { kind }, query),
      );
    },

    async update(ctx, prizeId, input) {
      requireCapability(ctx, "campaigns.manage");
      const patch = checkPrizePatch(input);
      const now = isoNow(ports.clock);
      const updated = await storage.transaction(async (tx) => {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          const before = await requirePrize(tx, ctx.tenantId, prizeId);
          const after: Prize = { ...before, ...patch, version: before.version + 1, updatedAt: now };
          if (!(await tx.prizes.update(after, before.version))) continue;
          await runtime.recordAudit(tx, ctx, {
            action: "campaigns.prize.updated",
            target: { type: "prize", id: prizeId },
            changes: updatedChanges(before, after, Object.keys(patch)),
          });
          return after;
        }
        throw new OneCodeError("BUSY", `prize ${prizeId} kept changing concurrently`, {
          resource: "prize",
          attempts: MAX_ATTEMPTS,
        });
      });
      // Draws and scans here show the new name and images at once.
      forgetPrize(runtime, ctx.tenantId, prizeId);
      return updated;
    },

    async importCdk(ctx, prizeId, text) {
      requireCapability(ctx, "campaigns.manage");
      const prize = await requirePrize(storage, ctx.tenantId, prizeId);
      if (prize.kind !== "cdk" || prize.funds !== null) {
        // A purchased CDK stock was paid for as imported; more keys would need more funds.
        throw new OneCodeError(
          "PRIZE_KIND_MISMATCH",
          `prize ${prizeId} is ${prize.funds ? "a purchased" : "a"} ${prize.kind} prize; keys are imported into own CDK prizes only`,
          { prizeId, kind: prize.kind, required: "cdk" },
        );
      }
      const check = new InputCheck();
      const parsed = parseCdkText(check, text);
      check.done();
      const now = isoNow(ports.clock);
      return storage.transaction(async (tx) => {
        const cdkImport = await appendCdkKeys(tx, ctx.tenantId, prizeId, parsed, now);
        const stored = await requirePrize(tx, ctx.tenantId, prizeId);
        await runtime.recordAudit(tx, ctx, {
          action: "campaigns.prize.cdk_imported",
          target: { type: "prize", id: prizeId },
          changes: {
            ...countChanges({
              cdkImported: cdkImport.imported,
              blankLines: cdkImport.blankLines.length,
              duplicateLines: cdkImport.duplicateLines.length,
            }),
            totalStock: { before: prize.totalStock, after: stored.totalStock },
          },
        });
        return { prize: stored, cdkImport };
      });
    },

    async addStock(ctx, prizeId, units) {
      requireCapability(ctx, "campaigns.manage");
      const check = new InputCheck();
      wholeNumber(check, "units", units, 1, MAX_PRIZE_STOCK);
      check.done();
      const now = isoNow(ports.clock);
      return storage.transaction(async (tx) => {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          const before = await requirePrize(tx, ctx.tenantId, prizeId);
          if (before.kind === "cdk" || before.funds !== null) {
            // Funded stock is backed by a hold of a fixed amount; CDK stock is its keys.
            throw new OneCodeError(
              "PRIZE_KIND_MISMATCH",
              `prize ${prizeId} is a ${before.funds ? "funded " : ""}${before.kind} prize; stock is added to unfunded non-CDK prizes only`,
              { prizeId, kind: before.kind, required: "unfunded non-cdk" },
            );
          }
          const totalStock = before.totalStock + units;
          if (totalStock > MAX_PRIZE_STOCK) {
            const fail = new InputCheck();
            fail.fail("units", "range", `the stock may reach at most ${MAX_PRIZE_STOCK} units`);
            fail.done();
          }
          const after: Prize = {
            ...before,
            totalStock,
            version: before.version + 1,
            updatedAt: now,
          };
          if (!(await tx.prizes.update(after, before.version))) continue;
          await runtime.recordAudit(tx, ctx, {
            action: "campaigns.prize.stock_added",
            target: { type: "prize", id: prizeId },
            changes: { totalStock: { before: before.totalStock, after: totalStock } },
          });
          return after;
        }
        throw new OneCodeError("BUSY", `prize ${prizeId} kept changing concurrently`, {
          resource: "prize",
          attempts: MAX_ATTEMPTS,
        });
      });
    },

    async subStocks(ctx, prizeId) {
      requireCapability(ctx, "campaigns.read");
      await requirePrize(storage, ctx.tenantId, prizeId);
      const subStocks: PrizeSubStock[] = [];
      let beforeId: string | null = null;
      for (;;) {
        const page = await storage.campaigns.list(
          ctx.tenantId,
          {},
          { limit: CAMPAIGN_PAGE, beforeId },
        );
        for (const campaign of page) {
          const slots = campaign.slots.filter((slot) => slot.prizeId === prizeId);
          if (slots.length === 0) continue;
          const wins = await storage.draws.winsBySlot(ctx.tenantId, campaign.id);
          for (const slot of slots) {
            subStocks.push({
              campaignId: campaign.id,
              campaignTitle: campaign.title,
              slot: slot.slot,
              allocated: slot.allocation,
              won: wins.get(slot.slot) ?? 0,
            });
          }
        }
        if (page.length < CAMPAIGN_PAGE) break;
        beforeId = page[page.length - 1]?.id ?? null;
      }
      return subStocks;
    },
  };
}
