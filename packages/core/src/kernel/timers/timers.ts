import type { Page, PageRequest } from "../pagination.js";
import type { TenantContext } from "../tenant.js";
import type { Timer, TimerPayload, TimerRepositories } from "./ports.js";
import type { TimerRecurrence } from "./timer-recurrence.js";

/**
 * Runs the work of one due timer. Timers run at least once: a runner that
 * dies mid-run leaves the timer to be claimed again after its lease, so a
 * handler must make its work idempotent (closing an order that is already
 * closed or paid does nothing). A handler that throws has its timer retried
 * with backoff; `ctx` is the timer's tenant with the system actor.
 */
export type TimerHandler = (timer: Timer, ctx: TenantContext) => Promise<void>;

/** How a registered kind runs; every field has a default. */
export interface TimerHandlerOptions {
  /**
   * Makes the kind a recurring job: each completed run moves its timer to
   * the next occurrence in the same step. Start it per tenant with
   * {@link TimersService.startRecurring}.
   */
  readonly recurrence?: TimerRecurrence;
  /** Runs allowed before a failing timer is parked as `failed` (default 8). */
  readonly maxAttempts?: number;
  /** Wait after the first failure, doubling with each further one (default 10 s). */
  readonly backoffMs?: number;
  /** Longest wait between tries (default 1 h). */
  readonly maxBackoffMs?: number;
}

/** Input of {@link TimersService.schedule}: when, exactly one of `at` and `afterMs`. */
export interface ScheduleTimerInput {
  /** The registered kind, e.g. `orders.close_unpaid`. */
  readonly kind: string;
  /** Which one within the kind (1-200 characters), e.g. the order id. */
  readonly key: string;
  /** When to run: a `Date`, ISO-8601 date-time or epoch milliseconds. */
  readonly at?: Date | string | number;
  /** Or: this many milliseconds from now (clock port). */
  readonly afterMs?: number;
  /** A small JSON object handed to the handler (default `{}`). */
  readonly payload?: TimerPayload;
}

/** Options of {@link TimersService.schedule} and {@link TimersService.cancel}. */
export interface TimerWriteOptions {
  /**
   * The handle of an open `storage.transaction`: the timer is scheduled (or
   * cancelled) only if that transaction commits, with the change that
   * caused it.
   */
  readonly tx?: TimerRepositories;
}

/** Input of {@link TimersService.startRecurring}. */
export interface StartRecurringInput {
  /** One job may run several times per tenant under different keys (default `"default"`). */
  readonly key?: string;
  readonly payload?: TimerPayload;
}

/** Options of {@link TimersService.runDue}. */
export interface RunDueOptions {
  /** Most timers claimed in this tick (1-1000, default 100). */
  readonly limit?: number;
  /** How long a claim holds before another runner may take the timer over (default 5 min). */
  readonly leaseMs?: number;
  /** Handlers run at the same time (1-64, default 4). */
  readonly concurrency?: number;
}

/** What one {@link TimersService.runDue} tick did. */
export interface RunDueResult {
  /** Timers claimed in this tick. */
  readonly claimed: number;
  /** Ran and completed (one-shot deleted, recurring moved to the next occurrence). */
  readonly completed: number;
  /** Failed and scheduled again with backoff. */
  readonly retried: number;
  /** Failed their last allowed attempt and parked as `failed`. */
  readonly parked: number;
  /**
   * Finished after their claim was taken from them (lease lapsed, rescheduled
   * or cancelled meanwhile): the outcome was dropped.
   */
  readonly superseded: number;
  /** The outcome could not be stored (storage down): they run again after the lease. */
  readonly unrecorded: number;
}

/**
 * Durable timers (定时任务) and recurring jobs: work kept in storage, claimed
 * by a runner with a lease, retried with backoff and parked when it keeps
 * failing. Modules schedule timers (inside their own transaction); a host
 * ticks {@link TimersService.runDue}, or the reference server's scheduler
 * does.
 */
export interface TimersService {
  /**
   * Registers the handler of `kind` in this process; only registered kinds
   * are claimed by this process's {@link TimersService.runDue}.
   *
   * @throws `VALIDATION_FAILED` on `kind` (rule `timer_kind`, or
   *   `kind_registered` when it already has a handler) or on an option.
   *
   * @example
   * ```ts
   * onecode.timers.register("orders.close_unpaid", async (timer, ctx) => {
   *   await closeIfUnpaid(ctx, timer.key);
   * });
   * ```
   */
  register(kind: string, handler: TimerHandler, options?: TimerHandlerOptions): void;
  /**
   * Schedules the tenant's timer for `(kind, key)`; scheduling the same pair
   * again moves it (new time and payload, attempts reset) rather than adding
   * another. Any staff member or the system actor.
   *
   * @throws `VALIDATION_FAILED` naming `kind`, `key`, `at`, `afterMs` or `payload`.
   *
   * @example
   * ```ts
   * await onecode.timers.schedule(ctx, { kind: "orders.close_unpaid", key: orderId, afterMs: 30 * 60_000 });
   * ```
   */
  schedule(
    ctx: TenantContext,
    input: ScheduleTimerInput,
    options?: TimerWriteOptions,
  ): Promise<Timer>;
  /** Cancels the tenant's timer for `(kind, key)` in any state; `false` when there was none. */
  cancel(
    ctx: TenantContext,
    kind: string,
    key: string,
    options?: TimerWriteOptions,
  ): Promise<boolean>;
  /** The tenant's timer for `(kind, key)`, or `null`. */
  get(ctx: TenantContext, kind: string, key: string): Promise<Timer | null>;
  /**
   * Starts the registered recurring job `kind` for the tenant at its next
   * occurrence; a job already started keeps its next occurrence (idempotent).
   *
   * @throws `VALIDATION_FAILED` on `kind` (rule `recurring_kind`) unless it
   *   was registered with a `recurrence` in this process.
   */
  startRecurring(ctx: TenantContext, kind: string, input?: StartRecurringInput): Promise<Timer>;
  /**
   * One tick: claims due timers of every tenant for the kinds registered
   * here, runs them and stores each outcome. Safe to call from many
   * processes at once: each timer is run by one of them at a time.
   */
  runDue(options?: RunDueOptions): Promise<RunDueResult>;
  /** The tenant's parked (`failed`) timers, newest first; needs `timers.operate` (admins hold it). */
  listFailed(ctx: TenantContext, page?: PageRequest): Promise<Page<Timer>>;
  /**
   * Schedules the tenant's parked timer `id` to run now with its attempts
   * reset; needs `timers.operate`.
   *
   * @throws `NOT_FOUND` (`details.kind` `timer`) unless the tenant has a parked timer `id`.
   */
  retry(ctx: TenantContext, id: string): Promise<Timer>;
}
