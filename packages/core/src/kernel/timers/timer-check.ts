import type { InputCheck } from "../input-check.js";
import { isStorableText, STORABLE_TEXT_MESSAGE, STORABLE_TEXT_RULE } from "../storable-text.js";

import type { TimerPayload } from "./ports.js";

/** Kinds are dotted snake_case names, module first: `orders.close_unpaid`. */
export const TIMER_KIND_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
/** Longest kind, in characters. */
export const MAX_TIMER_KIND_LENGTH = 100;
/** Longest key, in characters. */
export const MAX_TIMER_KEY_LENGTH = 200;
/** Largest payload, as UTF-8 JSON bytes: timers carry ids, not records. */
export const MAX_TIMER_PAYLOAD_BYTES = 8_192;

/** Adds the issue of `kind` to `check` unless it is a valid timer kind; returns it. */
export function checkTimerKind(check: InputCheck, kind: unknown, field = "kind"): string {
  return check.text(field, kind, {
    max: MAX_TIMER_KIND_LENGTH,
    pattern: TIMER_KIND_PATTERN,
    patternRule: "timer_kind",
    patternMessage: `${field} must be dotted snake_case such as orders.close_unpaid`,
  });
}

/** Adds the issue of `key` to `check` unless it is a valid timer key; returns it. */
export function checkTimerKey(check: InputCheck, key: unknown, field = "key"): string {
  return check.text(field, key, { max: MAX_TIMER_KEY_LENGTH });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Adds the issue of `payload` to `check` unless it is a plain JSON object of
 * at most {@link MAX_TIMER_PAYLOAD_BYTES}; returns it as it will be stored
 * (a JSON round trip, so the handler sees what storage kept).
 */
export function checkTimerPayload(check: InputCheck, payload: unknown): TimerPayload {
  if (payload === undefined || payload === null) return {};
  let json: string | undefined;
  let storable = true;
  try {
    // Storage keeps neither NUL nor lone surrogates, in keys or in values.
    const visit = (name: string, value: unknown) => {
      if (!isStorableText(name) || (typeof value === "string" && !isStorableText(value))) {
        storable = false;
      }
      return value;
    };
    json = isPlainObject(payload) ? JSON.stringify(payload, visit) : undefined;
  } catch {
    json = undefined;
  }
  if (json === undefined) {
    check.fail("payload", "json_object", "payload must be a plain JSON object");
    return {};
  }
  if (new TextEncoder().encode(json).length > MAX_TIMER_PAYLOAD_BYTES) {
    check.fail(
      "payload",
      "max_bytes",
      `payload must be at most ${MAX_TIMER_PAYLOAD_BYTES} bytes as JSON`,
    );
    return {};
  }
  if (!storable) {
    check.fail("payload", STORABLE_TEXT_RULE, `payload ${STORABLE_TEXT_MESSAGE}`);
    return {};
  }
  return JSON.parse(json) as TimerPayload;
}

/**
 * The instant in ms of `at` (a `Date`, an ISO-8601 string or epoch ms), or
 * `null` after recording an issue on `field`.
 */
export function checkInstant(check: InputCheck, field: string, at: unknown): number | null {
  const ms =
    at instanceof Date
      ? at.getTime()
      : typeof at === "string" && /^\d{4}-\d{2}-\d{2}T/.test(at)
        ? Date.parse(at)
        : typeof at === "number"
          ? at
          : Number.NaN;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    check.fail(
      field,
      "instant",
      `${field} must be a Date, an ISO-8601 date-time or epoch milliseconds`,
    );
    return null;
  }
  return ms;
}
