import { describe, expect, it } from "vitest";
import { runPaymentGatewaySuite } from "../../testing/payment/run-payment-gateway-suite.js";
import { money } from "../kernel/money.js";
import type { PaymentGateway } from "../ports/payment.js";
import { type RecordingPaymentGateway, recordingPaymentGateway } from "./recording-payment.js";

const recording = (gateway: PaymentGateway) => gateway as RecordingPaymentGateway;

runPaymentGatewaySuite({
  name: "recording (memory)",
  create: async () => recordingPaymentGateway(),
  capabilities: {
    scripted: {
      script: recording,
      decidePending: (gateway, paymentId) => recording(gateway).decidePending(paymentId),
    },
  },
});

describe("recording payment gateway", () => {
  it("keeps pending payouts out of what a hold still has available", async () => {
    const payment = recordingPaymentGateway();
    const hold = await payment.freeze({
      tenantId: "acme",
      idempotencyKey: "f1",
      amount: money(1000, "CNY"),
      description: "prize funds",
    });
    payment.pendingNext("settle", "CERTIFICATE_EXPIRED");
    const pending = await payment.settle({
      tenantId: "acme",
      idempotencyKey: "s1",
      amount: money(800, "CNY"),
      holdId: hold.id,
      payee: "u1",
      description: "red packet",
    });
    expect(pending.status).toBe("pending");
    expect((await payment.hold("acme", hold.id))?.available).toEqual(money(200, "CNY"));
    payment.decidePending(pending.id);
    expect((await payment.hold("acme", hold.id))?.available).toEqual(money(1000, "CNY"));
    expect(() => payment.decidePending(pending.id)).toThrow(RangeError);
  });
});
