/** The hot-state areas; each one is a segment of every key it stores. */
export type KeyKind = "counter" | "rate" | "cache" | "lock" | "idem";

/** Builds the Redis key of one hot-state entry. */
export type KeyBuilder = (kind: KeyKind, tenantId: string, key: string) => string;

/**
 * Returns the key builder for `keyPrefix`. Layout:
 * `${keyPrefix}{${tenantId}}:${kind}:${key}`. Core's argument rules limit
 * tenant ids to `[A-Za-z0-9][A-Za-z0-9_-]{0,63}` and the prefix may not
 * contain braces, so the first `{` opens the tenant and the first `}` closes
 * it: no two tenants can share a key whatever their keys contain, and the
 * tenant is the Redis Cluster hash tag (one tenant, one slot).
 */
export function keyBuilder(keyPrefix: string): KeyBuilder {
  if (typeof keyPrefix !== "string" || /[{}]/.test(keyPrefix)) {
    throw new RangeError(
      "redisHotState: keyPrefix must be a string without '{' or '}' (braces would change the cluster hash tag)",
    );
  }
  return (kind, tenantId, key) => `${keyPrefix}{${tenantId}}:${kind}:${key}`;
}
