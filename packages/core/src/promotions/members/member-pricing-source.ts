import { isoNow } from "../../kernel/clock.js";
import { OneCodeError } from "../../kernel/errors.js";
import { SYSTEM_ACTOR } from "../../kernel/tenant.js";
import type { MemberStanding, PricingSource } from "../pricing/pricing-sources.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import { blacklistedError } from "./customers/customer-service.js";
import { customerLevel, levelsOf } from "./levels/member-levels.js";
import { redeemKey } from "./member-order-handlers.js";
import { memberSettingsOf } from "./member-settings.js";
import { recordedEntry, recordPoints } from "./points/points-ledger.js";
import { levelRate, redemptionOf } from "./points/points-rules.js";

/**
 * The members module's part of pricing (§4.4 steps 3 and 4): the buyer's
 * level discount, first-order and blacklist flags, points balance and the
 * tenant's redemption terms; `commit` debits the points an order spends in
 * the order's transaction (ledger key `redeem:<order>`), and refuses a
 * blacklisted buyer or a balance that fell meanwhile.
 */
export function memberPricingSource(
  runtime: PromotionsRuntime,
): Pick<PricingSource, "member" | "commit"> {
  const { storage } = runtime.ports;
  return {
    async member(tenantId, customerId): Promise<MemberStanding> {
      const [customer, levels, settings] = await Promise.all([
        storage.memberCustomers.get(tenantId, customerId),
        levelsOf(storage, tenantId, isoNow(runtime.ports.clock)),
        memberSettingsOf(storage, tenantId),
      ]);
      const level = customer
        ? customerLevel(customer, levels, settings)
        : (levels.find((l) => l.isDefault) ?? null);
      return {
        customerId,
        level: level && { id: level.id, name: level.name, rate: levelRate(level) },
        firstOrder: (customer?.ordersCount ?? 0) === 0,
        blacklisted: customer?.blacklisted ?? false,
        pointsBalance: settings.pointsEnabled ? (customer?.pointsBalance ?? 0) : 0,
        pointsRedemption: redemptionOf(settings),
      };
    },
    async commit(tx, order, _request, use) {
      const customer = await tx.memberCustomers.get(order.tenantId, order.customerId);
      if (customer?.blacklisted) throw blacklistedError(order.customerId);
      const used = use.points.used;
      if (used <= 0) return undefined;
      const change = {
        tenantId: order.tenantId,
        customerId: order.customerId,
        kind: "redeem" as const,
        delta: -used,
        key: redeemKey(order.id),
        orderId: order.id,
        note: `order ${order.number}`,
        actor: SYSTEM_ACTOR,
      };
      const recorded = await recordPoints(tx, runtime, change, null);
      if (recorded.outcome === "duplicate") {
        throw new OneCodeError("BUSY", `order ${order.id} redeemed points already`, {
          resource: "points",
          attempts: 1,
        });
      }
      recordedEntry(recorded, change);
      return undefined;
    },
  };
}
