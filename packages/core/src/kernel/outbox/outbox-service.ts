import type { StorageRepositories } from "../../ports/storage.js";
import { isoNow } from "../clock.js";
import { notFound, OneCodeError } from "../errors.js";
import { ID_PATTERN } from "../ids.js";
import { InputCheck } from "../input-check.js";
import { type Page, type PageRequest, paginate } from "../pagination.js";
import { requireCapability } from "../permissions/access-check.js";
import type { TenantContext } from "../tenant.js";
import type { DispatcherDeps, DispatchOptions, DispatchResult } from "./dispatcher.js";
import { OutboxDispatcher } from "./dispatcher.js";
import type { NewOutboxEvent, OutboxEvent } from "./outbox-event.js";
import type { OutboxHandler } from "./outbox-handlers.js";
import { OUTBOX_PURGE_LIMITS } from "./outbox-options.js";
import type { OutboxDeadOutcome } from "./ports.js";
import { eventRecorder } from "./record-events.js";

/**
 * The transactional outbox (`onecode.outbox`): domain events recorded in
 * business transactions, delivered at least once, in order per aggregate,
 * to the handlers registered here; events that keep failing are parked as
 * dead for an operator.
 *
 * @example
 * ```ts
 * onecode.outbox.on("order.paid", "shop.send-receipt", async (event, { handleOnce }) => {
 *   await onecode.ports.storage.transaction(async (tx) => {
 *     if (!(await handleOnce(tx))) return; // handled by an earlier delivery
 *     // ... the durable effect, through tx ...
 *   });
 * });
 * await onecode.outbox.dispatch({ limit: 100 }); // what a scheduler ticks
 * ```
 */
export interface OutboxService {
  /**
   * Registers `handler` for events of `type` under `handlerName` (unique per
   * type, stable across releases: it keys the handler's inbox marks). Events
   * delivered before a handler was registered are not delivered to it.
   */
  on(type: string, handlerName: string, handler: OutboxHandler): void;
  /**
   * Records events in the caller's transaction `tx` (from
   * `onecode.ports.storage.transaction`): they exist only if it commits.
   */
  record(
    tx: StorageRepositories,
    ctx: TenantContext,
    events: readonly NewOutboxEvent[],
  ): Promise<OutboxEvent[]>;
  /**
   * One dispatcher tick over every tenant: claims due events with a lease (so
   * dispatchers in several processes never deliver one event at once), runs
   * their handlers (skipping those that already succeeded for the event),
   * then marks each delivered, schedules a retry with exponential backoff, or
   * parks it as dead after `maxAttempts` failures. Returns the counts.
   */
  dispatch(options?: DispatchOptions): Promise<DispatchResult>;
  /**
   * For schedulers: deletes delivered and discarded events of every tenant
   * settled more than `olderThanMs` ago (default 7 days), at most `limit`
   * (1-10,000, default 1,000), with their inbox marks; returns how many.
   * Pending and dead events stay.
   */
  purgeSettled(options?: { olderThanMs?: number; limit?: number }): Promise<number>;
  /** The tenant's dead events, newest first. Needs `outbox.operate`. */
  listDead(ctx: TenantContext, page?: PageRequest): Promise<Page<OutboxEvent>>;
  /**
   * Puts a dead event back in line: pending, due now, attempts from 0 (its
   * last error kept until it succeeds). Needs `outbox.operate`; `INVALID_STATE_TRANSITION`
   * when the event is not dead.
   */
  retryDead(ctx: TenantContext, eventId: string): Promise<OutboxEvent>;
  /**
   * Gives up on a dead event: it is never delivered, and its aggregate's
   * later events go on. Needs `outbox.operate`; `INVALID_STATE_TRANSITION` when the
   * event is not dead.
   */
  discardDead(ctx: TenantContext, eventId: string): Promise<OutboxEvent>;
}

function deadEventOf(outcome: OutboxDeadOutcome, eventId: string): OutboxEvent {
  if (outcome.outcome === "updated") return outcome.event;
  if (outcome.outcome === "not_found") throw notFound("outbox event", eventId, "eventId");
  throw new OneCodeError(
    "INVALID_STATE_TRANSITION",
    `outbox event ${eventId} is ${outcome.state}; only dead events can be retried or discarded`,
    { id: eventId, from: outcome.state, required: "dead" },
  );
}

/** An id no event can have is simply not found (and never reaches storage). */
function requireEventId(eventId: string): void {
  if (typeof eventId !== "string" || !ID_PATTERN.test(eventId)) {
    throw notFound("outbox event", String(eventId), "eventId");
  }
}

/** Builds `onecode.outbox` over the dispatcher's ports and handler registry. */
export function outboxService(deps: DispatcherDeps): OutboxService {
  const { storage, clock, handlers } = deps;
  const dispatcher = new OutboxDispatcher(deps);
  const record = eventRecorder(deps);
  return {
    on: (type, handlerName, handler) => handlers.on(type, handlerName, handler),
    record,
    dispatch: (options) => dispatcher.dispatch(options),
    async purgeSettled(options = {}) {
      const { defaultOlderThanMs, defaultLimit, maxLimit } = OUTBOX_PURGE_LIMITS;
      const olderThanMs = options.olderThanMs ?? defaultOlderThanMs;
      const limit = options.limit ?? defaultLimit;
      const check = new InputCheck();
      if (!Number.isSafeInteger(olderThanMs) || olderThanMs < 0) {
        check.fail(
          "olderThanMs",
          "range",
          "olderThanMs must be a whole number of milliseconds from 0",
        );
      }
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxLimit) {
        check.fail("limit", "range", `limit must be an integer from 1 to ${maxLimit}`);
      }
      check.done();
      const before = new Date(clock.nowMs() - olderThanMs).toISOString();
      return storage.outbox.purgeSettled(before, limit);
    },
    async listDead(ctx, page) {
      requireCapability(ctx, "outbox.operate");
      return paginate(page, (query) => storage.outbox.listDead(ctx.tenantId, query));
    },
    async retryDead(ctx, eventId) {
      requireCapability(ctx, "outbox.operate");
      requireEventId(eventId);
      const outcome = await storage.outbox.reviveDead(ctx.tenantId, eventId, isoNow(clock));
      return deadEventOf(outcome, eventId);
    },
    async discardDead(ctx, eventId) {
      requireCapability(ctx, "outbox.operate");
      requireEventId(eventId);
      const outcome = await storage.outbox.discardDead(ctx.tenantId, eventId, isoNow(clock));
      return deadEventOf(outcome, eventId);
    },
  };
}
