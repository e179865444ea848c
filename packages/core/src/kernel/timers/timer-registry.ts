import { InputCheck } from "../input-check.js";
import { checkTimerKind } from "./timer-check.js";
import { checkRecurrence, type TimerRecurrence } from "./timer-recurrence.js";
import type { TimerHandler, TimerHandlerOptions } from "./timers.js";

/** A registered kind with its options resolved. */
export interface TimerRegistration {
  readonly kind: string;
  readonly handler: TimerHandler;
  readonly recurrence: TimerRecurrence | null;
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

const DEFAULTS = { maxAttempts: 8, backoffMs: 10_000, maxBackoffMs: 3_600_000 } as const;

function wholeNumber(check: InputCheck, field: string, value: unknown, min: number, max: number) {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    check.fail(field, "range", `${field} must be a whole number from ${min} to ${max}`);
  }
}

/** The handlers of one process, by kind. */
export class TimerRegistry {
  readonly #byKind = new Map<string, TimerRegistration>();

  /** Checks and adds a registration; see `TimersService.register`. */
  add(kind: string, handler: TimerHandler, options: TimerHandlerOptions = {}): void {
    const check = new InputCheck();
    checkTimerKind(check, kind);
    if (this.#byKind.has(kind)) {
      check.fail("kind", "kind_registered", `kind ${kind} already has a handler in this process`);
    }
    if (typeof handler !== "function") {
      check.fail("handler", "required", "handler must be a function");
    }
    const resolved = { ...DEFAULTS, ...options };
    wholeNumber(check, "maxAttempts", resolved.maxAttempts, 1, 100);
    wholeNumber(check, "backoffMs", resolved.backoffMs, 0, 86_400_000);
    wholeNumber(check, "maxBackoffMs", resolved.maxBackoffMs, 0, 30 * 86_400_000);
    const recurrence =
      options.recurrence === undefined
        ? null
        : check.include(() => checkRecurrence(options.recurrence), null);
    check.done();
    this.#byKind.set(kind, {
      kind,
      handler,
      recurrence,
      maxAttempts: resolved.maxAttempts,
      backoffMs: resolved.backoffMs,
      maxBackoffMs: resolved.maxBackoffMs,
    });
  }

  get(kind: string): TimerRegistration | undefined {
    return this.#byKind.get(kind);
  }

  kinds(): string[] {
    return [...this.#byKind.keys()];
  }
}

/**
 * How long a timer waits after its `attempts`-th run failed: `backoffMs`
 * doubling with each failure, at most `maxBackoffMs`. No random spread: a
 * timer's retries are already spread by when each was due.
 */
export function backoffMsAfter(registration: TimerRegistration, attempts: number): number {
  const doubled = registration.backoffMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40);
  return Math.min(registration.maxBackoffMs, doubled);
}
