import { ManualClock } from "../../src/kernel/clock.js";
import { sortableIds } from "../../src/kernel/ids.js";
import { OutboxDispatcher } from "../../src/kernel/outbox/dispatcher.js";
import type { NewOutboxEvent, OutboxEvent } from "../../src/kernel/outbox/outbox-event.js";
import { type OutboxHandler, OutboxHandlers } from "../../src/kernel/outbox/outbox-handlers.js";
import {
  type OutboxOptions,
  resolveOutboxOptions,
} from "../../src/kernel/outbox/outbox-options.js";
import { eventRecorder } from "../../src/kernel/outbox/record-events.js";
import { cryptoRandom } from "../../src/kernel/random.js";
import { tenantContext } from "../../src/kernel/tenant.js";
import type { Storage } from "../../src/ports/storage.js";
import { freshTenantId } from "../fixtures.js";

/**
 * A dispatcher over the suite's storage, with a manual clock and handlers of
 * its own. Event types are fresh per kit (`outbox.t…`), so dispatching never
 * runs a handler on another test's events (it may deliver them: with no
 * handler of their type, an event is delivered as is).
 */
export function outboxKit(storage: Storage, options: OutboxOptions = {}) {
  const clock = new ManualClock("2026-03-01T00:00:00.000Z");
  // Random ids: tests share one database, so ids must not repeat across them.
  const ids = sortableIds(clock, cryptoRandom);
  const handlers = new OutboxHandlers();
  const tenantId = freshTenantId();
  const type = `outbox.${tenantId}`;
  const deps = { storage, clock, ids, handlers, options: resolveOutboxOptions(options) };
  const record = eventRecorder(deps);
  return {
    clock,
    tenantId,
    type,
    handlers,
    /** A second dispatcher (another process) on the same storage and handlers. */
    dispatcher: (on: Storage = storage) => new OutboxDispatcher({ ...deps, storage: on }),
    on: (name: string, handler: OutboxHandler) => handlers.on(type, name, handler),
    /** Events of this kit's type for `aggregateId`, recorded in a committed transaction. */
    commit: (aggregateId: string, payloads: number[], tenant = tenantId) =>
      storage.transaction((tx) =>
        record(
          tx,
          tenantContext(tenant),
          payloads.map(
            (n): NewOutboxEvent => ({
              type,
              aggregate: { type: "thing", id: aggregateId },
              payload: { n },
            }),
          ),
        ),
      ),
    record,
  };
}

/** The `n` of each event's payload, in the order given. */
export function payloadNumbers(events: readonly OutboxEvent[]): number[] {
  return events.map((event) => (event.payload as { n: number }).n);
}
