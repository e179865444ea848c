import type { StorageRepositories } from "../../ports/storage.js";
import { type Clock, isoNow } from "../clock.js";
import type { IdGenerator } from "../ids.js";
import { InputCheck } from "../input-check.js";
import { isStorableText } from "../storable-text.js";
import type { TenantContext } from "../tenant.js";
import type { NewOutboxEvent, OutboxEvent } from "./outbox-event.js";

/** Limits of recorded events. */
export const OUTBOX_EVENT_LIMITS = Object.freeze({
  /** Events per call. */
  maxEvents: 100,
  /** Characters of `type`. */
  maxTypeLength: 100,
  /** Characters of `aggregate.type` and `aggregate.id`. */
  maxAggregateLength: 200,
  /** Bytes of the payload as JSON (UTF-8). */
  maxPayloadBytes: 65_536,
});

/** Dotted lower-case words: `order.paid`, `ledger.entry_sealed`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * The payload as JSON when it is plain JSON data (no `undefined`, functions,
 * non-finite numbers, cycles) whose texts storage can keep (no NUL, no lone
 * surrogate: PostgreSQL's `jsonb` refuses them).
 */
function jsonOf(payload: unknown): string | null {
  const plain = (value: unknown, seen: Set<object>): boolean => {
    if (typeof value === "string") return isStorableText(value);
    if (value === null || typeof value === "boolean") return true;
    if (typeof value === "number") return Number.isFinite(value);
    if (typeof value !== "object" || seen.has(value)) return false;
    const prototype = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return false;
    seen.add(value);
    const ok = Object.entries(value).every(
      ([key, item]) => isStorableText(key) && plain(item, seen),
    );
    seen.delete(value);
    return ok;
  };
  return plain(payload, new Set()) ? JSON.stringify(payload) : null;
}

/** Checks events before they are recorded; reports every broken rule at once (`VALIDATION_FAILED`). */
export function checkNewEvents(events: readonly NewOutboxEvent[]): void {
  const check = new InputCheck();
  if (!Array.isArray(events) || events.length > OUTBOX_EVENT_LIMITS.maxEvents) {
    check.fail(
      "events",
      "range",
      `events must be an array of at most ${OUTBOX_EVENT_LIMITS.maxEvents} events`,
    );
    check.done();
  }
  events.forEach((event, i) => {
    const at = `events[${i}]`;
    check.text(`${at}.type`, event?.type, {
      max: OUTBOX_EVENT_LIMITS.maxTypeLength,
      pattern: EVENT_TYPE_PATTERN,
      patternRule: "event_type_format",
      patternMessage: `${at}.type must be dotted lower-case words such as "order.paid"`,
    });
    const limit = { max: OUTBOX_EVENT_LIMITS.maxAggregateLength };
    check.text(`${at}.aggregate.type`, event?.aggregate?.type, limit);
    check.text(`${at}.aggregate.id`, event?.aggregate?.id, limit);
    const json = jsonOf(event?.payload);
    if (json === null) {
      check.fail(
        `${at}.payload`,
        "json",
        `${at}.payload must be plain JSON data (objects, arrays, strings without NUL or lone surrogates, finite numbers, booleans, null)`,
      );
    } else if (new TextEncoder().encode(json).length > OUTBOX_EVENT_LIMITS.maxPayloadBytes) {
      check.fail(
        `${at}.payload`,
        "max_bytes",
        `${at}.payload must be at most ${OUTBOX_EVENT_LIMITS.maxPayloadBytes} bytes as JSON`,
      );
    }
  });
  check.done();
}

/**
 * Records domain events in the transaction `tx`, for the tenant of `ctx`:
 * they exist only if `tx` commits, and are then delivered at least once to
 * the handlers of their type, in order per aggregate. Returns the stored events.
 */
export type RecordEvents = (
  tx: StorageRepositories,
  ctx: TenantContext,
  events: readonly NewOutboxEvent[],
) => Promise<OutboxEvent[]>;

/**
 * Builds {@link RecordEvents} on the id and clock ports, for use cases:
 * ids are `evt_…`, `occurredAt` and the first `nextAttemptAt` are now.
 *
 * @example
 * ```ts
 * const recordEvents = eventRecorder(ports);
 * await ports.storage.transaction(async (tx) => {
 *   // ... the order's change through tx ...
 *   await recordEvents(tx, ctx, [
 *     { type: "order.paid", aggregate: { type: "order", id: orderId }, payload: { orderId } },
 *   ]);
 * });
 * ```
 */
export function eventRecorder(ports: {
  readonly ids: IdGenerator;
  readonly clock: Clock;
}): RecordEvents {
  return async (tx, ctx, events) => {
    checkNewEvents(events);
    if (events.length === 0) return [];
    const now = isoNow(ports.clock);
    const stored: OutboxEvent[] = events.map((event) => ({
      id: ports.ids.newId("evt"),
      tenantId: ctx.tenantId,
      type: event.type.trim(),
      aggregate: { type: event.aggregate.type.trim(), id: event.aggregate.id.trim() },
      payload: structuredClone(event.payload),
      occurredAt: now,
      attempts: 0,
      state: "pending",
      lastError: null,
      nextAttemptAt: now,
      settledAt: null,
    }));
    await tx.outbox.append(stored);
    return stored;
  };
}
