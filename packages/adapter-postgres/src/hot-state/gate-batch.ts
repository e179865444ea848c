import type { GateOutcome, GateRefusalReason, GateStep } from "@onecode/core";
import { type Kysely, sql } from "kysely";
import { countFromColumn, type OneCodeDatabase } from "../database.js";
import { expiryAt, float8 } from "./hot-state-context.js";

/** A gate waiting in the writer's queue, with its caller's promise to settle. */
export interface PendingGate {
  readonly tenantId: string;
  readonly scope: string;
  readonly steps: readonly GateStep[];
  readonly receiptId: string;
  readonly receiptTtlMs: number;
  resolve(outcome: GateOutcome): void;
  reject(error: unknown): void;
}

/** A batch as sent: its id makes a second send answer from the first one's commit. */
export interface GateBatchCall {
  readonly batchId: string;
  readonly nowMs: number;
  readonly gates: readonly PendingGate[];
}

/** How long the database remembers a sent batch, to answer (or abandon) it again later. */
export const GATE_BATCH_MEMORY_MS = 60 * 60 * 1000;

type SlotKind = "counter" | "claim" | "flag";

const SLOT_KIND: Record<GateStep["kind"], SlotKind> = {
  take: "counter",
  claim_once: "claim",
  flag: "flag",
};

/** A step's kind as the function's loop reads it. */
const STEP_KIND: Record<GateStep["kind"], number> = { take: 1, claim_once: 2, flag: 3 };

const REFUSAL: Record<SlotKind, GateRefusalReason> = {
  counter: "limit_reached",
  claim: "already_claimed",
  flag: "flag_mismatch",
};

interface OutcomeRow {
  readonly gate_no: number;
  readonly gate_passed: boolean;
  readonly refusal_step: number | null;
  readonly refusal_value: string | bigint | number | null;
  readonly gate_values: ReadonlyArray<string | bigint | number>;
}

/** The parameters of `onecode_gate_pass_batch` (see migration 0016) for a batch. */
function parametersOf({ batchId, nowMs, gates }: GateBatchCall) {
  const slots = new Map<string, number>();
  const slot = {
    tenant: [] as string[],
    scope: [] as string[],
    kind: [] as string[],
    key: [] as string[],
  };
  const gate = {
    tenant: [] as string[],
    scope: [] as string[],
    receipt: [] as string[],
    body: [] as string[],
    expires: [] as number[],
    steps: [] as number[],
  };
  const step = {
    slot: [] as number[],
    kind: [] as number[],
    amount: [] as number[],
    limit: [] as number[],
    expires: [] as number[],
  };
  for (const pending of gates) {
    const takes: Record<string, number> = {};
    const claims: string[] = [];
    for (const each of pending.steps) {
      const kind = SLOT_KIND[each.kind];
      // NUL cannot occur in PostgreSQL text, so it separates the parts unambiguously.
      const identity = `${pending.tenantId}\u0000${pending.scope}\u0000${kind}\u0000${each.key}`;
      let index = slots.get(identity);
      if (index === undefined) {
        index = slots.size + 1;
        slots.set(identity, index);
        slot.tenant.push(pending.tenantId);
        slot.scope.push(pending.scope);
        slot.kind.push(kind);
        slot.key.push(each.key);
      }
      step.slot.push(index);
      step.kind.push(STEP_KIND[each.kind]);
      if (each.kind === "take") {
        takes[each.key] = each.amount;
        step.amount.push(each.amount);
        step.limit.push(each.limit);
        step.expires.push(expiryAt(nowMs, each.ttlMs));
      } else {
        if (each.kind === "claim_once") claims.push(each.key);
        step.amount.push(each.kind === "flag" && each.expected ? 1 : 0);
        step.limit.push(0);
        step.expires.push(0);
      }
    }
    gate.tenant.push(pending.tenantId);
    gate.scope.push(pending.scope);
    gate.receipt.push(pending.receiptId);
    gate.body.push(JSON.stringify({ takes, claims }));
    gate.expires.push(nowMs + pending.receiptTtlMs);
    gate.steps.push(pending.steps.length);
  }
  return { batchId, nowMs, slot, gate, step };
}

/**
 * Sends the batch in one call and returns each gate's outcome in order.
 * The call is one transaction; sending the same call again (after a lost
 * connection) returns what the first send committed, if it did.
 */
export async function sendGateBatch(
  db: Kysely<OneCodeDatabase>,
  call: GateBatchCall,
): Promise<GateOutcome[]> {
  const { batchId, nowMs, slot, gate, step } = parametersOf(call);
  const { rows } = await sql<OutcomeRow>`
    SELECT gate_no, gate_passed, refusal_step, refusal_value, gate_values
    FROM onecode_gate_pass_batch(
      ${batchId}, ${float8(nowMs)}, ${float8(nowMs + GATE_BATCH_MEMORY_MS)},
      ${slot.tenant}::text[], ${slot.scope}::text[], ${slot.kind}::text[], ${slot.key}::text[],
      ${gate.tenant}::text[], ${gate.scope}::text[], ${gate.receipt}::text[], ${gate.body}::text[],
      ${gate.expires}::float8[], ${gate.steps}::int[],
      ${step.slot}::int[], ${step.kind}::smallint[], ${step.amount}::bigint[], ${step.limit}::bigint[], ${step.expires}::float8[]
    )
    ORDER BY gate_no
  `.execute(db);
  if (rows.length !== call.gates.length) {
    throw new Error(`gate batch returned ${rows.length} outcomes for ${call.gates.length} gates`);
  }
  return rows.map((row, index) => outcomeOf(call.gates[index] as PendingGate, row));
}

function outcomeOf(pending: PendingGate, row: OutcomeRow): GateOutcome {
  if (row.gate_passed) {
    return {
      passed: true,
      receipt: { scope: pending.scope, id: pending.receiptId },
      values: row.gate_values.map(countFromColumn),
    };
  }
  const index = Number(row.refusal_step);
  const refused = pending.steps[index] as GateStep;
  return {
    passed: false,
    refusal: {
      step: index,
      key: refused.key,
      reason: REFUSAL[SLOT_KIND[refused.kind]],
      value: countFromColumn(row.refusal_value ?? 0),
    },
  };
}

/**
 * Settles a batch the writer gave up on (see `onecode_gate_abandon_batch`):
 * undoes its gates if it committed, else makes sure it never will.
 */
export async function abandonGateBatch(
  db: Kysely<OneCodeDatabase>,
  call: GateBatchCall,
  nowMs: number,
): Promise<void> {
  const tenants = call.gates.map((gate) => gate.tenantId);
  const scopes = call.gates.map((gate) => gate.scope);
  const receipts = call.gates.map((gate) => gate.receiptId);
  await sql`
    SELECT onecode_gate_abandon_batch(
      ${call.batchId}, ${float8(nowMs)}, ${float8(nowMs + GATE_BATCH_MEMORY_MS)},
      ${tenants}::text[], ${scopes}::text[], ${receipts}::text[]
    )
  `.execute(db);
}
