import type { GatePassOptions, GateReceipt, GateStep } from "./gates.js";
import { MAX_GATE_STEPS } from "./gates.js";
import {
  checkGateScope,
  checkKey,
  checkNonNegativeInteger,
  checkPositiveInteger,
  checkToken,
  checkTtl,
} from "./hot-state-arguments.js";

/**
 * The argument rules of a gate, shared by every adapter (see
 * `hot-state-arguments.ts`): 1-{@link MAX_GATE_STEPS} well-formed steps, each
 * key named at most once per step kind, so an adapter never has to decide
 * what two takes of one counter in one gate mean.
 */
export function checkGatePass(
  tenantId: string,
  scope: string,
  steps: readonly GateStep[],
  options: GatePassOptions | undefined,
): void {
  checkGateScope(tenantId, scope);
  if (!Array.isArray(steps) || steps.length === 0 || steps.length > MAX_GATE_STEPS) {
    throw new RangeError(`steps must list 1-${MAX_GATE_STEPS} gate steps`);
  }
  const seen = new Set<string>();
  for (const step of steps) {
    checkKey(tenantId, step?.key);
    const identity = `${step.kind}\u0000${step.key}`;
    if (seen.has(identity)) throw new RangeError("steps must name each key once per step kind");
    seen.add(identity);
    switch (step.kind) {
      case "take":
        checkPositiveInteger("amount", step.amount);
        checkNonNegativeInteger("limit", step.limit);
        if (step.ttlMs !== undefined) checkTtl("ttlMs", step.ttlMs);
        break;
      case "claim_once":
        break;
      case "flag":
        if (typeof step.expected !== "boolean") throw new RangeError("expected must be a boolean");
        break;
      default:
        throw new RangeError("step kind must be take, claim_once or flag");
    }
  }
  if (options?.receiptTtlMs !== undefined) checkTtl("receiptTtlMs", options.receiptTtlMs);
}

/** A receipt as `Gates.pass` returned it. */
export function checkGateReceipt(tenantId: string, receipt: GateReceipt): void {
  checkGateScope(tenantId, receipt?.scope);
  checkToken(receipt.id);
}
