import { tenantContext } from "../../kernel/tenant.js";
import { ordersTestKit } from "../../orders/orders-test-kit.js";

/** A deterministic OneCode with a buyer's order flow, for the members tests. */
export function membersTestKit() {
  const kit = ordersTestKit();
  const { onecode, admin } = kit;
  /** Delivers every pending outbox event. */
  const settle = async () => {
    while ((await onecode.outbox.dispatch()).delivered > 0) {
      // deliver until nothing is pending
    }
  };
  /** A paid order of `quantity` units at `price` for `customerId`. */
  const paidOrder = async (customerId: string, price = 980, quantity = 1) => {
    const sku = await kit.sku({ price, stock: 100 });
    const order = await onecode.orders.create(
      kit.buyer(customerId),
      kit.orderInput(sku.id, quantity),
    );
    const { order: paid } = await onecode.orders.pay(kit.buyer(customerId), order.id);
    await settle();
    return { order: paid, sku };
  };
  /** Ships and completes the order (as staff). */
  const complete = async (orderId: string) => {
    await onecode.shipments.ship(admin, orderId, { courier: "SF", trackingNumber: "SF1234567890" });
    const done = await onecode.shipments.confirmReceipt(admin, orderId);
    await settle();
    return done;
  };
  const reader = tenantContext("acme", { id: "rita", kind: "staff", roles: ["inspector"] });
  return { ...kit, settle, paidOrder, complete, reader };
}

/** The error a promise rejects with. */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; details?: unknown };
  }
  throw new Error("expected a refusal");
}
