/** A JSON value: what an outbox event's payload may hold (it is stored as JSON). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * Where an event stands:
 * - `pending`: waiting for (or in) delivery;
 * - `delivered`: every handler of its type succeeded (or it had none);
 * - `dead`: parked after `maxAttempts` failed deliveries, until an operator retries or discards it;
 * - `discarded`: an operator gave up on a dead event; it is never delivered.
 */
export type OutboxEventState = "pending" | "delivered" | "dead" | "discarded";

/** The record an event is about, e.g. `{ type: "order", id: "ord_…" }`; delivery is ordered per aggregate. */
export interface OutboxAggregate {
  readonly type: string;
  readonly id: string;
}

/** What a use case records: the rest (id, tenant, times, state) is filled in by `recordEvents`. */
export interface NewOutboxEvent {
  /** Dotted lower-case name, e.g. `"order.paid"`: handlers are registered by it. */
  readonly type: string;
  readonly aggregate: OutboxAggregate;
  /** JSON data the handlers need (ids, amounts); at most 64 KiB as JSON. */
  readonly payload: JsonValue;
}

/**
 * A domain event recorded in the outbox (the transactional outbox pattern):
 * written in the same storage transaction as the change it reports, then
 * delivered at least once to every handler registered for its type.
 */
export interface OutboxEvent extends NewOutboxEvent {
  /** `evt_…`: handlers use it (with their name) as their idempotency key. */
  readonly id: string;
  readonly tenantId: string;
  /** ISO-8601 time the use case recorded it. */
  readonly occurredAt: string;
  /** Deliveries started so far (a delivery cut short by a crash counts too). */
  readonly attempts: number;
  readonly state: OutboxEventState;
  /**
   * Safe summary of the last failure (`handler "x": OneCodeError BUSY: …`, or for a driver error
   * only its class and code), never a driver's message; `null` before any failure.
   */
  readonly lastError: string | null;
  /** ISO-8601 time before which the event is not delivered (the retry backoff). */
  readonly nextAttemptAt: string;
  /** ISO-8601 time it was delivered, discarded, or `null`. */
  readonly settledAt: string | null;
}
