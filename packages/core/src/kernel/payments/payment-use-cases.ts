import type { CorePorts } from "../../core-ports.js";
import type {
  ChargeRequest,
  FreezeRequest,
  PaymentRecord,
  RefundRequest,
  ReleaseRequest,
  SettleRequest,
  TransferRequest,
} from "../../ports/payment.js";
import type { StorageRepositories } from "../../ports/storage.js";
import { isoNow } from "../clock.js";
import { notFound, OneCodeError } from "../errors.js";
import { requireCapability } from "../permissions/access-check.js";
import { checkPaymentNotification } from "./payment-notification-check.js";
import type { PaymentService, ReconcileResult } from "./payment-service.js";
import type { PaymentSubject, StoredPayment } from "./ports.js";

/** One payment operation a module asks for, with its request. */
export type PaymentOperationRequest =
  | { readonly kind: "charge"; readonly request: ChargeRequest }
  | { readonly kind: "refund"; readonly request: RefundRequest }
  | { readonly kind: "transfer"; readonly request: TransferRequest }
  | { readonly kind: "freeze"; readonly request: FreezeRequest }
  | { readonly kind: "settle"; readonly request: SettleRequest }
  | { readonly kind: "release"; readonly request: ReleaseRequest };

/**
 * Records, in the transaction that decided a payment, what follows from it
 * (the `payment.succeeded` / `payment.failed` event), so a decision and its
 * consequence commit together.
 */
export type PaymentDecisionHook = (
  tx: StorageRepositories,
  payment: StoredPayment,
) => Promise<void>;

const DEFAULT_PENDING_FOR_MS = 5 * 60_000;
const DEFAULT_RECONCILE_LIMIT = 100;

/** The payments kernel: what modules call to pay, and what hosts call with the provider's news. */
export interface PaymentsKernel {
  readonly service: PaymentService;
  /**
   * Performs one operation through the payment port (outside any
   * transaction) and records the provider's answer against `subject`; a
   * final answer records its decision event in the same transaction.
   * Transport errors propagate (`SERVICE_UNAVAILABLE`): retry with the same
   * idempotency key.
   */
  perform(operation: PaymentOperationRequest, subject: PaymentSubject): Promise<StoredPayment>;
}

/** Wires the payments kernel to the ports. */
export function paymentsKernel(ports: CorePorts, onDecided: PaymentDecisionHook): PaymentsKernel {
  const { storage, payment: gateway, clock } = ports;

  const record = (stored: StoredPayment) =>
    storage.transaction(async (tx) => {
      const outcome = await tx.payments.record(stored);
      if (outcome.decided) await onDecided(tx, outcome.payment);
      return outcome;
    });

  const storedFrom = (
    tenantId: string,
    answer: PaymentRecord,
    subject: PaymentSubject,
  ): StoredPayment => {
    const now = isoNow(clock);
    return {
      tenantId,
      id: answer.id,
      kind: answer.kind,
      status: answer.status,
      amount: answer.amount,
      failureCode: answer.failureCode ?? null,
      idempotencyKey: answer.idempotencyKey,
      relatedId: answer.relatedId ?? null,
      subject,
      createdAt: now,
      updatedAt: now,
    };
  };

  const call = (operation: PaymentOperationRequest): Promise<PaymentRecord> => {
    switch (operation.kind) {
      case "charge":
        return gateway.charge(operation.request);
      case "refund":
        return gateway.refund(operation.request);
      case "transfer":
        return gateway.transfer(operation.request);
      case "freeze":
        return gateway.freeze(operation.request);
      case "settle":
        return gateway.settle(operation.request);
      case "release":
        return gateway.release(operation.request);
    }
  };

  /** Refuses a notification that names the payment but not what core asked for. */
  const assertMatches = (stored: StoredPayment, notification: PaymentRecord) => {
    const differences = [
      ["kind", stored.kind, notification.kind],
      ["currency", stored.amount.currency, notification.amount.currency],
      ["amount", stored.amount.amount, notification.amount.amount],
    ] as const;
    for (const [field, was, now] of differences) {
      if (was !== now) {
        throw new OneCodeError(
          "PAYMENT_NOTIFICATION_MISMATCH",
          `the notification's ${field} differs from payment ${stored.id}'s`,
          { paymentId: stored.id, field, stored: was, notified: now },
        );
      }
    }
  };

  const applyNotification = async (stored: StoredPayment, notification: PaymentRecord) => {
    assertMatches(stored, notification);
    return record({
      ...stored,
      status: notification.status,
      failureCode: notification.failureCode ?? null,
      updatedAt: isoNow(clock),
    });
  };

  const service: PaymentService = {
    async recordNotification(ctx, notification) {
      requireCapability(ctx, "payments.record");
      checkPaymentNotification(notification);
      const stored = await storage.payments.get(ctx.tenantId, notification.id);
      if (!stored) throw notFound("payment", notification.id, "id");
      const { payment, decided } = await applyNotification(stored, notification);
      return { payment, applied: decided };
    },
    async get(ctx, paymentId) {
      requireCapability(ctx, "payments.read");
      const stored = await storage.payments.get(ctx.tenantId, paymentId);
      if (!stored) throw notFound("payment", paymentId, "paymentId");
      return stored;
    },
    async listForSubject(ctx, subject) {
      requireCapability(ctx, "payments.read");
      return storage.payments.listBySubject(ctx.tenantId, subject);
    },
    async reconcilePending(options = {}): Promise<ReconcileResult> {
      const pendingForMs = options.pendingForMs ?? DEFAULT_PENDING_FOR_MS;
      const createdBefore = new Date(clock.nowMs() - pendingForMs).toISOString();
      const pending = await storage.payments.listPending({
        createdBefore,
        limit: options.limit ?? DEFAULT_RECONCILE_LIMIT,
      });
      let decided = 0;
      let unanswered = 0;
      for (const stored of pending) {
        try {
          const answer = await gateway.query(stored.tenantId, stored.id);
          if (!answer || answer.status === "pending") continue;
          if ((await applyNotification(stored, answer)).decided) decided++;
        } catch {
          // One payment the provider cannot answer for must not hold up the others.
          unanswered++;
        }
      }
      return { checked: pending.length, decided, unanswered };
    },
  };

  return {
    service,
    async perform(operation, subject) {
      const answer = await call(operation);
      const { payment } = await record(storedFrom(operation.request.tenantId, answer, subject));
      return payment;
    },
  };
}
