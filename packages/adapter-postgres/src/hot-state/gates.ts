import { DEFAULT_GATE_RECEIPT_TTL_MS, type Gates } from "@onecode/core";
import { sql } from "kysely";
import { countFromColumn } from "../database.js";
import type { GateUndoWriter } from "./gate-undo-writer.js";
import type { GateWriter } from "./gate-writer.js";
import { float8, type HotStateContext } from "./hot-state-context.js";

/**
 * Gates on `onecode_hot_gate_*` (migration 0016). `pass` goes through the
 * group-commit {@link GateWriter}, `undo` through the {@link GateUndoWriter};
 * the reads and `setFlag` are single statements.
 */
export function postgresGates(
  { db, clock }: HotStateContext,
  writer: GateWriter,
  undos: GateUndoWriter,
): Gates {
  const value = async (
    tenantId: string,
    scope: string,
    kind: string,
    key: string,
  ): Promise<number> => {
    const { rows } = await sql<{ value: string | bigint | number }>`
      SELECT value FROM onecode_hot_gate_state
      WHERE tenant_id = ${tenantId} AND scope = ${scope} AND kind = ${kind} AND key = ${key}
        AND expires_at > ${float8(clock.nowMs())}
    `.execute(db);
    return rows[0] ? countFromColumn(rows[0].value) : 0;
  };

  return {
    pass(tenantId, scope, steps, options) {
      return writer.pass({
        tenantId,
        scope,
        steps,
        receiptTtlMs: options?.receiptTtlMs ?? DEFAULT_GATE_RECEIPT_TTL_MS,
      });
    },

    undo(tenantId, receipt) {
      return undos.undo(tenantId, receipt);
    },

    async setFlag(tenantId, scope, key, on) {
      if (on) {
        await sql`
          INSERT INTO onecode_hot_gate_state (tenant_id, scope, kind, key, value, expires_at)
          VALUES (${tenantId}, ${scope}, 'flag', ${key}, 1, 'Infinity')
          ON CONFLICT (tenant_id, scope, kind, key) DO UPDATE SET value = 1, expires_at = 'Infinity'
        `.execute(db);
      } else {
        await sql`
          DELETE FROM onecode_hot_gate_state
          WHERE tenant_id = ${tenantId} AND scope = ${scope} AND kind = 'flag' AND key = ${key}
        `.execute(db);
      }
    },

    counter: (tenantId, scope, key) => value(tenantId, scope, "counter", key),
    async isClaimed(tenantId, scope, key) {
      return (await value(tenantId, scope, "claim", key)) > 0;
    },
    async flag(tenantId, scope, key) {
      return (await value(tenantId, scope, "flag", key)) === 1;
    },
  };
}
