import type { PromotionScope } from "../pricing/pricing-sources.js";
import type { Activity } from "./activity.js";

/** Another activity that already covers a product of a new or changed one in an overlapping window. */
export interface ActivityConflict {
  readonly activity: Activity;
  /** A product both cover; `null` when both cover all products. */
  readonly productId: string | null;
}

/** True when the windows `[startsAt, endsAt)` intersect; a `null` end is open-ended. */
export function windowsOverlap(
  a: Pick<Activity, "startsAt" | "endsAt">,
  b: Pick<Activity, "startsAt" | "endsAt">,
): boolean {
  return (
    (a.endsAt === null || b.startsAt < a.endsAt) && (b.endsAt === null || a.startsAt < b.endsAt)
  );
}

/**
 * A product both scopes cover: `undefined` when none, `null` when both
 * cover all products, else the first shared product id (an all-products
 * scope shares every product of the other one).
 */
export function sharedProduct(a: PromotionScope, b: PromotionScope): string | null | undefined {
  if (a.kind === "all" && b.kind === "all") return null;
  if (a.kind === "all") return b.kind === "products" ? b.productIds[0] : undefined;
  if (b.kind === "all") return a.productIds[0];
  const other = new Set(b.productIds);
  return a.productIds.find((id) => other.has(id));
}

/**
 * The first activity of `others` that `candidate` may not run beside: §4.1
 * lets a product be in at most one activity at a time, free shipping
 * excepted (a free-shipping activity conflicts with nothing). `others` may
 * hold `candidate` itself (a changed record): it is skipped. Storage calls
 * this inside its serialised check-and-write, so two concurrent writes
 * cannot both pass it.
 */
export function findActivityConflict(
  candidate: Activity,
  others: readonly Activity[],
): ActivityConflict | null {
  if (candidate.terms.kind === "free_shipping") return null;
  for (const other of others) {
    if (other.id === candidate.id || other.terms.kind === "free_shipping") continue;
    if (!windowsOverlap(candidate, other)) continue;
    const productId = sharedProduct(candidate.scope, other.scope);
    if (productId !== undefined) return { activity: other, productId };
  }
  return null;
}
