import type { OutboxEvent } from "../kernel/outbox/outbox-event.js";
import type { OutboxDeadOutcome, OutboxRepository } from "../kernel/outbox/ports.js";
import type { UndoLog } from "./memory-table.js";

/** A stored event with what only the adapter sees: its lease. `rows` keeps them in append order. */
interface OutboxRow {
  event: OutboxEvent;
  lockedUntil: string | null;
  claimToken: string | null;
}

/** The memory outbox: events in append order and the inbox marks. */
export class MemoryOutboxTables {
  readonly rows: OutboxRow[] = [];
  readonly byId = new Map<string, OutboxRow>();
  /** `tenant \u0000 event \u0000 handler` of each inbox mark. */
  readonly handled = new Set<string>();
}

const aggregateKey = (event: OutboxEvent) =>
  `${event.tenantId}\u0000${event.aggregate.type}\u0000${event.aggregate.id}`;
const markKey = (tenantId: string, eventId: string, handlerName: string) =>
  `${tenantId}\u0000${eventId}\u0000${handlerName}`;

/**
 * The memory outbox repository over `tables`, undoable in a transaction.
 * The memory storage runs each call alone, so every method is atomic.
 */
export function memoryOutboxRepository(
  tables: MemoryOutboxTables,
  undo: UndoLog | null,
): OutboxRepository {
  const rowOf = (tenantId: string, eventId: string) => {
    const row = tables.byId.get(eventId);
    return row && row.event.tenantId === tenantId ? row : null;
  };
  /** Changes a row's fields, with an undo step restoring them. */
  const change = (row: OutboxRow, fields: Partial<OutboxRow>) => {
    const before = { event: row.event, lockedUntil: row.lockedUntil, claimToken: row.claimToken };
    Object.assign(row, fields);
    undo?.push(() => Object.assign(row, before));
  };
  const moveDead = (
    tenantId: string,
    eventId: string,
    next: (event: OutboxEvent) => OutboxEvent,
  ): OutboxDeadOutcome => {
    const row = rowOf(tenantId, eventId);
    if (!row) return { outcome: "not_found" };
    if (row.event.state !== "dead") return { outcome: "not_dead", state: row.event.state };
    change(row, { event: next(row.event), lockedUntil: null, claimToken: null });
    return { outcome: "updated", event: structuredClone(row.event) };
  };

  return {
    async append(events) {
      for (const event of events) {
        const row: OutboxRow = {
          event: structuredClone(event),
          lockedUntil: null,
          claimToken: null,
        };
        tables.rows.push(row);
        tables.byId.set(event.id, row);
        undo?.push(() => {
          tables.rows.splice(tables.rows.indexOf(row), 1);
          tables.byId.delete(event.id);
        });
      }
    },
    async claim({ now, leaseUntil, claimToken, limit }) {
      const blocked = new Set<string>();
      const claimed: OutboxEvent[] = [];
      for (const row of tables.rows) {
        if (claimed.length >= limit) break;
        const { event } = row;
        if (event.state !== "pending" && event.state !== "dead") continue;
        const key = aggregateKey(event);
        if (blocked.has(key)) continue;
        // Whether claimable or not, this event holds back its aggregate's later events.
        blocked.add(key);
        const due = event.state === "pending" && event.nextAttemptAt <= now;
        if (!due || (row.lockedUntil !== null && row.lockedUntil > now)) continue;
        change(row, {
          event: { ...event, attempts: event.attempts + 1 },
          lockedUntil: leaseUntil,
          claimToken,
        });
        claimed.push(structuredClone(row.event));
      }
      return claimed;
    },
    async settle(tenantId, eventId, claimToken, settlement) {
      const row = rowOf(tenantId, eventId);
      if (row?.event.state !== "pending" || row.claimToken !== claimToken) {
        return { outcome: "claim_lost" };
      }
      const event: OutboxEvent =
        settlement.state === "delivered"
          ? { ...row.event, state: "delivered", settledAt: settlement.settledAt }
          : {
              ...row.event,
              state: settlement.state,
              lastError: settlement.lastError,
              nextAttemptAt: settlement.nextAttemptAt,
            };
      change(row, { event, lockedUntil: null, claimToken: null });
      return { outcome: "settled" };
    },
    async get(tenantId, eventId) {
      const row = rowOf(tenantId, eventId);
      return row ? structuredClone(row.event) : null;
    },
    async listDead(tenantId, { beforeId, limit }) {
      return tables.rows
        .filter(
          ({ event }) =>
            event.tenantId === tenantId &&
            event.state === "dead" &&
            (beforeId === null || event.id < beforeId),
        )
        .map(({ event }) => event)
        .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
        .slice(0, limit)
        .map((event) => structuredClone(event));
    },
    async reviveDead(tenantId, eventId, now) {
      return moveDead(tenantId, eventId, (event) => ({
        ...event,
        state: "pending",
        attempts: 0,
        nextAttemptAt: now,
      }));
    },
    async discardDead(tenantId, eventId, now) {
      return moveDead(tenantId, eventId, (event) => ({
        ...event,
        state: "discarded",
        settledAt: now,
      }));
    },
    async markHandled(tenantId, eventId, handlerName) {
      const key = markKey(tenantId, eventId, handlerName);
      if (tables.handled.has(key)) return false;
      tables.handled.add(key);
      undo?.push(() => tables.handled.delete(key));
      return true;
    },
    async purgeSettled(before, limit) {
      const gone = tables.rows
        .filter(
          ({ event }) =>
            (event.state === "delivered" || event.state === "discarded") &&
            event.settledAt !== null &&
            event.settledAt < before,
        )
        .slice(0, limit);
      for (const row of gone) {
        const at = tables.rows.indexOf(row);
        tables.rows.splice(at, 1);
        tables.byId.delete(row.event.id);
        const prefix = markKey(row.event.tenantId, row.event.id, "");
        const marks = [...tables.handled].filter((key) => key.startsWith(prefix));
        for (const key of marks) tables.handled.delete(key);
        undo?.push(() => {
          tables.rows.splice(at, 0, row);
          tables.byId.set(row.event.id, row);
          for (const key of marks) tables.handled.add(key);
        });
      }
      return gone.length;
    },
    async handledBy(tenantId, eventId) {
      const prefix = markKey(tenantId, eventId, "");
      return [...tables.handled]
        .filter((key) => key.startsWith(prefix))
        .map((key) => key.slice(prefix.length));
    },
  };
}
