import type { Storage } from "@onecode/core";
import type { StorageTamperer } from "@onecode/core/testing";
import type { Kysely } from "kysely";
import type { OneCodeDatabase } from "../../src/database.js";

/**
 * The `tamper` capability of the storage suite on PostgreSQL and PGlite:
 * plain SQL `UPDATE`s and `DELETE`s on the adapter's tables, past every
 * repository check, as someone with database access would write them.
 * `db` is read on every call, so a reopened database is used.
 */
export function sqlTamperer(
  db: () => Kysely<OneCodeDatabase>,
): (storage: Storage) => StorageTamperer {
  const fail = (what: string, changed: bigint) => {
    if (changed === 0n) throw new Error(`tamperer: no stored ${what}`);
  };
  return () => ({
    async updateBatch(tenantId, id, changes) {
      const result = await db()
        .updateTable("onecode_trace_batches")
        .set({
          ...(changes.remark !== undefined && { remark: changes.remark }),
          ...(changes.productionDate !== undefined && { production_date: changes.productionDate }),
          ...(changes.expiryDate !== undefined && { expiry_date: changes.expiryDate }),
          ...(changes.customFields !== undefined && {
            custom_fields: JSON.stringify(changes.customFields),
          }),
          ...(changes.sealedProduct !== undefined && {
            sealed_product:
              changes.sealedProduct === null ? null : JSON.stringify(changes.sealedProduct),
          }),
          ...(changes.seal !== undefined && {
            seal_sequence: changes.seal?.sequence ?? null,
            seal_hash: changes.seal?.hash ?? null,
            sealed_at: changes.seal?.sealedAt ?? null,
          }),
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      fail(`batch ${id}`, result.numUpdatedRows);
    },
    async updateTask(tenantId, id, changes) {
      const result = await db()
        .updateTable("onecode_production_tasks")
        .set({
          ...(changes.personInCharge !== undefined && {
            person_in_charge: changes.personInCharge,
          }),
          ...(changes.executedAt !== undefined && { executed_at: changes.executedAt }),
          ...(changes.line !== undefined && {
            line_snapshot: changes.line === null ? null : JSON.stringify(changes.line),
          }),
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      fail(`task ${id}`, result.numUpdatedRows);
    },
    async deleteTask(tenantId, id) {
      await db()
        .deleteFrom("onecode_production_tasks")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .execute();
    },
    async updateLedgerEntry(tenantId, sequence, changes) {
      const result = await db()
        .updateTable("onecode_ledger_entries")
        .set({
          ...(changes.contentHash !== undefined && { content_hash: changes.contentHash }),
          ...(changes.previousHash !== undefined && { previous_hash: changes.previousHash }),
          ...(changes.hash !== undefined && { hash: changes.hash }),
          ...(changes.recordedAt !== undefined && { recorded_at: changes.recordedAt }),
        })
        .where("tenant_id", "=", tenantId)
        .where("sequence", "=", sequence)
        .executeTakeFirst();
      fail(`ledger entry ${sequence}`, result.numUpdatedRows);
    },
    async deleteLedgerEntry(tenantId, sequence) {
      await db()
        .deleteFrom("onecode_ledger_entries")
        .where("tenant_id", "=", tenantId)
        .where("sequence", "=", sequence)
        .execute();
    },
  });
}
