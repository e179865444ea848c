/**
 * A capability an adapter either provides (the value) or states it lacks,
 * with the reason printed in the skipped test's title. Suites never skip
 * silently.
 */
export type Capability<T> = T | { readonly unsupported: string };

/** The provided value, or `null` when the adapter stated it lacks the capability. */
export function provided<T>(capability: Capability<T>): T | null {
  return typeof capability === "object" && capability !== null && "unsupported" in capability
    ? null
    : (capability as T);
}

/** Title suffix naming why a capability test is skipped. */
export function skipNote(capability: Capability<unknown>): string {
  return provided(capability) === null
    ? ` (skipped: ${(capability as { unsupported: string }).unsupported})`
    : "";
}
