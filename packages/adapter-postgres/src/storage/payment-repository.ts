import {
  money,
  type PaymentFailureCode,
  type PaymentOperation,
  type PaymentRepository,
  type PaymentStatus,
  type StoredPayment,
} from "@onecode/core";
import { type Selectable, sql } from "kysely";
import { countFromColumn, type PaymentsTable } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

function paymentFromRow(row: Selectable<PaymentsTable>): StoredPayment {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    kind: row.kind as PaymentOperation,
    status: row.status as PaymentStatus,
    amount: money(countFromColumn(row.amount), row.currency),
    failureCode: row.failure_code as PaymentFailureCode | null,
    idempotencyKey: row.idempotency_key,
    relatedId: row.related_id,
    subject: { type: row.subject_type, id: row.subject_id },
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** Payment operations in `onecode_payments`, one row per tenant and provider id. */
export function paymentRepository({ db }: StatementScope): PaymentRepository {
  const get = async (tenantId: string, id: string) => {
    const row = await db
      .selectFrom("onecode_payments")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? paymentFromRow(row) : null;
  };
  return {
    /**
     * One upsert that inserts an unknown id or decides a pending row; the
     * row lock of ON CONFLICT makes exactly one of concurrent deciders see
     * its update. When it changed nothing, the stored row (final rows never
     * change) is read back.
     */
    async record(payment) {
      const { rows } = await sql<Selectable<PaymentsTable>>`
        INSERT INTO onecode_payments AS p (
          tenant_id, id, kind, status, amount, currency, failure_code, idempotency_key,
          related_id, subject_type, subject_id, created_at, updated_at
        ) VALUES (
          ${payment.tenantId}, ${payment.id}, ${payment.kind}, ${payment.status},
          ${payment.amount.amount}, ${payment.amount.currency}, ${payment.failureCode},
          ${payment.idempotencyKey}, ${payment.relatedId}, ${payment.subject.type},
          ${payment.subject.id}, ${payment.createdAt}::timestamptz, ${payment.updatedAt}::timestamptz
        )
        ON CONFLICT (tenant_id, id) DO UPDATE SET
          status = excluded.status,
          failure_code = excluded.failure_code,
          updated_at = excluded.updated_at
        WHERE p.status = 'pending' AND excluded.status <> 'pending'
        RETURNING *
      `.execute(db);
      const written = rows[0];
      if (written) {
        const stored = paymentFromRow(written);
        return { payment: stored, decided: stored.status !== "pending" };
      }
      const stored = await get(payment.tenantId, payment.id);
      if (!stored) throw new Error("payment row vanished after a conflicting upsert");
      return { payment: stored, decided: false };
    },
    get,
    async listBySubject(tenantId, subject) {
      const rows = await db
        .selectFrom("onecode_payments")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("subject_type", "=", subject.type)
        .where("subject_id", "=", subject.id)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(paymentFromRow);
    },
    async listPending({ createdBefore, limit }) {
      const rows = await db
        .selectFrom("onecode_payments")
        .selectAll()
        .where("status", "=", "pending")
        .where("created_at", "<", sql<Date>`${createdBefore}::timestamptz`)
        .orderBy("created_at")
        .orderBy("tenant_id")
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map(paymentFromRow);
    },
  };
}
