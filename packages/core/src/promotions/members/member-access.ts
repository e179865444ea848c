import { notFound } from "../../kernel/errors.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";

/**
 * Reading one customer's membership: staff with `promotions.read`, or the
 * consumer themselves (another customer's record answers `NOT_FOUND`, so
 * ids are not probed).
 */
export function requireOwnOrRead(ctx: TenantContext, customerId: string): void {
  if (ctx.actor.kind === "consumer") {
    if (ctx.actor.id !== customerId) {
      throw notFound("customer", customerId);
    }
    return;
  }
  requireCapability(ctx, "promotions.read");
}
