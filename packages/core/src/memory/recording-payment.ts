import type {
  ChargeRequest,
  PaymentFailureCode,
  PaymentGateway,
  PaymentRecord,
  RefundRequest,
  TransferRequest,
} from "../ports/payment.js";

type Operation = PaymentRecord["kind"];

/** A payment gateway that moves no money and remembers every request. */
export interface RecordingPaymentGateway extends PaymentGateway {
  /** Every distinct operation, in order. */
  readonly records: readonly PaymentRecord[];
  /** The next call of `operation` fails with `code` (queued; one failure per call). */
  failNext(operation: Operation, code: PaymentFailureCode): void;
}

/**
 * A fake payment gateway for tests and the demo server: idempotent by key,
 * records each operation, and can be scripted to fail the way real
 * providers do (insufficient balance, expired certificate).
 */
export function recordingPaymentGateway(): RecordingPaymentGateway {
  const records: PaymentRecord[] = [];
  const byKey = new Map<string, PaymentRecord>();
  const failures: Record<Operation, PaymentFailureCode[]> = {
    charge: [],
    refund: [],
    transfer: [],
  };

  const perform = (kind: Operation, request: ChargeRequest | RefundRequest | TransferRequest) => {
    const key = `${request.tenantId}\u0000${kind}\u0000${request.idempotencyKey}`;
    const earlier = byKey.get(key);
    if (earlier) return earlier;
    const failureCode = failures[kind].shift();
    const record: PaymentRecord = {
      id: `pay_${records.length + 1}`,
      kind,
      status: failureCode ? "failed" : "succeeded",
      amount: request.amount,
      idempotencyKey: request.idempotencyKey,
      ...(failureCode ? { failureCode } : {}),
    };
    // A failed attempt must not poison the key: a retry after fixing the cause has to go through.
    if (!failureCode) byKey.set(key, record);
    records.push(record);
    return record;
  };

  return {
    records,
    failNext(operation, code) {
      failures[operation].push(code);
    },
    async charge(request) {
      return perform("charge", request);
    },
    async refund(request) {
      return perform("refund", request);
    },
    async transfer(request) {
      return perform("transfer", request);
    },
    async query(_tenantId, paymentId) {
      return records.find((record) => record.id === paymentId) ?? null;
    },
  };
}
