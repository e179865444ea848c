import type { CorePorts } from "../core-ports.js";
import { createdChanges, fieldChanges } from "../kernel/audit/audit-summary.js";
import { auditRecorder } from "../kernel/audit/record-audit.js";
import { isoNow } from "../kernel/clock.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import { InputCheck } from "../kernel/input-check.js";
import { paginate } from "../kernel/pagination.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import { requireReady } from "./csv-export.js";
import type { PrintOrder, PrintPriceTable, PrintQuote } from "./print-order.js";
import {
  checkNewPrintOrder,
  checkQuoteInput,
  checkTransition,
  PRINT_ORDER_STATUSES,
} from "./print-order-check.js";
import type { PrintOrderService } from "./print-order-service-types.js";
import { printCountsOf, quotePrint } from "./print-pricing.js";

/**
 * Builds the print order use cases. Quotes and reads need `codes.read`;
 * creating and advancing orders need `codes.print`.
 */
export function printOrderService(ports: CorePorts, prices: PrintPriceTable): PrintOrderService {
  const { storage, clock, ids } = ports;
  const recordAudit = auditRecorder(ports);
  const target = (id: string) => ({ type: "print_order", id });

  /** Prices the packages: each must be a succeeded package of the tenant with serials. */
  const quote = async (ctx: TenantContext, packageIds: readonly string[]): Promise<PrintQuote> => {
    let packagingCodes = 0;
    let itemCodes = 0;
    for (const [index, id] of packageIds.entries()) {
      const pkg = await storage.codePackages.get(ctx.tenantId, id);
      if (!pkg) throw notFound("code package", id, `packageIds.${index}`);
      requireReady(pkg);
      if (!pkg.hasSerials) {
        throw new OneCodeError(
          "PRINT_REQUIRES_SERIALS",
          `code package ${id} has no serial numbers, so it can only be printed offline`,
          { id, field: `packageIds.${index}` },
        );
      }
      const counts = printCountsOf(pkg);
      packagingCodes += counts.packagingCodes;
      itemCodes += counts.itemCodes;
    }
    return quotePrint(prices, { packagingCodes, itemCodes });
  };

  const get = async (ctx: TenantContext, id: string) => {
    requireCapability(ctx, "codes.read");
    const order = await storage.printOrders.get(ctx.tenantId, id);
    if (!order) throw notFound("print order", id);
    return order;
  };

  return {
    async quote(ctx, input) {
      requireCapability(ctx, "codes.read");
      const { packageIds } = checkQuoteInput(input);
      return quote(ctx, packageIds);
    },
    async create(ctx, input) {
      requireCapability(ctx, "codes.print");
      const { packageIds, finish, recipient } = checkNewPrintOrder(input);
      const now = isoNow(clock);
      const order: PrintOrder = {
        id: ids.newId("print"),
        tenantId: ctx.tenantId,
        packageIds,
        finish,
        recipient,
        quote: await quote(ctx, packageIds),
        status: "pending",
        trackingNumber: null,
        courier: null,
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        await tx.printOrders.insert(order);
        await recordAudit(tx, ctx, {
          action: "codes.print_order.created",
          target: target(order.id),
          changes: createdChanges(order),
        });
      });
      return order;
    },
    get,
    async list(ctx, filter = {}, page) {
      requireCapability(ctx, "codes.read");
      const check = new InputCheck();
      const status =
        filter.status === undefined
          ? undefined
          : check.oneOf("status", filter.status, PRINT_ORDER_STATUSES);
      check.done();
      return paginate(page, (query) =>
        storage.printOrders.list(ctx.tenantId, status === undefined ? {} : { status }, query),
      );
    },
    async advance(ctx, id, transition) {
      requireCapability(ctx, "codes.print");
      const { from, to, trackingNumber, courier } = checkTransition(transition);
      return storage.transaction(async (tx) => {
        const result = await tx.printOrders.transition(ctx.tenantId, id, from, {
          status: to,
          ...(trackingNumber !== undefined && { trackingNumber }),
          ...(courier !== undefined && { courier }),
          updatedAt: isoNow(clock),
        });
        if (result.outcome === "not_found") throw notFound("print order", id);
        if (result.outcome === "wrong_status") {
          throw new OneCodeError(
            "INVALID_STATE_TRANSITION",
            `print order ${id} is ${result.status}; it can move to ${to} only from ${from}`,
            { id, from: result.status, to },
          );
        }
        await recordAudit(tx, ctx, {
          action: `codes.print_order.${to}`,
          target: target(id),
          changes: fieldChanges({
            status: { before: from, after: to },
            ...(trackingNumber !== undefined && { trackingNumber: { after: trackingNumber } }),
            ...(courier !== undefined && { courier: { after: courier } }),
          }),
        });
        return result.order;
      });
    },
  };
}
