import type { LedgerRepository } from "@onecode/core";
import { sql } from "kysely";
import type { StatementScope } from "./statement-scope.js";
import { ledgerEntryFromRow, ledgerEntryToRow } from "./trace-row-mapping.js";

/**
 * The hash-chained ledger in `onecode_ledger_entries`, one chain per tenant
 * keyed by (tenant_id, sequence). Entries are only ever inserted, and their
 * anchor receipt set once; nothing else changes them.
 */
export function ledgerRepository(scope: StatementScope): LedgerRepository {
  const { db } = scope;
  return {
    async last(tenantId) {
      // A backward walk of the primary key: one index entry.
      const row = await db
        .selectFrom("onecode_ledger_entries")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .orderBy("sequence", "desc")
        .limit(1)
        .executeTakeFirst();
      return row ? ledgerEntryFromRow(row) : null;
    },

    /**
     * One statement: the entry is inserted only if it extends the chain (the
     * previous sequence exists, or this is the first), and the primary key
     * decides between concurrent appends of one sequence: the loser's
     * `ON CONFLICT DO NOTHING` waits for the winner, then skips. Either
     * refusal is `sequence_taken`, without an error, so the caller's
     * transaction stays usable.
     */
    async append(entry) {
      const row = ledgerEntryToRow(entry);
      const { rows } = await sql<{ inserted: number }>`
        WITH inserted AS (
          INSERT INTO onecode_ledger_entries (
            tenant_id, sequence, subject_kind, subject_id, content_hash, previous_hash, hash,
            recorded_at, anchor_id, anchored_at
          )
          SELECT
            ${row.tenant_id}::text, ${row.sequence}::bigint, ${row.subject_kind}::text,
            ${row.subject_id}::text, ${row.content_hash}::text, ${row.previous_hash}::text,
            ${row.hash}::text, ${row.recorded_at}::timestamptz, ${row.anchor_id}::text,
            ${row.anchored_at}::timestamptz
          WHERE ${row.sequence}::bigint = 1 OR EXISTS (
            SELECT 1 FROM onecode_ledger_entries
            WHERE tenant_id = ${row.tenant_id} AND sequence = ${row.sequence}::bigint - 1
          )
          ON CONFLICT (tenant_id, sequence) DO NOTHING
          RETURNING 1
        )
        SELECT count(*)::int AS inserted FROM inserted
      `.execute(db);
      return rows[0]?.inserted ? { outcome: "appended" } : { outcome: "sequence_taken" };
    },

    async list(tenantId, afterSequence, limit) {
      const rows = await db
        .selectFrom("onecode_ledger_entries")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("sequence", ">", afterSequence)
        .orderBy("sequence")
        .limit(limit)
        .execute();
      return rows.map(ledgerEntryFromRow);
    },

    async findBySubject(tenantId, kind, subjectId) {
      const row = await db
        .selectFrom("onecode_ledger_entries")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("subject_kind", "=", kind)
        .where("subject_id", "=", subjectId)
        .orderBy("sequence", "desc")
        .limit(1)
        .executeTakeFirst();
      return row ? ledgerEntryFromRow(row) : null;
    },

    async setAnchor(tenantId, sequence, anchorId, anchoredAt) {
      await db
        .updateTable("onecode_ledger_entries")
        .set({ anchor_id: anchorId, anchored_at: anchoredAt })
        .where("tenant_id", "=", tenantId)
        .where("sequence", "=", sequence)
        .where("anchor_id", "is", null)
        .execute();
    },

    async listUnanchored(limit) {
      // Matches the partial index onecode_ledger_entries_unanchored_idx.
      const rows = await db
        .selectFrom("onecode_ledger_entries")
        .selectAll()
        .where("anchor_id", "is", null)
        .orderBy("recorded_at")
        .orderBy("tenant_id")
        .orderBy("sequence")
        .limit(limit)
        .execute();
      return rows.map(ledgerEntryFromRow);
    },
  };
}
