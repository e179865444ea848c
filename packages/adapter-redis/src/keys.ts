/** The hot-state areas; each one is a segment of every key it stores. */
export type KeyKind = "counter" | "rate" | "cache" | "lock" | "idem";

/** Builds the Redis key of one hot-state entry. */
export type KeyBuilder = (kind: KeyKind, tenantId: string, key: string) => string;

/** The areas of a gate scope: a take's counter, a once-key, a flag, a receipt. */
export type GateKeyKind = "gate-counter" | "gate-claim" | "gate-flag" | "gate-receipt";

/**
 * Builds the Redis keys of one gate scope: `base` once per call of the
 * adapter, then `base + kind + ":" + key` for each key, so a gate of many
 * steps encodes its scope once.
 */
export interface GateKeys {
  /** `${keyPrefix}{${tenantId}:${encoded scope}}:`, the part every key of the scope shares. */
  base(tenantId: string, scope: string): string;
}

function checkPrefix(keyPrefix: string): void {
  if (typeof keyPrefix !== "string" || /[{}]/.test(keyPrefix)) {
    throw new RangeError(
      "redisHotState: keyPrefix must be a string without '{' or '}' (braces would change the cluster hash tag)",
    );
  }
}

/**
 * Returns the key builder for `keyPrefix`. Layout:
 * `${keyPrefix}{${tenantId}}:${kind}:${key}`. Core's argument rules limit
 * tenant ids to `[A-Za-z0-9][A-Za-z0-9_-]{0,63}` and the prefix may not
 * contain braces, so the first `{` opens the tenant and the first `}` closes
 * it: no two tenants can share a key whatever their keys contain, and the
 * tenant is the Redis Cluster hash tag (one tenant, one slot).
 */
export function keyBuilder(keyPrefix: string): KeyBuilder {
  checkPrefix(keyPrefix);
  return (kind, tenantId, key) => `${keyPrefix}{${tenantId}}:${kind}:${key}`;
}

/**
 * A scope as it appears inside the hash tag: `%`, `{` and `}` become `%25`,
 * `%7B` and `%7D`, everything else stays. The encoding is one-to-one and the
 * result has no `}`, so the tag ends exactly after the scope and two scopes
 * never share a key; most scopes ("campaign:42") are written as they are.
 */
export function encodeScope(scope: string): string {
  return /[%{}]/.test(scope)
    ? scope.replace(/[%{}]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    : scope;
}

/**
 * Returns the gate key builder for `keyPrefix`. Layout:
 * `${keyPrefix}{${tenantId}:${encodeScope(scope)}}:${kind}:${key}`. The hash
 * tag is tenant and scope, so every key of one gate (counters, once-keys,
 * flags, receipt) lives in one Redis Cluster slot and one script can touch
 * them all, while different scopes spread over the cluster. The `:` after
 * the tenant (which core limits to letters, digits, `_` and `-`) keeps gate
 * keys apart from the other hot-state keys, whose tag is the tenant alone.
 */
export function gateKeys(keyPrefix: string): GateKeys {
  checkPrefix(keyPrefix);
  return { base: (tenantId, scope) => `${keyPrefix}{${tenantId}:${encodeScope(scope)}}:` };
}
