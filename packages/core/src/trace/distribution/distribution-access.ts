import { OneCodeError } from "../../kernel/errors.js";
import { requireRole, type TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { StockDocument } from "./distribution.js";

/**
 * The enterprise whose operators work a document: the issuer, or for an
 * inbound-only document the receiver.
 */
export function responsibleEnterprise(
  document: Pick<StockDocument, "outboundType" | "fromEnterpriseId" | "toEnterpriseId">,
): string | null {
  return document.outboundType !== null ? document.fromEnterpriseId : document.toEnterpriseId;
}

/**
 * Admins may work any stock document. A stock operator only documents of
 * the enterprises assigned to them: their staff record (looked up by the
 * actor id) must list the {@link responsibleEnterprise}. Everyone else gets
 * `FORBIDDEN`.
 */
export async function requireStockAccess(
  storage: Pick<StorageRepositories, "staff">,
  ctx: TenantContext,
  document: Pick<StockDocument, "outboundType" | "fromEnterpriseId" | "toEnterpriseId">,
): Promise<void> {
  if (ctx.actor.roles.includes("admin")) return;
  requireRole(ctx, "admin", "stock_operator");
  const enterpriseId = responsibleEnterprise(document);
  const member = await storage.staff.get(ctx.tenantId, ctx.actor.id);
  if (enterpriseId !== null && member?.enterpriseIds.includes(enterpriseId)) return;
  throw new OneCodeError(
    "FORBIDDEN",
    `stock operator ${ctx.actor.id} is not assigned to enterprise ${enterpriseId ?? "(none)"}`,
    { actor: ctx.actor.id, enterpriseId, assigned: member?.enterpriseIds ?? [] },
  );
}
