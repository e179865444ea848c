import { isOneCodeError } from "../../kernel/errors.js";
import {
  requireCapability,
  requireCapabilityAnywhere,
} from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { Order } from "../order.js";
import { orderAccessTarget } from "../order-change.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import { type BulkShippingRow, readBulkShippingCsv } from "./bulk-shipping-csv.js";
import { shipOrder } from "./order-shipping.js";
import type {
  BulkShippingOutcome,
  BulkShippingResult,
  BulkShippingRowResult,
} from "./shipment-service-types.js";

/** Thrown by the bulk guard: the order is not waiting to ship at all. */
class NotUnshipped extends Error {}

function describeNotUnshipped(order: Order): string {
  if (order.state === "to_ship") return `order ${order.number} is ${order.logisticsState} already`;
  return `order ${order.number} is ${order.state}; only unshipped orders ship in bulk`;
}

/**
 * Ships the orders of a bulk shipping file row by row (each in its own
 * transaction, in file order) after the whole file was read and found
 * well formed; a malformed file ships nothing.
 */
export async function shipFromCsv(
  runtime: OrdersRuntime,
  ctx: TenantContext,
  file: string | Uint8Array,
): Promise<BulkShippingResult> {
  requireCapabilityAnywhere(ctx, "orders.ship");
  const rows = readBulkShippingCsv(file);
  const seen = new Map<string, number>();
  const results: BulkShippingRowResult[] = [];
  for (const row of rows) {
    const earlier = seen.get(row.orderNumber);
    if (earlier !== undefined) {
      results.push(
        result(row, "duplicate", `order ${row.orderNumber} is already on line ${earlier}`),
      );
      continue;
    }
    seen.set(row.orderNumber, row.line);
    results.push(await shipRow(runtime, ctx, row));
  }
  const shipped = results.filter((entry) => entry.outcome === "shipped").length;
  return { rows: results, shipped, failed: results.length - shipped };
}

async function shipRow(
  runtime: OrdersRuntime,
  ctx: TenantContext,
  row: BulkShippingRow,
): Promise<BulkShippingRowResult> {
  const order = await runtime.ports.storage.orders.getByNumber(ctx.tenantId, row.orderNumber);
  if (!order) return result(row, "not_found", `no order has the number ${row.orderNumber}`);
  let refusal = "";
  try {
    const { shipment } = await shipOrder(
      runtime,
      ctx,
      order.id,
      { courier: row.courier, trackingNumber: row.trackingNumber, items: null },
      {
        guard(current) {
          requireCapability(ctx, "orders.ship", orderAccessTarget(current));
          if (current.state !== "to_ship" || current.logisticsState !== "not_shipped") {
            refusal = describeNotUnshipped(current);
            throw new NotUnshipped();
          }
        },
      },
    );
    return result(
      row,
      "shipped",
      `order ${row.orderNumber} shipped with ${row.courier} ${row.trackingNumber}`,
      order.id,
      shipment.id,
    );
  } catch (error) {
    if (error instanceof NotUnshipped) return result(row, "not_unshipped", refusal, order.id);
    if (isOneCodeError(error, "FORBIDDEN")) {
      return result(row, "forbidden", error.message, order.id);
    }
    if (isOneCodeError(error, "NOT_FOUND")) {
      return result(row, "not_found", `no order has the number ${row.orderNumber}`);
    }
    if (
      isOneCodeError(error, "VALIDATION_FAILED") ||
      isOneCodeError(error, "INVALID_STATE_TRANSITION")
    ) {
      return result(row, "refused", error.message, order.id);
    }
    throw error;
  }
}

function result(
  row: BulkShippingRow,
  outcome: BulkShippingOutcome,
  message: string,
  orderId: string | null = null,
  shipmentId: string | null = null,
): BulkShippingRowResult {
  return { line: row.line, orderNumber: row.orderNumber, outcome, message, orderId, shipmentId };
}
