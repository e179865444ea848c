import type { Storage } from "../../ports/storage.js";
import { type Clock, isoNow } from "../clock.js";
import { errorSummary } from "../error-log.js";
import { invalidField } from "../errors.js";
import type { IdGenerator } from "../ids.js";
import type { OutboxEvent } from "./outbox-event.js";
import type { OutboxHandlers } from "./outbox-handlers.js";
import { type ResolvedOutboxOptions, retryDelayMs } from "./outbox-options.js";
import type { OutboxSettlement } from "./ports.js";

/** Options of one dispatcher tick. */
export interface DispatchOptions {
  /** Most events delivered (or failed) in this tick: 1-1000, default 100. */
  readonly limit?: number;
}

/** What one tick did (an event whose lease ran out mid-delivery counts in none: its new claimer settles it). */
export interface DispatchResult {
  /** Events whose every handler succeeded. */
  readonly delivered: number;
  /** Events that failed and wait for a later attempt. */
  readonly retried: number;
  /** Events that failed their last attempt and are now dead. */
  readonly parked: number;
}

/** Limits of {@link DispatchOptions.limit}. */
export const DISPATCH_LIMITS = Object.freeze({ defaultLimit: 100, maxLimit: 1000 });

const MAX_ERROR_LENGTH = 1000;

/** Called with each handler failure, for the host's log (the stored `lastError` is a summary). */
export type OutboxErrorListener = (error: unknown, event: OutboxEvent, handlerName: string) => void;

/** What a dispatcher runs on. */
export interface DispatcherDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly handlers: OutboxHandlers;
  readonly options: ResolvedOutboxOptions;
  readonly onError?: OutboxErrorListener;
}

/** A safe one-line summary of a handler's failure: no driver text, bounded length. */
function failureSummary(handlerName: string, error: unknown): string {
  const text = `handler "${handlerName}": ${errorSummary(error)}`;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * The outbox dispatcher. Each {@link OutboxDispatcher.dispatch} call claims
 * due events (with a lease, so concurrent dispatchers in other processes
 * never deliver one event at the same time) and runs the handlers of each,
 * up to `concurrency` events (of distinct aggregates) at once:
 * - a handler that already succeeded for the event (its inbox mark) is
 *   skipped, so a retry after another handler failed redoes nothing;
 * - when every handler succeeded the event is `delivered`;
 * - otherwise it is retried after `backoffBaseMs × 2^(failures-1)` (at most
 *   `backoffCapMs`), and parked as `dead` with the last error once it failed
 *   `maxAttempts` times. A dead event blocks its aggregate's later events.
 */
export class OutboxDispatcher {
  readonly #deps: DispatcherDeps;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
  }

  /**
   * One tick: claims and delivers due events, oldest first, until `limit`
   * events were handled or none is due. Claims carry at most one event per
   * aggregate, so a backlog of one aggregate drains one event per round.
   */
  async dispatch(options: DispatchOptions = {}): Promise<DispatchResult> {
    const limit = options.limit ?? DISPATCH_LIMITS.defaultLimit;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > DISPATCH_LIMITS.maxLimit) {
      throw invalidField(
        "limit",
        "range",
        `limit must be an integer from 1 to ${DISPATCH_LIMITS.maxLimit}`,
      );
    }
    const counts = { delivered: 0, retried: 0, parked: 0 };
    let handled = 0;
    while (handled < limit) {
      const { clock, ids, options: settings, storage } = this.#deps;
      const nowMs = clock.nowMs();
      const claimToken = ids.newId("clm");
      const claimed = await storage.outbox.claim({
        now: new Date(nowMs).toISOString(),
        leaseUntil: new Date(nowMs + settings.leaseMs).toISOString(),
        claimToken,
        limit: limit - handled,
      });
      if (claimed.length === 0) break;
      // Claimed events are of distinct aggregates, so delivering them side by side keeps the order.
      let next = 0;
      const worker = async () => {
        while (next < claimed.length) {
          const event = claimed[next++] as OutboxEvent;
          const outcome = await this.#deliver(event, claimToken);
          if (outcome !== "claim_lost") counts[outcome] += 1;
        }
      };
      await Promise.all(
        Array.from({ length: Math.min(settings.concurrency, claimed.length) }, worker),
      );
      handled += claimed.length;
    }
    return counts;
  }

  async #deliver(
    event: OutboxEvent,
    claimToken: string,
  ): Promise<"delivered" | "retried" | "parked" | "claim_lost"> {
    const { storage, clock, handlers, options, onError } = this.#deps;
    if (event.attempts > options.maxAttempts) {
      // Every earlier claim ran out its lease mid-delivery (say, the handler crashed the process):
      // park it rather than let it take the dispatcher down again and again.
      const settled = await storage.outbox.settle(event.tenantId, event.id, claimToken, {
        state: "dead",
        lastError: `delivery was cut short ${event.attempts - 1} times (the dispatcher stopped before its lease ran out)`,
        nextAttemptAt: isoNow(clock),
      });
      return settled.outcome === "settled" ? "parked" : "claim_lost";
    }
    const done = new Set(await storage.outbox.handledBy(event.tenantId, event.id));
    let firstFailure: string | null = null;
    for (const { name, handler } of handlers.for(event.type)) {
      if (done.has(name)) continue;
      try {
        await handler(structuredClone(event), {
          handlerName: name,
          attempt: event.attempts,
          handleOnce: (tx) => tx.outbox.markHandled(event.tenantId, event.id, name, isoNow(clock)),
        });
        await storage.outbox.markHandled(event.tenantId, event.id, name, isoNow(clock));
      } catch (error) {
        onError?.(error, event, name);
        firstFailure ??= failureSummary(name, error);
      }
    }
    const settlement: OutboxSettlement =
      firstFailure === null
        ? { state: "delivered", settledAt: isoNow(clock) }
        : {
            state: event.attempts >= options.maxAttempts ? "dead" : "pending",
            lastError: firstFailure,
            nextAttemptAt: new Date(
              clock.nowMs() + retryDelayMs(options, event.attempts),
            ).toISOString(),
          };
    // A lost claim (lease ran out mid-delivery) leaves the event to its new claimer.
    const settled = await storage.outbox.settle(event.tenantId, event.id, claimToken, settlement);
    if (settled.outcome === "claim_lost") return "claim_lost";
    if (settlement.state === "delivered") return "delivered";
    return settlement.state === "dead" ? "parked" : "retried";
  }
}
