/**
 * Freezes `value` and everything reachable from it, for objects shared
 * between callers (one parsed cache entry answering many requests), so no
 * caller can change what the others see.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
