import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { rejectionOf } from "../../codes/codes-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { money } from "../../kernel/money.js";
import type { OrderRefund } from "../order.js";
import { admin, afterSalesKit, buyer } from "./after-sales-test-kit.js";

const refundOnly = {
  kind: "refund_only" as const,
  items: [{ lineId: "l1", quantity: 1 }],
  refundAmount: 3990,
  reason: "Broken seal",
};

describe("applying for after-sales", () => {
  it("reports every broken rule of the input at once and writes nothing", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const error = await rejectionOf(
      kit.service.apply(buyer, order.id, {
        kind: "exchange",
        items: [
          { lineId: "l1", quantity: 0 },
          { lineId: "l1", quantity: 1 },
        ],
        refundAmount: 5,
        reason: "",
        evidence: ["ftp://x", ...Array.from({ length: 2 }, () => "https://img.example/a.jpg")],
        goodsReceived: false,
      }),
    );
    expect(issuesOf(error)).toEqual([
      ["items.0.quantity", "range"],
      ["items.1.lineId", "unique"],
      ["refundAmount", "exchange_no_refund"],
      ["reason", "required"],
      ["evidence.0", "url"],
      ["goodsReceived", "goods_received"],
    ]);
    expect((await kit.service.list(admin)).items).toEqual([]);
    expect(
      issuesOf(
        await rejectionOf(
          kit.service.apply(buyer, order.id, {
            ...refundOnly,
            kind: "gift" as never,
            items: [],
            refundAmount: 0,
          }),
        ),
      ),
    ).toEqual([
      ["kind", "one_of"],
      ["items", "min_items"],
      ["refundAmount", "range"],
    ]);
  });

  it("holds quantities to the line's and lines to the order's", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const error = await rejectionOf(
      kit.service.apply(buyer, order.id, {
        ...refundOnly,
        items: [
          { lineId: "l1", quantity: 3 },
          { lineId: "l9", quantity: 1 },
        ],
      }),
    );
    expect(issuesOf(error)).toEqual([
      ["items.0.quantity", "range"],
      ["items.1.lineId", "unknown_line"],
    ]);
    const whole = await kit.service.apply(buyer, order.id, {
      ...refundOnly,
      items: [{ lineId: "l1", quantity: 2 }],
    });
    expect(whole.items).toEqual([{ lineId: "l1", quantity: 2 }]);
  });

  it("keeps each line in one open request at a time; a closed request frees it", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const first = await kit.service.apply(buyer, order.id, refundOnly);
    const taken = await rejectionOf(
      kit.service.apply(buyer, order.id, {
        ...refundOnly,
        items: [
          { lineId: "l2", quantity: 1 },
          { lineId: "l1", quantity: 1 },
        ],
        refundAmount: 100,
      }),
    );
    expect(issuesOf(taken)).toEqual([["items.1.lineId", "open_after_sale"]]);
    expect((taken as Error).message).toContain(first.id);
    await kit.service.apply(buyer, order.id, {
      ...refundOnly,
      items: [{ lineId: "l2", quantity: 1 }],
      refundAmount: 100,
    });
    await kit.service.withdraw(buyer, first.id);
    expect((await kit.service.apply(buyer, order.id, refundOnly)).state).toBe("applied");
  });

  it("asks back at most what the order's charge has left, less what open requests ask", async () => {
    const kit = afterSalesKit();
    const refund = (
      id: string,
      amount: number,
      status: OrderRefund["status"],
      chargeId = "ch_1",
    ): OrderRefund => ({
      id,
      chargeId,
      amount: money(amount, "CNY"),
      reason: "goodwill",
      status,
      failureCode: null,
      paymentId: null,
      afterSaleId: null,
      requestedBy: { kind: "staff", id: "alice" },
      requestedAt: "2026-05-02T00:00:00.000Z",
      attempts: 1,
      decidedAt: null,
    });
    // Paid 109.80: 10.00 refunded and 4.80 in flight count; a failed goodwill refund and a
    // refund of an earlier charge do not.
    const order = await kit.paidOrder({
      refunds: [
        refund("rfd_a", 1000, "succeeded"),
        refund("rfd_b", 500, "failed"),
        refund("rfd_c", 480, "requested"),
        refund("rfd_d", 9999, "succeeded", "ch_0"),
      ],
      refundedTotal: money(1000, "CNY"),
    });
    const over = await rejectionOf(
      kit.service.apply(buyer, order.id, { ...refundOnly, refundAmount: 9501 }),
    );
    expect(issuesOf(over)).toEqual([["refundAmount", "over_refundable"]]);
    expect((over as Error).message).toContain("at most 9500");
    const first = await kit.service.apply(buyer, order.id, { ...refundOnly, refundAmount: 8000 });
    const onL2 = { ...refundOnly, items: [{ lineId: "l2", quantity: 1 }] };
    const rest = await rejectionOf(
      kit.service.apply(buyer, order.id, { ...onL2, refundAmount: 1501 }),
    );
    expect((rest as Error).message).toContain("at most 1500");
    // Once its refund is on the order, the request is counted once, through the refund.
    const approved = await kit.service.approve(admin, first.id);
    await kit.dispatch();
    const second = await kit.service.apply(buyer, order.id, { ...onL2, refundAmount: 1500 });
    expect(second.refundAmount.amount).toBe(1500);
    // A request whose refund failed still holds its amount: it is owed until staff retry.
    await kit.refunds.settle(order.id, approved.refundId as string, "failed");
    await kit.dispatch();
    await kit.service.withdraw(buyer, second.id);
    const held = await rejectionOf(
      kit.service.apply(buyer, order.id, { ...onL2, refundAmount: 1501 }),
    );
    expect((held as Error).message).toContain("at most 1500");
  });

  it("needs a paid, open order, and the goods received for the return kinds", async () => {
    const kit = afterSalesKit();
    const unpaid = await kit.paidOrder({ state: "unpaid", chargeId: null });
    const closed = await kit.paidOrder({ state: "closed" });
    for (const order of [unpaid, closed]) {
      const error = await rejectionOf(kit.service.apply(buyer, order.id, refundOnly));
      expect(isOneCodeError(error, "INVALID_STATE_TRANSITION")).toBe(true);
    }
    const toShip = await kit.paidOrder({ state: "to_ship", logisticsState: "not_shipped" });
    for (const kind of ["return_and_refund", "exchange"] as const) {
      const error = await rejectionOf(
        kit.service.apply(buyer, toShip.id, {
          ...refundOnly,
          kind,
          refundAmount: kind === "exchange" ? 0 : 100,
        }),
      );
      expect(isOneCodeError(error, "INVALID_STATE_TRANSITION")).toBe(true);
      expect((error as Error).message).toContain("needs the goods received");
    }
    const received = await rejectionOf(
      kit.service.apply(buyer, toShip.id, { ...refundOnly, goodsReceived: true }),
    );
    expect(issuesOf(received)).toEqual([["goodsReceived", "not_shipped"]]);
    const notYet = await kit.service.apply(buyer, toShip.id, refundOnly);
    expect(notYet.goodsReceived).toBe(false);
    const shipped = await kit.paidOrder();
    expect(
      (await kit.service.apply(buyer, shipped.id, { ...refundOnly, goodsReceived: false }))
        .goodsReceived,
    ).toBe(false);
  });

  it("audits the application on the request and on the order", async () => {
    const kit = afterSalesKit();
    const order = await kit.paidOrder();
    const request = await kit.service.apply(admin, order.id, refundOnly);
    expect(await kit.audit(request.id)).toEqual(["orders.after_sale.applied"]);
    expect(await kit.audit(order.id)).toEqual(["orders.order.after_sale_opened"]);
    const [entry] = await kit.ports.storage.audit.list(
      "acme",
      { targetId: request.id },
      { beforeId: null, limit: 1 },
    );
    expect(entry?.actor).toEqual({ kind: "staff", id: "alice" });
    expect(entry?.changes).toMatchObject({
      kind: { after: "refund_only" },
      state: { after: "applied" },
    });
    expect((await kit.ports.storage.orders.get("acme", order.id))?.version).toBe(2);
  });
});
