import type { PaymentFailureCode, PaymentOperation, PaymentStatus } from "../../ports/payment.js";
import type { Money } from "../money.js";

/** What a payment is for: the record whose state it moves, e.g. `{ type: "order", id }`. */
export interface PaymentSubject {
  readonly type: string;
  readonly id: string;
}

/**
 * A payment operation as core knows it: the provider's answer, the record
 * it is for, and when core learned of it. Kept so a pending operation can be
 * decided by a later notification, and so every module reads one history.
 */
export interface StoredPayment {
  readonly tenantId: string;
  /** The provider's id of the operation. */
  readonly id: string;
  readonly kind: PaymentOperation;
  readonly status: PaymentStatus;
  readonly amount: Money;
  readonly failureCode: PaymentFailureCode | null;
  readonly idempotencyKey: string;
  /** A refund's charge, a settle's or release's hold; `null` otherwise. */
  readonly relatedId: string | null;
  readonly subject: PaymentSubject;
  readonly createdAt: string;
  /** When the status last changed (the creation time until then). */
  readonly updatedAt: string;
}

/** Result of {@link PaymentRepository.record}. */
export interface RecordedPayment {
  /** The payment as stored after the call. */
  readonly payment: StoredPayment;
  /**
   * True when this call gave the payment its final status (`succeeded` or
   * `failed`): it was unknown or pending before. Exactly one of any number
   * of concurrent calls with the same decision sees true, so the event it
   * triggers is recorded once.
   */
  readonly decided: boolean;
}

/** Storage of payment operations, one row per provider id and tenant. */
export interface PaymentRepository {
  /**
   * Stores what the provider said of an operation, atomically. An unknown id
   * is inserted. A known pending one takes the new status when it is final;
   * a final one never changes (a late or repeated notification is a no-op),
   * nor do its amount, kind and subject.
   */
  record(payment: StoredPayment): Promise<RecordedPayment>;
  /** The payment, or `null` when the tenant has no payment with this id. */
  get(tenantId: string, id: string): Promise<StoredPayment | null>;
  /** The payments of a subject, oldest first. */
  listBySubject(tenantId: string, subject: PaymentSubject): Promise<StoredPayment[]>;
  /**
   * Up to `limit` payments of any tenant still pending that were created
   * before `createdBefore` (ISO time), oldest first: what reconciliation asks
   * the provider about.
   */
  listPending(options: { createdBefore: string; limit: number }): Promise<StoredPayment[]>;
}

/** The payments part of the storage port. */
export interface PaymentRepositories {
  readonly payments: PaymentRepository;
}
