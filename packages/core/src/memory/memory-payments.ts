import type { PaymentRepository, PaymentSubject, StoredPayment } from "../kernel/payments/ports.js";
import type { UndoLog } from "./memory-table.js";

const slotOf = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;
const sameSubject = (a: PaymentSubject, b: PaymentSubject) => a.type === b.type && a.id === b.id;

/** The memory payments repository over `rows` (by tenant and provider id), undoable in a transaction. */
export function memoryPaymentRepository(
  rows: Map<string, StoredPayment>,
  undo: UndoLog | null,
): PaymentRepository {
  const put = (payment: StoredPayment) => {
    const slot = slotOf(payment.tenantId, payment.id);
    const before = rows.get(slot);
    rows.set(slot, payment);
    undo?.push(() => (before ? rows.set(slot, before) : rows.delete(slot)));
  };
  return {
    async record(payment) {
      const stored = rows.get(slotOf(payment.tenantId, payment.id));
      if (!stored) {
        put(payment);
        return { payment: { ...payment }, decided: payment.status !== "pending" };
      }
      if (stored.status !== "pending" || payment.status === "pending") {
        return { payment: { ...stored }, decided: false };
      }
      const decided: StoredPayment = {
        ...stored,
        status: payment.status,
        failureCode: payment.failureCode,
        updatedAt: payment.updatedAt,
      };
      put(decided);
      return { payment: { ...decided }, decided: true };
    },
    async get(tenantId, id) {
      const stored = rows.get(slotOf(tenantId, id));
      return stored ? { ...stored } : null;
    },
    async listBySubject(tenantId, subject) {
      return [...rows.values()]
        .filter((row) => row.tenantId === tenantId && sameSubject(row.subject, subject))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
        .map((row) => ({ ...row }));
    },
    async listPending({ createdBefore, limit }) {
      return [...rows.values()]
        .filter((row) => row.status === "pending" && row.createdAt < createdBefore)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
        .slice(0, limit)
        .map((row) => ({ ...row }));
    },
  };
}
