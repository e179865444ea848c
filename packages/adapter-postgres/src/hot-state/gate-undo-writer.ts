import type { GateReceipt } from "@onecode/core";
import { sql } from "kysely";
import { DEADLOCK_DETECTED, sqlErrorOf } from "../storage/sql-errors.js";
import { float8, type HotStateContext } from "./hot-state-context.js";
import { SerialBatches } from "./serial-batches.js";

/** Most receipts one call undoes. */
const MAX_BATCH = 256;
/** Immediate re-sends of a batch the server rolled back to break a deadlock. */
const DEADLOCK_ATTEMPTS = 5;

interface PendingUndo {
  readonly tenantId: string;
  readonly receipt: GateReceipt;
  resolve(undone: boolean): void;
  reject(error: unknown): void;
}

/**
 * Group commit for undos, as the gate writer does for passes: undos made
 * while a call runs go out together as the next call of
 * `onecode_gate_undo`, one transaction, so compensating many gates at once
 * (a payment window closing on a flash sale) does not queue one commit per
 * gate behind the shared stock row. Each receipt's conditional delete lets
 * exactly one undo through, also when one call names it twice. A call whose
 * connection fails rejects its undos (as `SERVICE_UNAVAILABLE`): it may have
 * committed, and undoing again then answers false.
 */
export class GateUndoWriter {
  readonly #context: HotStateContext;
  readonly #batches: SerialBatches<PendingUndo>;

  constructor(context: HotStateContext) {
    this.#context = context;
    this.#batches = new SerialBatches((batch) => this.#run(batch), MAX_BATCH);
  }

  /** Queues the undo and resolves with whether this call undid the gate. */
  undo(tenantId: string, receipt: GateReceipt): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#batches.add({ tenantId, receipt, resolve, reject });
    });
  }

  /** Waits until every queued undo is settled. */
  close(): Promise<void> {
    return this.#batches.drain();
  }

  async #run(batch: readonly PendingUndo[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await sql<{ undo_no: string | number }>`
          SELECT undo_no FROM onecode_gate_undo(
            ${float8(this.#context.clock.nowMs())},
            ${batch.map((each) => each.tenantId)}::text[],
            ${batch.map((each) => each.receipt.scope)}::text[],
            ${batch.map((each) => each.receipt.id)}::text[]
          )
        `.execute(this.#context.db);
        const undone = new Set(rows.map((row) => Number(row.undo_no)));
        batch.forEach((each, index) => {
          each.resolve(undone.has(index + 1));
        });
        return;
      } catch (error) {
        // A deadlock rolled the call back whole: it is safe to send again.
        if (sqlErrorOf(error)?.code === DEADLOCK_DETECTED && attempt < DEADLOCK_ATTEMPTS) continue;
        for (const each of batch) each.reject(error);
        return;
      }
    }
  }
}
