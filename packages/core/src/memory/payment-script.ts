import type { PaymentFailureCode, PaymentOperation } from "../ports/payment.js";

/**
 * How a test tells the recording payment gateway to misbehave. Each call
 * queues one event for the next call of that operation; events of one kind
 * are used in order.
 */
export interface PaymentScript {
  /** The next `operation` returns a `failed` record with `code`. */
  failNext(operation: PaymentOperation, code: PaymentFailureCode): void;
  /**
   * The next `operation` throws `SERVICE_UNAVAILABLE` like a network
   * timeout. With `performed: true` the provider did perform it before the
   * answer was lost, so a retry with the same key returns the record; with
   * `false` it never arrived.
   */
  timeoutNext(operation: PaymentOperation, options: { performed: boolean }): void;
  /**
   * The next `operation` answers `pending`; `decidePending` later settles it
   * as `outcome` (`"succeeded"` or a failure code, e.g. pending-then-failed).
   */
  pendingNext(operation: PaymentOperation, outcome: "succeeded" | PaymentFailureCode): void;
}

/** The queued events of a {@link PaymentScript}, and the controls that queue them. */
export function paymentScript() {
  const failures = new Map<PaymentOperation, PaymentFailureCode[]>();
  const timeouts = new Map<PaymentOperation, { performed: boolean }[]>();
  const pendings = new Map<PaymentOperation, ("succeeded" | PaymentFailureCode)[]>();
  const queue = <T>(map: Map<PaymentOperation, T[]>, operation: PaymentOperation, item: T) => {
    const list = map.get(operation) ?? [];
    list.push(item);
    map.set(operation, list);
  };
  const controls: PaymentScript = {
    failNext: (operation, code) => queue(failures, operation, code),
    timeoutNext: (operation, options) => queue(timeouts, operation, { ...options }),
    pendingNext: (operation, outcome) => queue(pendings, operation, outcome),
  };
  return {
    controls,
    takeFailure: (operation: PaymentOperation) => failures.get(operation)?.shift(),
    takeTimeout: (operation: PaymentOperation) => timeouts.get(operation)?.shift(),
    takePending: (operation: PaymentOperation) => pendings.get(operation)?.shift(),
  };
}
