import { invalidField } from "../errors.js";

/** Options of the outbox dispatcher (`createOneCode({ outbox })`); every field has a default. */
export interface OutboxOptions {
  /** Failed deliveries before an event is parked as dead. Default 10 (1-100). */
  readonly maxAttempts?: number;
  /** Wait after the first failure; each further failure doubles it. Default 1,000 ms. */
  readonly backoffBaseMs?: number;
  /** Longest wait between attempts. Default 900,000 ms (15 minutes). */
  readonly backoffCapMs?: number;
  /**
   * How long a claim keeps other dispatchers off an event. A dispatcher that
   * dies mid-delivery is replaced once it runs out; a handler must finish
   * well within it. Default 60,000 ms.
   */
  readonly leaseMs?: number;
  /**
   * Events one dispatcher delivers at the same time. A claim holds at most
   * one event per aggregate, so these are always of different aggregates
   * and the order per aggregate holds. Default 8 (1-64).
   */
  readonly concurrency?: number;
}

/** {@link OutboxOptions} with every default filled in. */
export type ResolvedOutboxOptions = Required<OutboxOptions>;

/** The defaults of {@link OutboxOptions}. */
export const DEFAULT_OUTBOX_OPTIONS: ResolvedOutboxOptions = Object.freeze({
  maxAttempts: 10,
  backoffBaseMs: 1000,
  backoffCapMs: 900_000,
  leaseMs: 60_000,
  concurrency: 8,
});

const DAY_MS = 86_400_000;

/** Limits of `onecode.outbox.purgeSettled`. */
export const OUTBOX_PURGE_LIMITS = Object.freeze({
  /** Settled events younger than this are kept by default: 7 days. */
  defaultOlderThanMs: 7 * DAY_MS,
  defaultLimit: 1000,
  maxLimit: 10_000,
});

function whole(field: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidField(
      `outbox.${field}`,
      "range",
      `outbox.${field} must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}

/** Fills in the defaults and checks the ranges (`VALIDATION_FAILED` naming the option). */
export function resolveOutboxOptions(options: OutboxOptions = {}): ResolvedOutboxOptions {
  const merged = { ...DEFAULT_OUTBOX_OPTIONS, ...options };
  const backoffBaseMs = whole("backoffBaseMs", merged.backoffBaseMs, 1, DAY_MS);
  return {
    maxAttempts: whole("maxAttempts", merged.maxAttempts, 1, 100),
    backoffBaseMs,
    backoffCapMs: whole("backoffCapMs", merged.backoffCapMs, backoffBaseMs, 7 * DAY_MS),
    leaseMs: whole("leaseMs", merged.leaseMs, 1000, DAY_MS),
    concurrency: whole("concurrency", merged.concurrency, 1, 64),
  };
}

/** Wait before the attempt after `failedAttempts` failures: base × 2^(failures-1), at most the cap. */
export function retryDelayMs(options: ResolvedOutboxOptions, failedAttempts: number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40);
  return Math.min(options.backoffBaseMs * 2 ** exponent, options.backoffCapMs);
}
