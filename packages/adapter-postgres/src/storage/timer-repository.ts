import type { Timer, TimerClaim, TimerRepository, TimerStatus } from "@onecode/core";
import { type Kysely, type Selectable, sql } from "kysely";
import type { OneCodeDatabase, TimersTable } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

function timerFromRow(row: Selectable<TimersTable>): Timer {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    key: row.key,
    payload: row.payload,
    status: row.status as TimerStatus,
    dueAt: isoTimestamp(row.due_at),
    attempts: row.attempts,
    lastError: row.last_error,
    leaseUntil: row.lease_until === null ? null : isoTimestamp(row.lease_until),
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

const byDue = (a: Timer, b: Timer) =>
  a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1;

/** The running row of `claim`, for an update that must act only for the current claim holder. */
function heldBy(db: Kysely<OneCodeDatabase>, claim: TimerClaim) {
  return db
    .updateTable("onecode_timers")
    .where("tenant_id", "=", claim.tenantId)
    .where("id", "=", claim.id)
    .where("status", "=", "running")
    .where("claim_token", "=", claim.token);
}

/** Durable timers in `onecode_timers` (migration 0014); each method is one statement. */
export function timerRepository({ db }: StatementScope): TimerRepository {
  const find = (tenantId: string, kind: string, key: string) =>
    db
      .selectFrom("onecode_timers")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("kind", "=", kind)
      .where("key", "=", key)
      .executeTakeFirst();
  return {
    /** One upsert on (tenant_id, kind, key): `keep` does nothing on a conflict, `replace` starts afresh. */
    async schedule(timer) {
      const keep = timer.onExisting === "keep";
      const { rows } = await sql<Selectable<TimersTable>>`
        INSERT INTO onecode_timers AS t (tenant_id, id, kind, key, payload, status, due_at,
          attempts, last_error, claim_token, lease_until, created_at, updated_at)
        VALUES (${timer.tenantId}, ${timer.id}, ${timer.kind}, ${timer.key},
          ${JSON.stringify(timer.payload)}::jsonb, 'scheduled', ${timer.dueAt}::timestamptz,
          0, NULL, NULL, NULL, ${timer.at}::timestamptz, ${timer.at}::timestamptz)
        ON CONFLICT (tenant_id, kind, key) DO UPDATE SET
          payload = excluded.payload, status = 'scheduled', due_at = excluded.due_at,
          attempts = 0, last_error = NULL, claim_token = NULL, lease_until = NULL,
          updated_at = excluded.updated_at
          WHERE NOT ${keep}
        RETURNING *
      `.execute(db);
      const row = rows[0] ?? (await find(timer.tenantId, timer.kind, timer.key));
      if (!row) throw new Error(`timer ${timer.kind}/${timer.key} vanished while scheduled`);
      return timerFromRow(row);
    },

    async cancel(tenantId, kind, key) {
      const result = await db
        .deleteFrom("onecode_timers")
        .where("tenant_id", "=", tenantId)
        .where("kind", "=", kind)
        .where("key", "=", key)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async get(tenantId, kind, key) {
      const row = await find(tenantId, kind, key);
      return row ? timerFromRow(row) : null;
    },

    /**
     * Locks the due rows with SKIP LOCKED, so a concurrent claim passes over
     * them instead of waiting; a row another claim took after this
     * statement's snapshot is re-checked against the new version and left out.
     */
    async claimDue({ kinds, now, limit, token, leaseUntil }) {
      const { rows } = await sql<Selectable<TimersTable>>`
        WITH due AS (
          SELECT tenant_id, id FROM onecode_timers
          WHERE kind = ANY(${[...kinds]}::text[])
            AND ((status = 'scheduled' AND due_at <= ${now}::timestamptz)
              OR (status = 'running' AND lease_until <= ${now}::timestamptz))
          ORDER BY due_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE onecode_timers AS t SET
          status = 'running', attempts = t.attempts + 1, claim_token = ${token},
          lease_until = ${leaseUntil}::timestamptz, updated_at = ${now}::timestamptz
        FROM due
        WHERE t.tenant_id = due.tenant_id AND t.id = due.id
        RETURNING t.*
      `.execute(db);
      return rows.map(timerFromRow).sort(byDue);
    },

    async complete(claim, nextDueAt, at) {
      if (nextDueAt === null) {
        const result = await db
          .deleteFrom("onecode_timers")
          .where("tenant_id", "=", claim.tenantId)
          .where("id", "=", claim.id)
          .where("status", "=", "running")
          .where("claim_token", "=", claim.token)
          .executeTakeFirst();
        return result.numDeletedRows > 0n;
      }
      const result = await heldBy(db, claim)
        .set({
          status: "scheduled",
          due_at: nextDueAt,
          attempts: 0,
          last_error: null,
          claim_token: null,
          lease_until: null,
          updated_at: at,
        })
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async fail(claim, failure) {
      const result = await heldBy(db, claim)
        .set({
          status: failure.retryAt === null ? "failed" : "scheduled",
          // A parked timer keeps the due time it failed at.
          ...(failure.retryAt !== null && { due_at: failure.retryAt }),
          last_error: failure.error,
          claim_token: null,
          lease_until: null,
          updated_at: failure.at,
        })
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async listFailed(tenantId, page) {
      let query = db
        .selectFrom("onecode_timers")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("status", "=", "failed");
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(timerFromRow);
    },

    async retry(tenantId, id, dueAt, at) {
      const row = await db
        .updateTable("onecode_timers")
        .set({ status: "scheduled", due_at: dueAt, attempts: 0, updated_at: at })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("status", "=", "failed")
        .returningAll()
        .executeTakeFirst();
      return row ? timerFromRow(row) : null;
    },
  };
}
