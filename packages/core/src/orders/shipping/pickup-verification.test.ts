import { describe, expect, it } from "vitest";
import { orderRecord } from "../../../testing/order-fixtures.js";
import { tenantContext } from "../../kernel/tenant.js";
import {
  admin,
  buyer,
  inspector,
  issuesOfRefusal,
  refusal,
  START,
  shippingSetup,
  store7Clerk,
} from "./shipping-test-kit.js";

describe("shipments.verifyPickup (到店核销)", () => {
  it("hands the order over once: completed, signed, verified by whom and when, stock committed", async () => {
    const { onecode, pickupOrder, holdStock, storage, recordedEvents, auditActions } =
      shippingSetup();
    const order = await pickupOrder("123456789012");
    await holdStock(order.id);
    const verified = await onecode.shipments.verifyPickup(store7Clerk, " 123456789012 ");
    expect(verified).toMatchObject({
      id: order.id,
      state: "completed",
      logisticsState: "signed",
      completedAt: START,
      stock: "committed",
      verification: { code: "123456789012", verifiedAt: START, verifiedBy: "carol" },
      version: 2,
    });
    expect((await storage.skus.getReservation("acme", order.id))?.status).toBe("committed");
    expect((await recordedEvents()).map((event) => [event.type, event.payload])).toEqual([
      ["order.verified", { verifiedAt: START, verifiedBy: "carol" }],
      ["order.completed", { via: "verification" }],
    ]);
    expect(await auditActions(order.id)).toEqual(["orders.order.verified"]);

    const again = await refusal(onecode.shipments.verifyPickup(admin, "123456789012"));
    expect(again).toMatchObject({
      code: "ALREADY_VERIFIED",
      details: { orderId: order.id, verifiedAt: START, verifiedBy: "carol" },
    });
    expect(again.message).toContain(`at ${START} by carol`);
    expect(await storage.orders.get("acme", order.id)).toEqual(verified);
  });

  it("lets exactly one of 20 concurrent verifications of one code succeed", async () => {
    const { onecode, pickupOrder, auditActions } = shippingSetup();
    const order = await pickupOrder("555000111222");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => onecode.shipments.verifyPickup(admin, "555000111222")),
    );
    const succeeded = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [(outcome.reason as { code: string }).code] : [],
    );
    expect(succeeded).toHaveLength(1);
    expect(refused).toEqual(Array(19).fill("ALREADY_VERIFIED"));
    expect(await auditActions(order.id)).toEqual(["orders.order.verified"]);
  });

  it("checks orders.verify: a store-scoped grant reaches its own store's orders only", async () => {
    const { onecode, pickupOrder, storage } = shippingSetup();
    const elsewhere = await pickupOrder("800000000008", "store-8");
    expect(
      await refusal(onecode.shipments.verifyPickup(store7Clerk, "800000000008")),
    ).toMatchObject({ code: "FORBIDDEN", details: { capability: "orders.verify" } });
    expect((await refusal(onecode.shipments.verifyPickup(inspector, "800000000008"))).code).toBe(
      "FORBIDDEN",
    );
    expect((await refusal(onecode.shipments.verifyPickup(buyer, "800000000008"))).code).toBe(
      "FORBIDDEN",
    );
    const stranger = tenantContext("other", { id: "olga", kind: "staff", roles: ["admin"] });
    expect((await refusal(onecode.shipments.verifyPickup(stranger, "800000000008"))).code).toBe(
      "NOT_FOUND",
    );
    expect((await storage.orders.get("acme", elsewhere.id))?.version).toBe(1);
  });

  it("refuses unknown and malformed codes, and orders that are not to_ship or have an open cancellation request", async () => {
    const { onecode, pickupOrder, paidOrder } = shippingSetup();
    expect(await refusal(onecode.shipments.verifyPickup(admin, "000000000000"))).toMatchObject({
      code: "NOT_FOUND",
      details: { field: "code" },
    });
    expect(await issuesOfRefusal(onecode.shipments.verifyPickup(admin, " "))).toEqual([
      "code/required",
    ]);
    await pickupOrder("100000000001", "store-7", { state: "unpaid", paidAt: null });
    expect(await refusal(onecode.shipments.verifyPickup(admin, "100000000001"))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "unpaid", to: "verify" },
    });
    await pickupOrder("100000000002", "store-7", { state: "closed" });
    expect((await refusal(onecode.shipments.verifyPickup(admin, "100000000002"))).code).toBe(
      "INVALID_STATE_TRANSITION",
    );
    await pickupOrder("100000000003", "store-7", {
      cancellationRequest: { reason: "no longer needed", requestedAt: START },
    });
    expect(await refusal(onecode.shipments.verifyPickup(admin, "100000000003"))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { required: "no open cancellation request" },
    });
    const base = orderRecord("acme").delivery;
    await paidOrder({
      delivery: { ...base, method: "in_store", storeId: "store-7" },
      verification: { code: "100000000004", verifiedAt: null, verifiedBy: null },
    });
    expect((await onecode.shipments.verifyPickup(admin, "100000000004")).state).toBe("completed");
  });
});
