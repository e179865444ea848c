import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../src/kernel/errors.js";
import { money } from "../../src/kernel/money.js";
import type { PaymentScript } from "../../src/memory/payment-script.js";
import type { PaymentGateway, PaymentRecord } from "../../src/ports/payment.js";
import { type Capability, provided, skipNote } from "../capability.js";
import { freshId, freshTenantId } from "../fixtures.js";

/** What the payment gateway suite needs from an implementation. */
export interface PaymentGatewaySuiteOptions {
  /** Shown in the suite title. */
  readonly name: string;
  /** A gateway in a sandbox where every operation can succeed. */
  readonly create: () => Promise<PaymentGateway>;
  readonly capabilities: {
    /**
     * Scripted provider misbehaviour (failures, timeouts, pending answers),
     * and deciding a pending operation as the provider's notification would.
     * Real providers' sandboxes usually cannot do this on demand.
     */
    readonly scripted: Capability<{
      readonly script: (gateway: PaymentGateway) => PaymentScript;
      readonly decidePending: (gateway: PaymentGateway, paymentId: string) => PaymentRecord;
    }>;
  };
}

const cny = (amount: number) => money(amount, "CNY");
const succeeded = (record: PaymentRecord) => {
  expect(record.status).toBe("succeeded");
  return record;
};

/**
 * The payment gateway conformance suite: idempotency by key, refunds within
 * their charge, payouts within their hold, tenant isolation, and (where the
 * gateway can be scripted) failures, timeouts and pending outcomes. The
 * in-memory recording gateway runs it; run it against your provider's
 * sandbox adapter.
 *
 * @example
 * ```ts
 * runPaymentGatewaySuite({
 *   name: "wechat-pay sandbox",
 *   create: async () => wechatPayGateway(sandboxConfig),
 *   capabilities: { scripted: { unsupported: "the sandbox cannot fail on demand" } },
 * });
 * ```
 */
export function runPaymentGatewaySuite(options: PaymentGatewaySuiteOptions): void {
  describe(`payment gateway conformance: ${options.name}`, () => {
    const charge = (
      gateway: PaymentGateway,
      tenantId: string,
      amount: number,
      key = freshId("key"),
    ) =>
      gateway.charge({
        tenantId,
        idempotencyKey: key,
        amount: cny(amount),
        payer: "u1",
        description: "order",
      });

    it("performs each idempotency key once and returns the first record on repeats", async () => {
      const gateway = await options.create();
      const tenant = freshTenantId();
      const first = succeeded(await charge(gateway, tenant, 6110, "order-1"));
      expect(await charge(gateway, tenant, 6110, "order-1")).toEqual(first);
      expect(await gateway.query(tenant, first.id)).toEqual(first);
      expect(await gateway.query(tenant, "pay_unknown")).toBeNull();
    });

    it("keeps refunds within what the charge took", async () => {
      const gateway = await options.create();
      const tenant = freshTenantId();
      const paid = succeeded(await charge(gateway, tenant, 1000));
      const refund = (amount: number) =>
        gateway.refund({
          tenantId: tenant,
          idempotencyKey: freshId("refund"),
          amount: cny(amount),
          chargeId: paid.id,
          reason: "return",
        });
      succeeded(await refund(600));
      expect(await refund(500)).toMatchObject({ status: "failed", failureCode: "AMOUNT_EXCEEDED" });
      succeeded(await refund(400));
      const orphan = await gateway.refund({
        tenantId: tenant,
        idempotencyKey: freshId("refund"),
        amount: cny(1),
        chargeId: "pay_unknown",
        reason: "x",
      });
      expect(orphan).toMatchObject({ status: "failed", failureCode: "UNKNOWN_ORIGIN" });
    });

    it("freezes funds, settles and releases them within the hold", async () => {
      const gateway = await options.create();
      const tenant = freshTenantId();
      const hold = succeeded(
        await gateway.freeze({
          tenantId: tenant,
          idempotencyKey: freshId("freeze"),
          amount: cny(10_000),
          description: "prize funds",
        }),
      );
      const settle = (amount: number, key = freshId("settle")) =>
        gateway.settle({
          tenantId: tenant,
          idempotencyKey: key,
          amount: cny(amount),
          holdId: hold.id,
          payee: "winner",
          description: "red packet",
        });
      succeeded(await settle(888, "claim-1"));
      expect(await settle(888, "claim-1")).toMatchObject({ status: "succeeded" });
      succeeded(await settle(112));
      expect(await settle(9_001)).toMatchObject({
        status: "failed",
        failureCode: "AMOUNT_EXCEEDED",
      });
      succeeded(
        await gateway.release({
          tenantId: tenant,
          idempotencyKey: freshId("release"),
          amount: cny(9_000),
          holdId: hold.id,
          reason: "campaign over",
        }),
      );
      expect(await gateway.hold(tenant, hold.id)).toEqual({
        id: hold.id,
        frozen: cny(10_000),
        settled: cny(1_000),
        released: cny(9_000),
        available: cny(0),
      });
      expect(await gateway.hold(tenant, "pay_unknown")).toBeNull();
    });

    it("keeps tenants' operations apart", async () => {
      const gateway = await options.create();
      const a = freshTenantId();
      const b = freshTenantId();
      const paid = succeeded(await charge(gateway, a, 500, "same-key"));
      expect(await gateway.query(b, paid.id)).toBeNull();
      const other = succeeded(await charge(gateway, b, 700, "same-key"));
      expect(other.id).not.toBe(paid.id);
      const stolen = await gateway.refund({
        tenantId: b,
        idempotencyKey: freshId("refund"),
        amount: cny(1),
        chargeId: paid.id,
        reason: "x",
      });
      expect(stolen).toMatchObject({ status: "failed", failureCode: "UNKNOWN_ORIGIN" });
    });

    const scripted = provided(options.capabilities.scripted);
    const note = skipNote(options.capabilities.scripted);

    it.skipIf(!scripted)(`surfaces provider failures without using the key up${note}`, async () => {
      if (!scripted) return;
      const gateway = await options.create();
      const tenant = freshTenantId();
      scripted.script(gateway).failNext("charge", "CERTIFICATE_EXPIRED");
      expect(await charge(gateway, tenant, 100, "k1")).toMatchObject({
        status: "failed",
        failureCode: "CERTIFICATE_EXPIRED",
      });
      succeeded(await charge(gateway, tenant, 100, "k1"));
    });

    it.skipIf(!scripted)(
      `answers a lost timeout with the record on retry, never twice${note}`,
      async () => {
        if (!scripted) return;
        const gateway = await options.create();
        const tenant = freshTenantId();
        const script = scripted.script(gateway);
        script.timeoutNext("transfer", { performed: true });
        const transfer = () =>
          gateway.transfer({
            tenantId: tenant,
            idempotencyKey: "payout-1",
            amount: cny(300),
            payee: "u9",
            description: "commission",
          });
        const error = await transfer().catch((caught: unknown) => caught);
        expect(isOneCodeError(error, "SERVICE_UNAVAILABLE")).toBe(true);
        const record = succeeded(await transfer());
        expect(await transfer()).toEqual(record);
        script.timeoutNext("transfer", { performed: false });
        const lost = () =>
          gateway.transfer({
            tenantId: tenant,
            idempotencyKey: "payout-2",
            amount: cny(1),
            payee: "u9",
            description: "x",
          });
        await expect(lost()).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
        expect((await lost()).id).not.toBe(record.id);
      },
    );

    it.skipIf(!scripted)(
      `decides pending operations later, as their notification says${note}`,
      async () => {
        if (!scripted) return;
        const gateway = await options.create();
        const tenant = freshTenantId();
        const script = scripted.script(gateway);
        script.pendingNext("charge", "succeeded");
        script.pendingNext("charge", "PAYER_DECLINED");
        const ok = await charge(gateway, tenant, 100);
        const declined = await charge(gateway, tenant, 200);
        expect([ok.status, declined.status]).toEqual(["pending", "pending"]);
        expect(scripted.decidePending(gateway, ok.id)).toMatchObject({
          id: ok.id,
          status: "succeeded",
        });
        expect(scripted.decidePending(gateway, declined.id)).toMatchObject({
          status: "failed",
          failureCode: "PAYER_DECLINED",
        });
        expect(await gateway.query(tenant, declined.id)).toMatchObject({ status: "failed" });
      },
    );
  });
}
