import type { TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";

/** The two kinds of timed sale sharing one table: the audit target and the event prefix. */
export type TimedSaleKind = "flash_sale" | "presale";

/** What the created and stopped records name of a sale. */
interface SaleSummary {
  readonly id: string;
  readonly name: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly items: readonly unknown[];
}

/**
 * Audits a new sale and records `<kind>.created`, in the creating
 * transaction; `idField` names the sale's id in the event payload
 * (`saleId`, `presaleId`).
 */
export async function recordSaleCreated(
  runtime: Pick<PromotionsRuntime, "recordAudit" | "recordEvents">,
  tx: StorageRepositories,
  ctx: TenantContext,
  kind: TimedSaleKind,
  idField: string,
  sale: SaleSummary,
): Promise<void> {
  await runtime.recordAudit(tx, ctx, {
    action: `promotions.${kind}.created`,
    target: { type: kind, id: sale.id },
    changes: {
      name: { after: sale.name },
      startsAt: { after: sale.startsAt },
      endsAt: { after: sale.endsAt },
      items: { after: sale.items.length },
    },
  });
  await runtime.recordEvents(tx, ctx, [
    {
      type: `${kind}.created`,
      aggregate: { type: kind, id: sale.id },
      payload: { [idField]: sale.id, startsAt: sale.startsAt, endsAt: sale.endsAt },
    },
  ]);
}

/** Audits a sale stopped at `at` and records `<kind>.stopped`, in the stopping transaction. */
export async function recordSaleStopped(
  runtime: Pick<PromotionsRuntime, "recordAudit" | "recordEvents">,
  tx: StorageRepositories,
  ctx: TenantContext,
  kind: TimedSaleKind,
  idField: string,
  id: string,
  at: string,
): Promise<void> {
  await runtime.recordAudit(tx, ctx, {
    action: `promotions.${kind}.stopped`,
    target: { type: kind, id },
    changes: { stoppedAt: { before: null, after: at } },
  });
  await runtime.recordEvents(tx, ctx, [
    { type: `${kind}.stopped`, aggregate: { type: kind, id }, payload: { [idField]: id } },
  ]);
}
