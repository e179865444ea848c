import type { PageQuery } from "../pagination.js";
import type { OutboxEvent } from "./outbox-event.js";

/** What {@link OutboxRepository.claim} asks for. */
export interface OutboxClaimRequest {
  /** ISO-8601 "now": only events due by then and not leased past it are claimed. */
  readonly now: string;
  /** ISO-8601 end of the lease: no other claim takes the events before it. */
  readonly leaseUntil: string;
  /** The claimer's token; settling an event needs it. */
  readonly claimToken: string;
  /** At most this many events. */
  readonly limit: number;
}

/** How a delivery ended, for {@link OutboxRepository.settle}. */
export type OutboxSettlement =
  | { readonly state: "delivered"; readonly settledAt: string }
  | {
      /** `pending` to retry at `nextAttemptAt`, `dead` to park. */
      readonly state: "pending" | "dead";
      readonly lastError: string;
      readonly nextAttemptAt: string;
    };

/** Result of {@link OutboxRepository.settle}. */
export type OutboxSettleOutcome =
  | { readonly outcome: "settled" }
  /** The lease ran out and another claim took the event (or it is no longer pending): nothing changed. */
  | { readonly outcome: "claim_lost" };

/** Result of the operator moves on a dead event. */
export type OutboxDeadOutcome =
  | { readonly outcome: "updated"; readonly event: OutboxEvent }
  | { readonly outcome: "not_found" }
  /** The event is not dead (`state` says what it is): nothing changed. */
  | { readonly outcome: "not_dead"; readonly state: OutboxEvent["state"] };

/**
 * The outbox: domain events recorded inside business transactions and
 * claimed by dispatchers.
 *
 * Ordering: events of one aggregate (tenant, aggregate type and id) are
 * ordered by when they were appended. An event is claimable only while no
 * earlier event of its aggregate is `pending` or `dead`: a dead event blocks
 * the later events of its aggregate until an operator retries or discards it.
 * Appends of one aggregate are ordered when their transactions are (a use
 * case appends after changing the aggregate's row, which serializes them).
 */
export interface OutboxRepository {
  /** Stores new `pending` events; inside a transaction they exist only if it commits. */
  append(events: readonly OutboxEvent[]): Promise<void>;
  /**
   * Atomically claims up to `limit` due events of every tenant, oldest first:
   * `pending`, `nextAttemptAt <= now`, not leased past `now`, and first
   * undelivered of their aggregate (so at most one per aggregate). Each gets
   * the lease and token, and its `attempts` goes up by one. Concurrent claims
   * never return the same event while its lease runs (PostgreSQL: `FOR UPDATE
   * SKIP LOCKED`).
   */
  claim(request: OutboxClaimRequest): Promise<OutboxEvent[]>;
  /**
   * Ends a claimed delivery, only while the event is `pending` under
   * `claimToken` (else `claim_lost`, nothing changed); clears the lease.
   */
  settle(
    tenantId: string,
    eventId: string,
    claimToken: string,
    settlement: OutboxSettlement,
  ): Promise<OutboxSettleOutcome>;
  /** The event, or `null` (also for another tenant's). */
  get(tenantId: string, eventId: string): Promise<OutboxEvent | null>;
  /** The tenant's `dead` events, newest (highest id) first, ids below `page.beforeId`. */
  listDead(tenantId: string, page: PageQuery): Promise<OutboxEvent[]>;
  /** A dead event back to `pending`, due at `now`, attempts 0, last error kept. */
  reviveDead(tenantId: string, eventId: string, now: string): Promise<OutboxDeadOutcome>;
  /** A dead event to `discarded` (settled at `now`): it unblocks its aggregate and is never delivered. */
  discardDead(tenantId: string, eventId: string, now: string): Promise<OutboxDeadOutcome>;
  /**
   * The inbox: marks that handler `handlerName` handled the event. Returns
   * `true` when this call made the mark, `false` when it existed: written in
   * a handler's own transaction, the mark makes its durable effect happen
   * once. Concurrent marks of one key: exactly one returns `true`.
   */
  markHandled(
    tenantId: string,
    eventId: string,
    handlerName: string,
    handledAt: string,
  ): Promise<boolean>;
  /** Names of the handlers marked as having handled the event. */
  handledBy(tenantId: string, eventId: string): Promise<string[]>;
  /**
   * Deletes up to `limit` `delivered` or `discarded` events of every tenant
   * settled before `before`, with their inbox marks; returns how many.
   * Pending and dead events are never deleted.
   */
  purgeSettled(before: string, limit: number): Promise<number>;
}

/** The outbox's repositories, gathered into `StorageRepositories`. */
export interface OutboxRepositories {
  readonly outbox: OutboxRepository;
}
