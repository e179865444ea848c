import type { PageQuery } from "../pagination.js";

/**
 * Where a timer is in its life: `scheduled` waits for `dueAt`, `running` is
 * held by a runner until `leaseUntil`, `failed` is parked after its last
 * allowed attempt until an operator retries it. A one-shot timer that ran is
 * deleted, so a finished timer has no state.
 */
export type TimerStatus = "scheduled" | "running" | "failed";

/** Every {@link TimerStatus}. */
export const TIMER_STATUSES: readonly TimerStatus[] = Object.freeze([
  "scheduled",
  "running",
  "failed",
]);

/** A JSON object carried by a timer to its handler (ids, not whole records). */
export type TimerPayload = Readonly<Record<string, unknown>>;

/**
 * One durable timer: "run `kind` for `key` of this tenant at `dueAt`". There
 * is at most one timer per `(tenantId, kind, key)`, which is what makes
 * scheduling idempotent. A recurring job is a timer too: its row is moved to
 * the next occurrence each time a run completes.
 */
export interface Timer {
  readonly id: string;
  readonly tenantId: string;
  /** What runs: the name a handler or recurring job was registered under, e.g. `orders.close_unpaid`. */
  readonly kind: string;
  /** Which one, within the kind: e.g. the order id. */
  readonly key: string;
  readonly payload: TimerPayload;
  readonly status: TimerStatus;
  /** When it is (or was last) due to run. */
  readonly dueAt: string;
  /** Runs started so far since it was last scheduled, completed or retried (claims, crashed ones included). */
  readonly attempts: number;
  /** A safe one-line summary of the last failure (no stack, no driver text), or `null`. */
  readonly lastError: string | null;
  /** While `running`: when the claim lapses and another runner may take it. */
  readonly leaseUntil: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of {@link TimerRepository.schedule}. */
export interface NewTimer {
  /** Used only when no timer exists yet for `(tenantId, kind, key)`. */
  readonly id: string;
  readonly tenantId: string;
  readonly kind: string;
  readonly key: string;
  readonly payload: TimerPayload;
  readonly dueAt: string;
  /** Now, as `createdAt` of a new row and `updatedAt` of any. */
  readonly at: string;
  /**
   * `"replace"` (the default): an existing timer is moved to `dueAt` with the
   * new payload and starts afresh (scheduled, no attempts, no error), even
   * while running or failed. `"keep"`: an existing timer stays as it is.
   */
  readonly onExisting?: "replace" | "keep";
}

/** What a runner asks {@link TimerRepository.claimDue} for. */
export interface TimerClaimRequest {
  /** Only timers of these kinds: a runner claims only what it has handlers for. */
  readonly kinds: readonly string[];
  /** Now: timers due at or before it, and running ones whose lease ended at or before it. */
  readonly now: string;
  readonly limit: number;
  /** Fresh for each claim; every later call on a claimed timer must present it. */
  readonly token: string;
  /** When each claim lapses. */
  readonly leaseUntil: string;
}

/** Names one claim of one timer: only its holder's token moves it on. */
export interface TimerClaim {
  readonly tenantId: string;
  readonly id: string;
  readonly token: string;
}

/** Input of {@link TimerRepository.fail}. */
export interface TimerFailure {
  /** Safe one-line summary of what went wrong. */
  readonly error: string;
  /** When to try again; `null` parks the timer as `failed`. */
  readonly retryAt: string | null;
  readonly at: string;
}

/**
 * Durable timers of every tenant. Each method is atomic. Claims are fenced
 * by their token: a runner whose lease lapsed (and whose timer another
 * runner claimed, or a module rescheduled or cancelled) can no longer
 * complete or fail it, so such a late call changes nothing and returns
 * `false`.
 */
export interface TimerRepository {
  /**
   * Creates the tenant's timer for `(kind, key)`, or acts on the existing one
   * as `onExisting` says; returns the stored timer. Inside a transaction the
   * timer exists only if the transaction commits.
   */
  schedule(timer: NewTimer): Promise<Timer>;
  /** Deletes the tenant's timer for `(kind, key)` whatever its state; `false` when there was none. */
  cancel(tenantId: string, kind: string, key: string): Promise<boolean>;
  /** The tenant's timer for `(kind, key)`, or `null`. */
  get(tenantId: string, kind: string, key: string): Promise<Timer | null>;
  /**
   * Claims up to `limit` timers of `kinds` across all tenants, earliest due
   * first: `scheduled` ones due by `now` and `running` ones whose lease
   * ended by `now` (their runner is presumed dead). Each becomes `running`
   * with the request's token and lease, its `attempts` one higher. Two
   * concurrent calls never claim the same timer (PostgreSQL:
   * `FOR UPDATE SKIP LOCKED`).
   */
  claimDue(request: TimerClaimRequest): Promise<Timer[]>;
  /**
   * Ends a claimed run that succeeded: a one-shot timer is deleted
   * (`nextDueAt` `null`); a recurring one is scheduled again at `nextDueAt`
   * with no attempts and no error, in the same step. `false` (nothing
   * changed) when `claim` no longer holds the timer.
   */
  complete(claim: TimerClaim, nextDueAt: string | null, at: string): Promise<boolean>;
  /**
   * Ends a claimed run that failed: scheduled again at `retryAt` keeping its
   * attempts, or parked as `failed`; `lastError` is set either way. `false`
   * (nothing changed) when `claim` no longer holds the timer.
   */
  fail(claim: TimerClaim, failure: TimerFailure): Promise<boolean>;
  /** The tenant's parked (`failed`) timers, newest id first, ids below `page.beforeId`. */
  listFailed(tenantId: string, page: PageQuery): Promise<Timer[]>;
  /**
   * Schedules the tenant's parked timer `id` again at `dueAt` with no
   * attempts (keeping `lastError` for the record); `null` when the tenant has
   * no parked timer with that id.
   */
  retry(tenantId: string, id: string, dueAt: string, at: string): Promise<Timer | null>;
}

/** The timer part of the storage port. */
export interface TimerRepositories {
  readonly timers: TimerRepository;
}
