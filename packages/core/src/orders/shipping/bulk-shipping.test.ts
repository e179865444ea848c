import { describe, expect, it } from "vitest";
import { orderRecord } from "../../../testing/order-fixtures.js";
import {
  admin,
  buyer,
  inspector,
  refusal,
  shippingSetup,
  store7Clerk,
} from "./shipping-test-kit.js";

const HEADER = "order_number,courier,tracking_number";

describe("shipments.shipFromCsv (批量发货)", () => {
  it("ships each unshipped order of the file and reports every row", async () => {
    const { onecode, paidOrder, storage } = shippingSetup();
    const ready = await paidOrder();
    const alsoReady = await paidOrder();
    const partly = await paidOrder();
    await onecode.shipments.ship(admin, partly.id, {
      courier: "SF",
      trackingNumber: "SF1",
      items: [{ lineId: "l1", quantity: 1 }],
    });
    const unpaid = await paidOrder({ state: "unpaid", paidAt: null });
    const inStore = await paidOrder({
      delivery: { ...orderRecord("acme").delivery, method: "in_store", storeId: "store-7" },
    });
    const file = [
      HEADER,
      `${ready.number},SF,SF100`,
      "209901010000000000,SF,SF101",
      `${partly.number},SF,SF102`,
      `${unpaid.number},SF,SF103`,
      `${ready.number},YTO,YT104`,
      `${inStore.number},SF,SF105`,
      `${alsoReady.number},YTO,YT106`,
    ].join("\r\n");

    const result = await onecode.shipments.shipFromCsv(admin, file);
    expect(result.rows.map((row) => [row.line, row.orderNumber, row.outcome])).toEqual([
      [2, ready.number, "shipped"],
      [3, "209901010000000000", "not_found"],
      [4, partly.number, "not_unshipped"],
      [5, unpaid.number, "not_unshipped"],
      [6, ready.number, "duplicate"],
      [7, inStore.number, "refused"],
      [8, alsoReady.number, "shipped"],
    ]);
    expect(result).toMatchObject({ shipped: 2, failed: 5 });
    expect(result.rows.map((row) => row.message)).toEqual([
      `order ${ready.number} shipped with SF SF100`,
      "no order has the number 209901010000000000",
      `order ${partly.number} is partly_shipped already`,
      `order ${unpaid.number} is unpaid; only unshipped orders ship in bulk`,
      `order ${ready.number} is already on line 2`,
      expect.stringContaining("verify its code instead of shipping it"),
      `order ${alsoReady.number} shipped with YTO YT106`,
    ]);
    const shipped = await storage.orders.get("acme", ready.id);
    expect(shipped).toMatchObject({ state: "shipped", logisticsState: "shipped" });
    expect(shipped?.shipments.map((shipment) => shipment.trackingNumber)).toEqual(["SF100"]);
    expect(result.rows[0]?.shipmentId).toBe(shipped?.shipments[0]?.id);
    expect(await onecode.timers.get(admin, "orders.complete_shipped", ready.id)).not.toBeNull();
  });

  it("refuses rows whose buyer asked to cancel, shipping the others", async () => {
    const { onecode, paidOrder } = shippingSetup();
    const asked = await paidOrder({
      cancellationRequest: { reason: "ordered twice", requestedAt: "2026-05-01T00:00:00.000Z" },
    });
    const ready = await paidOrder();
    const result = await onecode.shipments.shipFromCsv(
      admin,
      `${HEADER}\n${asked.number},SF,SF1\n${ready.number},SF,SF2\n`,
    );
    expect(result.rows.map((row) => [row.outcome, row.message])).toEqual([
      ["refused", `order ${asked.id} has an open cancellation request; decide it before shipping`],
      ["shipped", `order ${ready.number} shipped with SF SF2`],
    ]);
  });

  it("ships nothing from a file with one malformed line", async () => {
    const { onecode, paidOrder, storage } = shippingSetup();
    const order = await paidOrder();
    const error = await refusal(
      onecode.shipments.shipFromCsv(
        admin,
        `${HEADER}\n${order.number},SF,SF100\n${order.number},SF\n`,
      ),
    );
    expect(error).toMatchObject({
      code: "UPLOAD_REJECTED",
      details: { errorCount: 1, errors: [{ line: 3, rule: "column_count" }] },
    });
    expect((await storage.orders.get("acme", order.id))?.version).toBe(1);
  });

  it("needs orders.ship: scoped grants ship their store's orders, other rows are forbidden", async () => {
    const { onecode, paidOrder } = shippingSetup();
    const base = orderRecord("acme").delivery;
    const mine = await paidOrder({
      delivery: { ...base, method: "self_pickup", storeId: "store-7" },
    });
    const theirs = await paidOrder({
      delivery: { ...base, method: "self_pickup", storeId: "store-8" },
    });
    const file = `${HEADER}\n${mine.number},self,S1\n${theirs.number},self,S2\n`;
    const result = await onecode.shipments.shipFromCsv(store7Clerk, new TextEncoder().encode(file));
    expect(result.rows.map((row) => row.outcome)).toEqual(["shipped", "forbidden"]);
    expect((await refusal(onecode.shipments.shipFromCsv(inspector, file))).code).toBe("FORBIDDEN");
    expect((await refusal(onecode.shipments.shipFromCsv(buyer, file))).code).toBe("FORBIDDEN");
  });
});
