import type {
  JsonValue,
  OutboxDeadOutcome,
  OutboxEvent,
  OutboxEventState,
  OutboxRepository,
} from "@onecode/core";
import { type Selectable, sql } from "kysely";
import { countFromColumn, type OutboxTable } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

type OutboxRow = Selectable<OutboxTable>;

/** The core event of a `onecode_outbox` row. */
function eventFromRow(row: OutboxRow): OutboxEvent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    type: row.type,
    aggregate: { type: row.aggregate_type, id: row.aggregate_id },
    payload: row.payload as JsonValue,
    occurredAt: isoTimestamp(row.occurred_at),
    attempts: row.attempts,
    state: row.state as OutboxEventState,
    lastError: row.last_error,
    nextAttemptAt: isoTimestamp(row.next_attempt_at),
    settledAt: row.settled_at === null ? null : isoTimestamp(row.settled_at),
  };
}

const byPosition = (a: OutboxRow, b: OutboxRow) =>
  countFromColumn(a.position) - countFromColumn(b.position);

/**
 * The outbox in `onecode_outbox` and its inbox in `onecode_outbox_handled`.
 * A claim is one statement: it picks due events with `FOR UPDATE SKIP
 * LOCKED` (so concurrent claimers pass over each other's rows instead of
 * waiting) and leases them in the same `UPDATE`.
 */
export function outboxRepository({ db }: StatementScope): OutboxRepository {
  const moveDead = async (
    tenantId: string,
    eventId: string,
    set: { state: "pending" | "discarded"; now: string },
  ): Promise<OutboxDeadOutcome> => {
    const revive = set.state === "pending";
    const { rows } = await sql<OutboxRow>`
      UPDATE onecode_outbox SET
        state = ${set.state},
        attempts = CASE WHEN ${revive} THEN 0 ELSE attempts END,
        next_attempt_at = CASE WHEN ${revive} THEN ${set.now}::timestamptz ELSE next_attempt_at END,
        settled_at = CASE WHEN ${revive} THEN NULL ELSE ${set.now}::timestamptz END,
        locked_until = NULL,
        claim_token = NULL
      WHERE tenant_id = ${tenantId} AND id = ${eventId} AND state = 'dead'
      RETURNING *
    `.execute(db);
    const updated = rows[0];
    if (updated) return { outcome: "updated", event: eventFromRow(updated) };
    const current = await db
      .selectFrom("onecode_outbox")
      .select("state")
      .where("tenant_id", "=", tenantId)
      .where("id", "=", eventId)
      .executeTakeFirst();
    return current
      ? { outcome: "not_dead", state: current.state as OutboxEventState }
      : { outcome: "not_found" };
  };

  return {
    async append(events) {
      if (events.length === 0) return;
      await db
        .insertInto("onecode_outbox")
        .values(
          events.map((event) => ({
            id: event.id,
            tenant_id: event.tenantId,
            type: event.type,
            aggregate_type: event.aggregate.type,
            aggregate_id: event.aggregate.id,
            payload: sql<string>`${JSON.stringify(event.payload)}::jsonb`,
            occurred_at: event.occurredAt,
            attempts: event.attempts,
            state: event.state,
            last_error: event.lastError,
            next_attempt_at: event.nextAttemptAt,
            settled_at: event.settledAt,
          })),
        )
        .execute();
    },

    async claim({ now, leaseUntil, claimToken, limit }) {
      // An earlier pending or dead event of the aggregate blocks the later ones; a claimed
      // (leased) one is pending too, so one aggregate is never delivered by two claimers.
      const { rows } = await sql<OutboxRow>`
        WITH due AS (
          SELECT e.position FROM onecode_outbox e
          WHERE e.state = 'pending'
            AND e.next_attempt_at <= ${now}::timestamptz
            AND (e.locked_until IS NULL OR e.locked_until <= ${now}::timestamptz)
            AND NOT EXISTS (
              SELECT 1 FROM onecode_outbox earlier
              WHERE earlier.tenant_id = e.tenant_id
                AND earlier.aggregate_type = e.aggregate_type
                AND earlier.aggregate_id = e.aggregate_id
                AND earlier.state IN ('pending', 'dead')
                AND earlier.position < e.position
            )
          ORDER BY e.position
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE onecode_outbox o SET
          attempts = o.attempts + 1,
          locked_until = ${leaseUntil}::timestamptz,
          claim_token = ${claimToken}
        FROM due
        WHERE o.position = due.position
        RETURNING o.*
      `.execute(db);
      return [...rows].sort(byPosition).map(eventFromRow);
    },

    async settle(tenantId, eventId, claimToken, settlement) {
      const delivered = settlement.state === "delivered";
      const result = await db
        .updateTable("onecode_outbox")
        .set({
          state: settlement.state,
          locked_until: null,
          claim_token: null,
          ...(delivered
            ? { settled_at: settlement.settledAt }
            : { last_error: settlement.lastError, next_attempt_at: settlement.nextAttemptAt }),
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", eventId)
        .where("state", "=", "pending")
        .where("claim_token", "=", claimToken)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1
        ? { outcome: "settled" }
        : { outcome: "claim_lost" };
    },

    async get(tenantId, eventId) {
      const row = await db
        .selectFrom("onecode_outbox")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", eventId)
        .executeTakeFirst();
      return row ? eventFromRow(row) : null;
    },

    async listDead(tenantId, { beforeId, limit }) {
      let query = db
        .selectFrom("onecode_outbox")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("state", "=", "dead");
      if (beforeId !== null) query = query.where("id", "<", beforeId);
      const rows = await query.orderBy("id", "desc").limit(limit).execute();
      return rows.map(eventFromRow);
    },

    reviveDead: (tenantId, eventId, now) => moveDead(tenantId, eventId, { state: "pending", now }),
    discardDead: (tenantId, eventId, now) =>
      moveDead(tenantId, eventId, { state: "discarded", now }),

    async markHandled(tenantId, eventId, handlerName, handledAt) {
      const rows = await db
        .insertInto("onecode_outbox_handled")
        .values({
          tenant_id: tenantId,
          event_id: eventId,
          handler_name: handlerName,
          handled_at: handledAt,
        })
        .onConflict((conflict) => conflict.doNothing())
        .returning("handler_name")
        .execute();
      return rows.length === 1;
    },

    async purgeSettled(before, limit) {
      const { rows } = await sql<{ purged: string | number | bigint }>`
        WITH gone AS (
          DELETE FROM onecode_outbox WHERE position IN (
            SELECT position FROM onecode_outbox
            WHERE state IN ('delivered', 'discarded') AND settled_at < ${before}::timestamptz
            ORDER BY position
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED
          )
          RETURNING tenant_id, id
        ), marks AS (
          DELETE FROM onecode_outbox_handled h USING gone
          WHERE h.tenant_id = gone.tenant_id AND h.event_id = gone.id
        )
        SELECT count(*) AS purged FROM gone
      `.execute(db);
      return countFromColumn(rows[0]?.purged ?? 0);
    },

    async handledBy(tenantId, eventId) {
      const rows = await db
        .selectFrom("onecode_outbox_handled")
        .select("handler_name")
        .where("tenant_id", "=", tenantId)
        .where("event_id", "=", eventId)
        .orderBy("handler_name")
        .execute();
      return rows.map((row) => row.handler_name);
    },
  };
}
