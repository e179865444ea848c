import { describe, expect, it } from "vitest";
import type {
  Commission,
  Distributor,
  Withdrawal,
} from "../../src/promotions/distributors/distributor.js";
import { freshId, freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

const AT = "2026-06-01T10:00:00.000Z";
const LATER = "2026-06-01T10:05:00.000Z";

function distributorRecord(tenantId: string, overrides: Partial<Distributor> = {}): Distributor {
  const id = overrides.id ?? freshId("dsr");
  return {
    tenantId,
    id,
    customerId: `cus-${id}`,
    code: `C${id.slice(-7).toUpperCase()}`,
    status: "approved",
    rate: null,
    phone: null,
    note: null,
    earned: 0,
    withdrawing: 0,
    withdrawn: 0,
    appliedAt: AT,
    decidedAt: null,
    decidedBy: null,
    updatedAt: AT,
    ...overrides,
  };
}

function commissionRecord(distributor: Distributor, orderId: string): Commission {
  return {
    tenantId: distributor.tenantId,
    id: orderId,
    distributorId: distributor.id,
    buyerId: "buyer-1",
    rate: "10",
    base: 10_000,
    status: "attributed",
    amount: 0,
    reversed: 0,
    createdAt: AT,
    updatedAt: AT,
  };
}

function withdrawalRecord(distributor: Distributor, amount: number): Withdrawal {
  return {
    tenantId: distributor.tenantId,
    id: freshId("wdr"),
    distributorId: distributor.id,
    customerId: distributor.customerId,
    amount,
    status: "requested",
    reason: null,
    paymentId: null,
    failureCode: null,
    requestedAt: AT,
    decidedAt: null,
    decidedBy: null,
    updatedAt: AT,
  };
}

/** Distribution: settings, unique distributors, decisions by compare-and-set, commissions credited and reversed once, withdrawals within the balance. */
export function distributorTests({ storage }: StorageSuiteContext): void {
  const repo = () => storage().distributors;
  /** A stored distributor with `earned` credited through a commission. */
  const funded = async (tenant: string, earned: number) => {
    const distributor = distributorRecord(tenant);
    await repo().insert(distributor);
    if (earned > 0) {
      await repo().attribute(commissionRecord(distributor, freshId("ord")));
      const [commission] = await repo().listCommissions(tenant, distributor.id, {
        beforeId: null,
        limit: 1,
      });
      await repo().earn(tenant, commission?.id ?? "", earned, AT);
    }
    return distributor;
  };

  describe("distributors", () => {
    it("stores settings and distributors, one per customer and code", async () => {
      const tenant = freshTenantId();
      expect(await repo().getSettings(tenant)).toBeNull();
      await repo().saveSettings({ tenantId: tenant, defaultRate: "5", updatedAt: AT });
      await repo().saveSettings({ tenantId: tenant, defaultRate: "7.5", updatedAt: LATER });
      expect(await repo().getSettings(tenant)).toEqual({
        tenantId: tenant,
        defaultRate: "7.5",
        updatedAt: LATER,
      });
      const a = distributorRecord(tenant, { status: "pending", phone: "13800138000" });
      expect(await repo().insert(a)).toEqual({ outcome: "inserted" });
      expect(await repo().insert(distributorRecord(tenant, { customerId: a.customerId }))).toEqual({
        outcome: "customer_exists",
        distributor: a,
      });
      expect(await repo().insert(distributorRecord(tenant, { code: a.code }))).toEqual({
        outcome: "code_taken",
      });
      expect(await repo().get(tenant, a.id)).toEqual(a);
      expect(await repo().getByCustomer(tenant, a.customerId)).toEqual(a);
      expect(await repo().getByCode(tenant, a.code)).toEqual(a);
      expect(await repo().get(freshTenantId(), a.id)).toBeNull();
      const decision = {
        status: "approved" as const,
        rate: "12.5",
        note: "ok",
        decidedAt: LATER,
        decidedBy: "alice",
        updatedAt: LATER,
      };
      const approved = await repo().decide(tenant, a.id, "pending", decision);
      expect(approved).toEqual({ ...a, ...decision });
      expect(await repo().decide(tenant, a.id, "pending", decision)).toBeNull();
      expect(await repo().list(tenant, { status: "approved", beforeId: null, limit: 10 })).toEqual([
        approved,
      ]);
      expect(await repo().list(tenant, { status: "pending", beforeId: null, limit: 10 })).toEqual(
        [],
      );
    });

    it("credits a commission once and reverses it monotonically", async () => {
      const tenant = freshTenantId();
      const distributor = distributorRecord(tenant);
      await repo().insert(distributor);
      const commission = commissionRecord(distributor, "ord_1");
      expect(await repo().attribute(commission)).toBe(true);
      expect(await repo().attribute(commission)).toBe(false);
      expect(await repo().attributedOf(tenant, distributor.id)).toEqual({
        commissions: [commission],
        orders: 1,
      });
      const earned = await Promise.all([
        repo().earn(tenant, "ord_1", 1_000, LATER),
        repo().earn(tenant, "ord_1", 1_000, LATER),
      ]);
      expect(earned.filter((row) => row !== null)).toHaveLength(1);
      expect((await repo().get(tenant, distributor.id))?.earned).toBe(1_000);
      await Promise.all([
        repo().reverseTo(tenant, "ord_1", 250, LATER),
        repo().reverseTo(tenant, "ord_1", 250, LATER),
      ]);
      expect(await repo().reverseTo(tenant, "ord_1", 100, LATER)).toMatchObject({ reversed: 250 });
      expect(await repo().reverseTo(tenant, "ord_1", 5_000, LATER)).toMatchObject({
        reversed: 1_000,
      });
      expect((await repo().get(tenant, distributor.id))?.earned).toBe(0);
      await repo().attribute(commissionRecord(distributor, "ord_2"));
      expect(await repo().reverseTo(tenant, "ord_2", 0, LATER)).toMatchObject({ status: "void" });
      expect(await repo().earn(tenant, "ord_2", 500, LATER)).toBeNull();
      expect(await repo().getCommission(tenant, "ord_3")).toBeNull();
      expect(
        (await repo().listCommissions(tenant, distributor.id, { beforeId: null, limit: 10 })).map(
          (c) => c.id,
        ),
      ).toEqual(["ord_2", "ord_1"]);
    });

    it("requests withdrawals within the available balance and moves them with their balances", async () => {
      const tenant = freshTenantId();
      const distributor = await funded(tenant, 1_000);
      const first = withdrawalRecord(distributor, 600);
      expect(await repo().requestWithdrawal(first)).toEqual({ outcome: "requested" });
      expect(await repo().requestWithdrawal(withdrawalRecord(distributor, 500))).toEqual({
        outcome: "insufficient",
        available: 400,
      });
      expect(await repo().getWithdrawal(tenant, first.id)).toEqual(first);
      const approved = await repo().moveWithdrawal(tenant, first.id, "requested", {
        status: "approved",
        decidedAt: LATER,
        decidedBy: "alice",
        updatedAt: LATER,
      });
      expect(approved).toEqual({
        ...first,
        status: "approved",
        decidedAt: LATER,
        decidedBy: "alice",
        updatedAt: LATER,
      });
      expect(
        await repo().moveWithdrawal(tenant, first.id, "requested", {
          status: "rejected",
          updatedAt: LATER,
        }),
      ).toBeNull();
      await repo().moveWithdrawal(tenant, first.id, "approved", {
        status: "paid",
        paymentId: "pay_1",
        updatedAt: LATER,
      });
      expect(await repo().get(tenant, distributor.id)).toMatchObject({
        earned: 1_000,
        withdrawing: 0,
        withdrawn: 600,
      });
      const second = withdrawalRecord(distributor, 400);
      await repo().requestWithdrawal(second);
      await repo().moveWithdrawal(tenant, second.id, "requested", {
        status: "rejected",
        reason: "no",
        updatedAt: LATER,
      });
      expect(await repo().get(tenant, distributor.id)).toMatchObject({
        withdrawing: 0,
        withdrawn: 600,
      });
      expect(
        (
          await repo().listWithdrawals(tenant, {
            distributorId: distributor.id,
            status: "paid",
            beforeId: null,
            limit: 10,
          })
        ).map((w) => w.id),
      ).toEqual([first.id]);
      expect(
        await repo().requestWithdrawal({
          ...withdrawalRecord(distributor, 100),
          distributorId: "dsr_none",
        }),
      ).toEqual({
        outcome: "not_found",
      });
    });

    it("never withdraws the same money twice under concurrent requests", async () => {
      const tenant = freshTenantId();
      const distributor = await funded(tenant, 1_000);
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () =>
          repo().requestWithdrawal(withdrawalRecord(distributor, 300)),
        ),
      );
      expect(outcomes.filter((o) => o.outcome === "requested")).toHaveLength(3);
      expect((await repo().get(tenant, distributor.id))?.withdrawing).toBe(900);
    });
  });
}
