/**
 * Gates: several checks and takes on hot state as one atomic step, the
 * building block of draws, flash-sale stock, coupon claims and card
 * redemptions. Part of the hot-state port (`HotState.gates`).
 */

/**
 * Take `amount` from a counter if it stays at or below `limit`. `ttlMs` sets
 * the counter's lifetime when the gate creates it (for a period counter: until
 * the period ends, see `periodTakeStep` in the kernel); an expired counter
 * reads 0 again.
 */
export interface GateTakeStep {
  readonly kind: "take";
  readonly key: string;
  /** A positive integer. */
  readonly amount: number;
  /** A non-negative integer; the counter never goes past it. */
  readonly limit: number;
  readonly ttlMs?: number;
}

/** Claim a key that can be claimed only once, ever (a code that has played). */
export interface GateClaimOnceStep {
  readonly kind: "claim_once";
  readonly key: string;
}

/**
 * Check a flag set with {@link Gates.setFlag} (an unset flag is off): the
 * step passes when the flag's state equals `expected`, e.g. `expected:
 * false` for "redemption is not paused".
 */
export interface GateFlagStep {
  readonly kind: "flag";
  readonly key: string;
  readonly expected: boolean;
}

/** One step of a gate. */
export type GateStep = GateTakeStep | GateClaimOnceStep | GateFlagStep;

/** Why a step refused, see {@link GateRefusal}. */
export type GateRefusalReason =
  /** The take would have passed the counter's limit. */
  | "limit_reached"
  /** The once-key was claimed before. */
  | "already_claimed"
  /** The flag was not in the expected state. */
  | "flag_mismatch";

/** The first step that refused; nothing of the gate was applied. */
export interface GateRefusal {
  /** Index of the step in the gate's list. */
  readonly step: number;
  readonly key: string;
  readonly reason: GateRefusalReason;
  /**
   * What the step saw: the counter's value for a take, 1 for a claimed
   * once-key, the flag's state as 1 or 0 for a flag.
   */
  readonly value: number;
}

/**
 * Proof of a passed gate, to undo it exactly once with {@link Gates.undo}.
 * Plain data: a module may store it beside its durable record.
 */
export interface GateReceipt {
  readonly scope: string;
  /** Opaque, unique per passed gate. */
  readonly id: string;
}

/** Result of {@link Gates.pass}. */
export type GateOutcome =
  | {
      readonly passed: true;
      readonly receipt: GateReceipt;
      /**
       * Each step's value after the gate, in step order: a take's new
       * counter value, 1 for a claimed once-key, the flag's state as 1 or 0.
       */
      readonly values: readonly number[];
    }
  | { readonly passed: false; readonly refusal: GateRefusal };

/** Options of {@link Gates.pass}. */
export interface GatePassOptions {
  /**
   * How long the receipt can undo the gate, in milliseconds. Default
   * {@link DEFAULT_GATE_RECEIPT_TTL_MS} (7 days). After that the gate's takes
   * and claims are final.
   */
  readonly receiptTtlMs?: number;
}

/** Default life of a gate receipt: 7 days, longer than any order's payment window. */
export const DEFAULT_GATE_RECEIPT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Most steps one gate may have. */
export const MAX_GATE_STEPS = 16;

/**
 * Atomic multi-step gates. Every key of a gate lives in one `scope` (a
 * campaign, a flash sale, a card batch): on Redis the scope is the hash tag,
 * so one gate touches one slot and runs as one script on a cluster.
 *
 * Guarantees (checked by `runHotStateSuite`):
 * - all or none: a gate either applies every step or changes nothing and
 *   names the first step that refused;
 * - under any concurrency a counter never passes its limit and a once-key is
 *   claimed at most once;
 * - {@link Gates.undo} reverses a passed gate exactly once: its takes are
 *   given back (never below 0) and its once-keys become free again;
 * - counters equal the sum of passed gates' takes minus undone ones.
 *
 * Keys are checked like every hot-state key; one gate names each key at
 * most once per step kind.
 */
export interface Gates {
  /** Runs the steps as one atomic check-and-take. */
  pass(
    tenantId: string,
    scope: string,
    steps: readonly GateStep[],
    options?: GatePassOptions,
  ): Promise<GateOutcome>;
  /**
   * Undoes a passed gate (compensation when the durable write after it
   * failed). True the first time; false, changing nothing, when the receipt
   * was undone before, expired or is unknown.
   */
  undo(tenantId: string, receipt: GateReceipt): Promise<boolean>;
  /** Turns a flag of the scope on or off. */
  setFlag(tenantId: string, scope: string, key: string, on: boolean): Promise<void>;
  /** A counter's value in the scope (0 when absent or expired). */
  counter(tenantId: string, scope: string, key: string): Promise<number>;
  /** Whether a once-key of the scope is claimed. */
  isClaimed(tenantId: string, scope: string, key: string): Promise<boolean>;
  /** A flag's state (false when never set). */
  flag(tenantId: string, scope: string, key: string): Promise<boolean>;
}
