import {
  DEFAULT_GATE_RECEIPT_TTL_MS,
  type GateOutcome,
  type GateRefusal,
  type GateStep,
  type Gates,
} from "../ports/gates.js";

/** What the memory gates need of the memory hot state's entry store. */
export interface MemoryGateStore {
  /** The live value in a slot, or `undefined` when absent or expired. */
  read(slot: string): number | string | undefined;
  /** Writes a slot; `ttlMs` undefined keeps it forever. */
  write(slot: string, value: number | string, ttlMs: number | undefined): void;
  /** Changes a live slot's value, keeping its expiry. */
  update(slot: string, value: number | string): void;
  remove(slot: string): void;
  slotOf(kind: string, tenantId: string, key: string): string;
  newToken(): string;
}

/** The steps of a passed gate that its receipt undoes. */
interface ReceiptBody {
  readonly takes: readonly (readonly [key: string, amount: number])[];
  readonly claims: readonly string[];
}

/**
 * Gates over the memory hot state's entries. Each call checks every step
 * before applying any, in one synchronous run, which makes it atomic in one
 * Node process.
 */
export function memoryGates(store: MemoryGateStore): Gates {
  const scoped = (scope: string, key: string) => `${scope}\u0000${key}`;
  const counterSlot = (tenantId: string, scope: string, key: string) =>
    store.slotOf("gate-counter", tenantId, scoped(scope, key));
  const claimSlot = (tenantId: string, scope: string, key: string) =>
    store.slotOf("gate-claim", tenantId, scoped(scope, key));
  const flagSlot = (tenantId: string, scope: string, key: string) =>
    store.slotOf("gate-flag", tenantId, scoped(scope, key));
  const receiptSlot = (tenantId: string, scope: string, id: string) =>
    store.slotOf("gate-receipt", tenantId, scoped(scope, id));

  const counterOf = (tenantId: string, scope: string, key: string) =>
    (store.read(counterSlot(tenantId, scope, key)) as number | undefined) ?? 0;
  const flagOf = (tenantId: string, scope: string, key: string) =>
    store.read(flagSlot(tenantId, scope, key)) === 1;
  const claimed = (tenantId: string, scope: string, key: string) =>
    store.read(claimSlot(tenantId, scope, key)) !== undefined;

  const refusalOf = (
    tenantId: string,
    scope: string,
    step: GateStep,
    index: number,
  ): GateRefusal | null => {
    switch (step.kind) {
      case "take": {
        const value = counterOf(tenantId, scope, step.key);
        return value + step.amount > step.limit
          ? { step: index, key: step.key, reason: "limit_reached", value }
          : null;
      }
      case "claim_once":
        return claimed(tenantId, scope, step.key)
          ? { step: index, key: step.key, reason: "already_claimed", value: 1 }
          : null;
      case "flag": {
        const on = flagOf(tenantId, scope, step.key);
        return on === step.expected
          ? null
          : { step: index, key: step.key, reason: "flag_mismatch", value: on ? 1 : 0 };
      }
    }
  };

  const apply = (tenantId: string, scope: string, step: GateStep): number => {
    switch (step.kind) {
      case "take": {
        const slot = counterSlot(tenantId, scope, step.key);
        const current = store.read(slot) as number | undefined;
        const next = (current ?? 0) + step.amount;
        if (current === undefined) store.write(slot, next, step.ttlMs);
        else store.update(slot, next);
        return next;
      }
      case "claim_once":
        store.write(claimSlot(tenantId, scope, step.key), 1, undefined);
        return 1;
      case "flag":
        return step.expected ? 1 : 0;
    }
  };

  return {
    async pass(tenantId, scope, steps, options): Promise<GateOutcome> {
      for (const [index, step] of steps.entries()) {
        const refusal = refusalOf(tenantId, scope, step, index);
        if (refusal) return { passed: false, refusal };
      }
      const values = steps.map((step) => apply(tenantId, scope, step));
      const body: ReceiptBody = {
        takes: steps.flatMap((step) => (step.kind === "take" ? [[step.key, step.amount]] : [])),
        claims: steps.flatMap((step) => (step.kind === "claim_once" ? [step.key] : [])),
      };
      const id = store.newToken();
      store.write(
        receiptSlot(tenantId, scope, id),
        JSON.stringify(body),
        options?.receiptTtlMs ?? DEFAULT_GATE_RECEIPT_TTL_MS,
      );
      return { passed: true, receipt: { scope, id }, values };
    },
    async undo(tenantId, { scope, id }) {
      const slot = receiptSlot(tenantId, scope, id);
      const stored = store.read(slot);
      if (typeof stored !== "string") return false;
      store.remove(slot);
      const body = JSON.parse(stored) as ReceiptBody;
      for (const [key, amount] of body.takes) {
        const counter = counterSlot(tenantId, scope, key);
        const current = store.read(counter) as number | undefined;
        if (current !== undefined) store.update(counter, Math.max(0, current - amount));
      }
      for (const key of body.claims) store.remove(claimSlot(tenantId, scope, key));
      return true;
    },
    async setFlag(tenantId, scope, key, on) {
      if (on) store.write(flagSlot(tenantId, scope, key), 1, undefined);
      else store.remove(flagSlot(tenantId, scope, key));
    },
    async counter(tenantId, scope, key) {
      return counterOf(tenantId, scope, key);
    },
    async isClaimed(tenantId, scope, key) {
      return claimed(tenantId, scope, key);
    },
    async flag(tenantId, scope, key) {
      return flagOf(tenantId, scope, key);
    },
  };
}
