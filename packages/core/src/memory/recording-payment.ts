import { serviceUnavailable } from "../kernel/errors.js";
import { addMoney, type Money, money, subtractMoney } from "../kernel/money.js";
import type {
  FundsHold,
  PaymentFailureCode,
  PaymentGateway,
  PaymentOperation,
  PaymentRecord,
  PaymentStatus,
} from "../ports/payment.js";
import { type PaymentScript, paymentScript } from "./payment-script.js";

/** A payment gateway that moves no money and remembers every request. */
export interface RecordingPaymentGateway extends PaymentGateway, PaymentScript {
  /** Every distinct operation, in order, with its current status. */
  readonly records: readonly PaymentRecord[];
  /**
   * Decides a `pending` operation (see `pendingNext`) the way the provider
   * would later, and returns its final record: what the provider's
   * notification carries, to pass to `onecode.payments.recordNotification`.
   */
  decidePending(paymentId: string): PaymentRecord;
}

/** What an operation request carries beyond the common fields. */
interface OperationInput {
  readonly tenantId: string;
  readonly idempotencyKey: string;
  readonly amount: Money;
  /** The charge of a refund, the hold of a settle or release. */
  readonly relatedId?: string;
}

/** What an operation draws on: a refund on its charge, a settle or release on its hold. */
const ORIGIN_KIND: Partial<Record<PaymentOperation, PaymentOperation>> = {
  refund: "charge",
  settle: "freeze",
  release: "freeze",
};

/**
 * A fake payment gateway for tests and the demo server: idempotent by key,
 * keeps refunds within their charge and payouts within their hold, and can be
 * told to fail the way real providers do (see {@link PaymentScript}): a
 * failed record (insufficient balance, expired certificate), a timeout that
 * did or did not reach the provider, or a `pending` answer decided later.
 * Ids are `pay_1`, `pay_2`, ... in call order, so tests are deterministic.
 *
 * @example
 * ```ts
 * const payment = recordingPaymentGateway();
 * payment.failNext("refund", "INSUFFICIENT_BALANCE");
 * const onecode = createOneCode({ payment });
 * ```
 */
export function recordingPaymentGateway(): RecordingPaymentGateway {
  const records: PaymentRecord[] = [];
  const tenantOf = new Map<string, string>();
  const byKey = new Map<string, PaymentRecord>();
  const pendingOutcome = new Map<string, "succeeded" | PaymentFailureCode>();
  const script = paymentScript();

  const find = (tenantId: string, id: string) => {
    const index = records.findIndex((record) => record.id === id);
    return index >= 0 && tenantOf.get(id) === tenantId ? index : -1;
  };
  /** What succeeded or pending operations of `kind` have drawn on `originId`. */
  const drawn = (originId: string, kinds: readonly PaymentOperation[], currency: string) =>
    records
      .filter(
        (record) =>
          record.relatedId === originId &&
          kinds.includes(record.kind) &&
          record.status !== "failed",
      )
      .reduce((total, record) => addMoney(total, record.amount), money(0, currency));
  const originOf = (tenantId: string, kind: PaymentOperation, relatedId: string | undefined) => {
    const originKind = ORIGIN_KIND[kind];
    if (originKind === undefined || relatedId === undefined) return null;
    const origin = records[find(tenantId, relatedId)];
    return origin?.kind === originKind && origin.status === "succeeded" ? origin : undefined;
  };
  const available = (origin: PaymentRecord, kind: PaymentOperation) =>
    subtractMoney(
      origin.amount,
      drawn(
        origin.id,
        kind === "refund" ? ["refund"] : ["settle", "release"],
        origin.amount.currency,
      ),
    );
  /** The business failure of a request that reached the provider, if any. */
  const refusal = (kind: PaymentOperation, input: OperationInput): PaymentFailureCode | null => {
    const scripted = script.takeFailure(kind);
    if (scripted) return scripted;
    const origin = originOf(input.tenantId, kind, input.relatedId);
    if (origin === undefined) return "UNKNOWN_ORIGIN";
    if (origin && available(origin, kind).amount < input.amount.amount) return "AMOUNT_EXCEEDED";
    return null;
  };

  const perform = (kind: PaymentOperation, input: OperationInput): PaymentRecord => {
    const key = `${input.tenantId}\u0000${kind}\u0000${input.idempotencyKey}`;
    const earlier = byKey.get(key);
    const timeout = script.takeTimeout(kind);
    if (timeout && !timeout.performed) throw serviceUnavailable("payment");
    if (earlier) {
      const current = records[find(input.tenantId, earlier.id)] ?? earlier;
      if (timeout) throw serviceUnavailable("payment");
      return current;
    }
    const failureCode = refusal(kind, input);
    const pending = failureCode ? undefined : script.takePending(kind);
    const status: PaymentStatus = failureCode ? "failed" : pending ? "pending" : "succeeded";
    const record: PaymentRecord = {
      id: `pay_${records.length + 1}`,
      kind,
      status,
      amount: input.amount,
      idempotencyKey: input.idempotencyKey,
      ...(failureCode ? { failureCode } : {}),
      ...(input.relatedId !== undefined ? { relatedId: input.relatedId } : {}),
    };
    records.push(record);
    tenantOf.set(record.id, input.tenantId);
    if (pending) pendingOutcome.set(record.id, pending);
    // A failed attempt must not use the key up: a retry after fixing the cause has to go through.
    if (!failureCode) byKey.set(key, record);
    if (timeout) throw serviceUnavailable("payment");
    return record;
  };

  return {
    records,
    ...script.controls,
    decidePending(paymentId) {
      const index = records.findIndex((record) => record.id === paymentId);
      const outcome = pendingOutcome.get(paymentId);
      const record = records[index];
      if (!record || outcome === undefined) {
        throw new RangeError(`payment ${paymentId} is not pending`);
      }
      pendingOutcome.delete(paymentId);
      const decided: PaymentRecord =
        outcome === "succeeded"
          ? { ...record, status: "succeeded" }
          : { ...record, status: "failed", failureCode: outcome };
      records[index] = decided;
      return decided;
    },
    async charge(request) {
      return perform("charge", request);
    },
    async refund(request) {
      return perform("refund", { ...request, relatedId: request.chargeId });
    },
    async transfer(request) {
      return perform("transfer", request);
    },
    async freeze(request) {
      return perform("freeze", request);
    },
    async settle(request) {
      return perform("settle", { ...request, relatedId: request.holdId });
    },
    async release(request) {
      return perform("release", { ...request, relatedId: request.holdId });
    },
    async query(tenantId, paymentId) {
      return records[find(tenantId, paymentId)] ?? null;
    },
    async hold(tenantId, holdId): Promise<FundsHold | null> {
      const hold = records[find(tenantId, holdId)];
      if (hold?.kind !== "freeze" || hold.status !== "succeeded") return null;
      const succeeded = (kind: PaymentOperation) =>
        records
          .filter((r) => r.relatedId === holdId && r.kind === kind && r.status === "succeeded")
          .reduce((total, r) => addMoney(total, r.amount), money(0, hold.amount.currency));
      return {
        id: hold.id,
        frozen: hold.amount,
        settled: succeeded("settle"),
        released: succeeded("release"),
        available: available(hold, "settle"),
      };
    },
  };
}
