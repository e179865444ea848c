import { describe, expect, it } from "vitest";
import { resolvePorts } from "../../core-ports.js";
import { recordingPaymentGateway } from "../../memory/recording-payment.js";
import { ManualClock } from "../clock.js";
import { isOneCodeError } from "../errors.js";
import { money } from "../money.js";
import { tenantContext } from "../tenant.js";
import { type PaymentOperationRequest, paymentsKernel } from "./payment-use-cases.js";
import type { StoredPayment } from "./ports.js";

const order = { type: "order", id: "ord_1" };
const system = tenantContext("acme");
const inspector = tenantContext("acme", { id: "ivy", kind: "staff", roles: ["inspector"] });

function setup() {
  const clock = new ManualClock("2026-05-01T10:00:00Z");
  const gateway = recordingPaymentGateway();
  const ports = resolvePorts({ clock, payment: gateway });
  const decisions: StoredPayment[] = [];
  let failHook = false;
  const kernel = paymentsKernel(ports, async (_tx, payment) => {
    if (failHook) throw new Error("event store refused");
    decisions.push(payment);
  });
  const charge = (key = "order-1"): PaymentOperationRequest => ({
    kind: "charge",
    request: {
      tenantId: "acme",
      idempotencyKey: key,
      amount: money(6110, "CNY"),
      payer: "u1",
      description: "order",
    },
  });
  return {
    clock,
    gateway,
    ports,
    kernel,
    decisions,
    charge,
    failHookNext: () => (failHook = true),
  };
}

describe("payments kernel", () => {
  it("records a pending charge and applies its notification once", async () => {
    const { gateway, kernel, decisions, charge } = setup();
    gateway.pendingNext("charge", "succeeded");
    const pending = await kernel.perform(charge(), order);
    expect(pending).toMatchObject({
      status: "pending",
      subject: order,
      amount: money(6110, "CNY"),
    });
    expect(decisions).toEqual([]);
    const notification = gateway.decidePending(pending.id);
    const first = await kernel.service.recordNotification(system, notification);
    expect(first).toMatchObject({
      applied: true,
      payment: { id: pending.id, status: "succeeded" },
    });
    expect(await kernel.service.recordNotification(system, notification)).toMatchObject({
      applied: false,
    });
    expect(decisions.map((payment) => payment.status)).toEqual(["succeeded"]);
    expect(await kernel.service.listForSubject(system, order)).toEqual([first.payment]);
  });

  it("records an immediate answer as decided, with its event", async () => {
    const { kernel, decisions, charge } = setup();
    const paid = await kernel.perform(charge(), order);
    expect(paid.status).toBe("succeeded");
    expect(decisions).toEqual([paid]);
  });

  it("decides nothing when the decision's event cannot be recorded", async () => {
    const { gateway, kernel, charge, failHookNext, ports } = setup();
    gateway.pendingNext("charge", "PAYER_DECLINED");
    const pending = await kernel.perform(charge(), order);
    failHookNext();
    await expect(
      kernel.service.recordNotification(system, gateway.decidePending(pending.id)),
    ).rejects.toThrow("event store refused");
    expect((await ports.storage.payments.get("acme", pending.id))?.status).toBe("pending");
  });

  it("refuses a notification that contradicts the stored payment, changing nothing", async () => {
    const { gateway, kernel, charge } = setup();
    gateway.pendingNext("charge", "succeeded");
    const pending = await kernel.perform(charge(), order);
    const forged = { ...gateway.decidePending(pending.id), amount: money(1, "CNY") };
    const error = await kernel.service
      .recordNotification(system, forged)
      .catch((caught: unknown) => caught);
    expect(isOneCodeError(error, "PAYMENT_NOTIFICATION_MISMATCH")).toBe(true);
    expect(error).toMatchObject({
      details: { paymentId: pending.id, field: "amount", stored: 6110, notified: 1 },
    });
    expect((await kernel.service.get(system, pending.id)).status).toBe("pending");
  });

  it("names every broken rule of a malformed notification, and refuses unknown payments and non-admins", async () => {
    const { kernel } = setup();
    const malformed = {
      id: "",
      kind: "gift",
      status: "failed",
      amount: { amount: 1.5, currency: "cny" },
      idempotencyKey: "k",
    };
    const error = await kernel.service
      .recordNotification(system, malformed as never)
      .catch((caught: unknown) => caught);
    expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
    const fields = isOneCodeError(error, "VALIDATION_FAILED")
      ? error.details.issues.map((i) => i.field)
      : [];
    expect(fields.sort()).toEqual([
      "amount.amount",
      "amount.currency",
      "failureCode",
      "id",
      "kind",
    ]);
    const unknown = {
      id: "pay_404",
      kind: "charge",
      status: "succeeded",
      amount: money(1, "CNY"),
      idempotencyKey: "k",
    } as const;
    await expect(kernel.service.recordNotification(system, unknown)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(kernel.service.recordNotification(inspector, unknown)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("stores an operation once when a lost answer is retried with the same key", async () => {
    const { gateway, kernel, charge, ports } = setup();
    gateway.timeoutNext("charge", { performed: true });
    await expect(kernel.perform(charge(), order)).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
    });
    const paid = await kernel.perform(charge(), order);
    expect(await ports.storage.payments.listBySubject("acme", order)).toEqual([paid]);
  });

  it("asks the provider about long-pending payments and records its decisions", async () => {
    const { clock, gateway, kernel, decisions, charge } = setup();
    gateway.pendingNext("transfer", "CERTIFICATE_EXPIRED");
    gateway.pendingNext("charge", "succeeded");
    const transfer = await kernel.perform(
      {
        kind: "transfer",
        request: {
          tenantId: "acme",
          idempotencyKey: "rp-1",
          amount: money(88, "CNY"),
          payee: "u2",
          description: "red packet",
        },
      },
      { type: "prize", id: "rp-1" },
    );
    const stillPending = await kernel.perform(charge("order-2"), order);
    gateway.decidePending(transfer.id);
    expect(await kernel.service.reconcilePending()).toEqual({
      checked: 0,
      decided: 0,
      unanswered: 0,
    });
    clock.advance(5 * 60_000 + 1);
    expect(await kernel.service.reconcilePending()).toEqual({
      checked: 2,
      decided: 1,
      unanswered: 0,
    });
    expect(decisions).toEqual([
      expect.objectContaining({
        id: transfer.id,
        status: "failed",
        failureCode: "CERTIFICATE_EXPIRED",
      }),
    ]);
    expect((await kernel.service.get(system, stillPending.id)).status).toBe("pending");
  });
});
