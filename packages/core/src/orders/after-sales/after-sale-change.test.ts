import { describe, expect, it } from "vitest";
import { rejectionOf } from "../../codes/codes-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import type { Storage } from "../../ports/storage.js";
import type { OrdersRuntime } from "../orders-runtime.js";
import { afterSaleChanger } from "./after-sale-change.js";
import { admin, afterSalesKit, buyer } from "./after-sales-test-kit.js";

const refundOnly = {
  kind: "refund_only" as const,
  items: [{ lineId: "l1", quantity: 1 }],
  refundAmount: 3990,
  reason: "Broken seal",
};

/** The runtime with a storage whose after-sales updates lose `losses` compare-and-sets first. */
function losingRuntime(runtime: OrdersRuntime, losses: { left: number }): OrdersRuntime {
  const storage = runtime.ports.storage;
  const losing: Storage = Object.create(storage);
  losing.transaction = (work) =>
    storage.transaction((tx) => {
      const afterSales = Object.create(tx.afterSales);
      afterSales.update = async (...args: Parameters<typeof tx.afterSales.update>) =>
        losses.left-- > 0 ? false : tx.afterSales.update(...args);
      const view = Object.create(tx);
      view.afterSales = afterSales;
      return work(view);
    });
  return { ...runtime, ports: { ...runtime.ports, storage: losing } };
}

describe("the after-sales changer", () => {
  it("starts over when another change landed first, judging the request again", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const request = await kit.service.apply(buyer, order.id, refundOnly);
    const losses = { left: 1 };
    const change = afterSaleChanger(losingRuntime(kit.runtime, losses));
    let judged = 0;
    const { afterSale, changed } = await change(admin, request.id, (current) => {
      judged++;
      return {
        next: { ...current, state: "rejected", rejectionReason: "late" },
        verb: "rejected",
        changes: {},
      };
    });
    expect([judged, changed, afterSale.state, afterSale.version]).toEqual([2, true, "rejected", 2]);
    expect(await kit.audit(request.id)).toEqual([
      "orders.after_sale.applied",
      "orders.after_sale.rejected",
    ]);
  });

  it("gives up with BUSY after repeated losses, having written nothing", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const request = await kit.service.apply(buyer, order.id, refundOnly);
    const change = afterSaleChanger(losingRuntime(kit.runtime, { left: 100 }));
    const error = await rejectionOf(
      change(admin, request.id, (current) => ({
        next: { ...current, state: "rejected" },
        verb: "rejected",
        changes: {},
      })),
    );
    expect(isOneCodeError(error, "BUSY")).toBe(true);
    expect((await kit.service.get(admin, request.id)).state).toBe("applied");
    expect(await kit.audit(request.id)).toEqual(["orders.after_sale.applied"]);
  });

  it("returns without writing when the mutation has nothing to do", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const request = await kit.service.apply(buyer, order.id, refundOnly);
    const { changed } = await afterSaleChanger(kit.runtime)(admin, request.id, () => null);
    expect(changed).toBe(false);
    expect((await kit.service.get(admin, request.id)).version).toBe(1);
  });

  it("lets one of two racing decisions win", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const request = await kit.service.apply(buyer, order.id, refundOnly);
    const outcomes = await Promise.allSettled([
      kit.service.approve(admin, request.id),
      kit.service.reject(admin, request.id, { reason: "no" }),
      kit.service.withdraw(buyer, request.id),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const refusals = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason] : [],
    );
    expect(refusals.every((reason) => isOneCodeError(reason, "INVALID_STATE_TRANSITION"))).toBe(
      true,
    );
    expect((await kit.service.get(admin, request.id)).version).toBe(2);
  });
});
