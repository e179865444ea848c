import type { GateOutcome } from "@onecode/core";
import { serviceUnavailable } from "@onecode/core/adapter-kit";
import { isConnectionFailure } from "../connection-failures.js";
import { DEADLOCK_DETECTED, sqlErrorOf } from "../storage/sql-errors.js";
import {
  abandonGateBatch,
  type GateBatchCall,
  type PendingGate,
  sendGateBatch,
} from "./gate-batch.js";
import type { HotStateContext } from "./hot-state-context.js";
import { SerialBatches } from "./serial-batches.js";
import { newHotStateToken } from "./token.js";

/** Options of the group-commit gate writer. */
export interface GateWriterOptions {
  /** Most gates one call decides. Default 256. */
  readonly maxBatch?: number;
}

/** SQLSTATE of a serialization failure: the transaction rolled back and may run again. */
const SERIALIZATION_FAILURE = "40001";
/**
 * Immediate sends of a batch the server rolled back: a deadlock it broke, or
 * a row another instance's batch created while this one decided (the resend
 * finds it and locks it).
 */
const CONFLICT_ATTEMPTS = 10;
/**
 * Pauses before resending a batch whose connection failed (it may have
 * committed: the resend answers from it if it did), about 2 s in all before
 * its callers get `SERVICE_UNAVAILABLE`, as the scan writer does.
 */
const RECOVERY_DELAYS_MS = [0, 100, 400, 1_600];

/** Why sending a batch failed, and whether the batch may have committed all the same. */
class SendFailure {
  constructor(
    readonly error: unknown,
    readonly ambiguous: boolean,
  ) {}
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isConflict(error: unknown): boolean {
  const code = sqlErrorOf(error)?.code;
  return code === DEADLOCK_DETECTED || code === SERIALIZATION_FAILURE;
}

/** A failure without the server's verdict: the call may have committed. */
function isAmbiguous(error: unknown): boolean {
  return sqlErrorOf(error) === null || isConnectionFailure(error);
}

/**
 * Group commit for gates: `pass` calls made while a batch is in flight are
 * queued and sent together as the next batch, one round trip and one
 * transaction for all of them, decided in arrival order. An idle writer
 * sends a lone gate on the next event-loop turn, without a timer.
 *
 * A batch whose connection fails is sent again under its id, and the
 * database answers a batch it committed from its stored outcomes, so every
 * caller gets the outcome that committed. When the database stays out of
 * reach the callers get `SERVICE_UNAVAILABLE` (not a refusal: the outcome
 * is unknown to them), and the writer abandons the batch on its next
 * successful contact: a committed batch has its gates undone, an
 * uncommitted one is marked so it never applies. So no gate stands that its
 * caller holds no receipt for.
 */
export class GateWriter {
  readonly #context: HotStateContext;
  readonly #batches: SerialBatches<PendingGate>;
  readonly #abandoned: GateBatchCall[] = [];

  constructor(context: HotStateContext, options: GateWriterOptions = {}) {
    this.#context = context;
    const maxBatch = options.maxBatch ?? 256;
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) {
      throw new RangeError("gate writer: maxBatch must be a positive integer");
    }
    this.#batches = new SerialBatches((gates) => this.#run(gates), maxBatch);
  }

  /** Queues a gate (arguments checked by core) and resolves with its committed outcome. */
  pass(gate: Omit<PendingGate, "resolve" | "reject" | "receiptId">): Promise<GateOutcome> {
    return new Promise<GateOutcome>((resolve, reject) => {
      const receiptId = newHotStateToken(this.#context.random);
      this.#batches.add({ ...gate, receiptId, resolve, reject });
    });
  }

  /** Waits until every queued gate is decided, and tries once more to settle abandoned batches. */
  async close(): Promise<void> {
    await this.#batches.drain();
    await this.#settleAbandoned();
  }

  async #run(gates: readonly PendingGate[]): Promise<void> {
    if (this.#abandoned.length > 0) await this.#settleAbandoned();
    const call: GateBatchCall = {
      batchId: newHotStateToken(this.#context.random),
      nowMs: this.#context.clock.nowMs(),
      gates,
    };
    let outcomes: GateOutcome[];
    try {
      outcomes = await this.#send(call);
    } catch (error) {
      await this.#failed(call, error);
      return;
    }
    outcomes.forEach((outcome, index) => {
      (gates[index] as PendingGate).resolve(outcome);
    });
  }

  /** Sends the call until the database decides it, resending after a deadlock or a lost connection. */
  async #send(call: GateBatchCall): Promise<GateOutcome[]> {
    let conflicts = 0;
    let recoveries = 0;
    for (;;) {
      try {
        return await sendGateBatch(this.#context.db, call);
      } catch (error) {
        if (isConflict(error) && ++conflicts < CONFLICT_ATTEMPTS) continue;
        // Once a send may have committed, only an answer under this batch's id can tell.
        if (!isAmbiguous(error) && recoveries === 0) throw new SendFailure(error, false);
        const delay = RECOVERY_DELAYS_MS[recoveries++];
        if (delay === undefined) throw new SendFailure(error, true);
        await sleep(delay);
      }
    }
  }

  async #failed(call: GateBatchCall, failure: unknown): Promise<void> {
    const { gates } = call;
    const { error, ambiguous } =
      failure instanceof SendFailure ? failure : { error: failure, ambiguous: true };
    if (!ambiguous && gates.length > 1) {
      // The server refused the call and nothing committed: decide each gate alone, so one
      // gate the database cannot take fails only itself.
      for (const gate of gates) await this.#run([gate]);
      return;
    }
    let reported = error;
    if (ambiguous) {
      this.#abandoned.push(call);
      if (isConnectionFailure(error)) reported = serviceUnavailable("hot_state", error);
    }
    for (const gate of gates) gate.reject(reported);
  }

  /** Abandons the batches given up on; those that fail again stay for the next batch. */
  async #settleAbandoned(): Promise<void> {
    for (const call of [...this.#abandoned]) {
      try {
        await abandonGateBatch(this.#context.db, call, this.#context.clock.nowMs());
        this.#abandoned.splice(this.#abandoned.indexOf(call), 1);
      } catch {
        return; // still out of reach: the next batch tries again
      }
    }
  }
}
