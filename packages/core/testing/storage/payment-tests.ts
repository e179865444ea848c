import { describe, expect, it } from "vitest";
import { money } from "../../src/kernel/money.js";
import type { StoredPayment } from "../../src/kernel/payments/ports.js";
import { freshId, freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** A pending order charge of `tenantId`, created at `createdAt`. */
export function storedPaymentRecord(
  tenantId: string,
  overrides: Partial<StoredPayment> = {},
): StoredPayment {
  const at = overrides.createdAt ?? "2026-05-01T10:00:00.000Z";
  return {
    tenantId,
    id: freshId("pay"),
    kind: "charge",
    status: "pending",
    amount: money(6110, "CNY"),
    failureCode: null,
    idempotencyKey: freshId("key"),
    relatedId: null,
    subject: { type: "order", id: "ord_1" },
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** Payments: one row per provider id, decided once, final rows unchanged, tenant isolation. */
export function paymentTests({ storage }: StorageSuiteContext): void {
  const payments = () => storage().payments;

  describe("payments", () => {
    it("stores a payment and decides a pending one exactly once", async () => {
      const tenant = freshTenantId();
      const pending = storedPaymentRecord(tenant);
      expect(await payments().record(pending)).toEqual({ payment: pending, decided: false });
      expect(await payments().record(pending)).toEqual({ payment: pending, decided: false });
      const succeeded = {
        ...pending,
        status: "succeeded" as const,
        updatedAt: "2026-05-01T10:01:00.000Z",
      };
      expect(await payments().record(succeeded)).toEqual({ payment: succeeded, decided: true });
      expect(await payments().record(succeeded)).toEqual({ payment: succeeded, decided: false });
      const late = {
        ...pending,
        status: "failed" as const,
        failureCode: "PAYER_DECLINED" as const,
      };
      expect(await payments().record(late)).toEqual({ payment: succeeded, decided: false });
      expect(await payments().get(tenant, pending.id)).toEqual(succeeded);
    });

    it("counts a payment stored final at once as decided", async () => {
      const tenant = freshTenantId();
      const failed = storedPaymentRecord(tenant, {
        status: "failed",
        failureCode: "INSUFFICIENT_BALANCE",
        kind: "refund",
        relatedId: "pay_x",
      });
      expect(await payments().record(failed)).toEqual({ payment: failed, decided: true });
    });

    it("lets exactly one of many concurrent notifications decide a payment", async () => {
      const tenant = freshTenantId();
      const pending = storedPaymentRecord(tenant);
      await payments().record(pending);
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          payments().record(
            i % 2
              ? { ...pending, status: "succeeded" }
              : { ...pending, status: "failed", failureCode: "PAYER_DECLINED" },
          ),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.decided)).toHaveLength(1);
      const final = await payments().get(tenant, pending.id);
      expect(final?.status).not.toBe("pending");
      for (const outcome of outcomes) expect(outcome.payment.status).toBe(final?.status);
    });

    it("lists a subject's payments oldest first and keeps tenants apart", async () => {
      const [mine, theirs] = [freshTenantId(), freshTenantId()];
      const first = storedPaymentRecord(mine, { createdAt: "2026-05-01T10:00:00.000Z" });
      const refund = storedPaymentRecord(mine, {
        kind: "refund",
        relatedId: first.id,
        createdAt: "2026-05-02T10:00:00.000Z",
        amount: money(100, "CNY"),
      });
      const other = storedPaymentRecord(mine, { subject: { type: "order", id: "ord_2" } });
      for (const payment of [refund, first, other]) await payments().record(payment);
      await payments().record(storedPaymentRecord(theirs, { id: first.id }));
      expect(await payments().listBySubject(mine, { type: "order", id: "ord_1" })).toEqual([
        first,
        refund,
      ]);
      expect(await payments().get(theirs, refund.id)).toBeNull();
      expect((await payments().get(theirs, first.id))?.tenantId).toBe(theirs);
    });

    it("lists pending payments created before a time, oldest first, across tenants", async () => {
      const [a, b] = [freshTenantId(), freshTenantId()];
      // Far in the past, so rows of other tests on a shared database sort after these.
      const old = storedPaymentRecord(a, { createdAt: "2001-01-01T00:00:00.000Z" });
      const older = storedPaymentRecord(b, { createdAt: "2000-06-01T00:00:00.000Z" });
      const decided = storedPaymentRecord(a, {
        createdAt: "2000-01-01T00:00:00.000Z",
        status: "succeeded",
      });
      const recent = storedPaymentRecord(a, { createdAt: "2001-06-01T00:00:00.000Z" });
      for (const payment of [old, older, decided, recent]) await payments().record(payment);
      const listed = await payments().listPending({
        createdBefore: "2001-03-01T00:00:00.000Z",
        limit: 10,
      });
      const ours = listed.filter((payment) => payment.tenantId === a || payment.tenantId === b);
      expect(ours).toEqual([older, old]);
      expect(
        await payments().listPending({ createdBefore: "2001-03-01T00:00:00.000Z", limit: 1 }),
      ).toHaveLength(1);
    });

    it("undoes a payment recorded in a transaction that fails", async () => {
      const tenant = freshTenantId();
      const pending = storedPaymentRecord(tenant);
      await payments().record(pending);
      const fresh = storedPaymentRecord(tenant);
      await expect(
        storage().transaction(async (tx) => {
          await tx.payments.record({ ...pending, status: "succeeded" });
          await tx.payments.record(fresh);
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect((await payments().get(tenant, pending.id))?.status).toBe("pending");
      expect(await payments().get(tenant, fresh.id)).toBeNull();
    });
  });
}
