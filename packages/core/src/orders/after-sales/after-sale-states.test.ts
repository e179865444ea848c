import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { AFTER_SALE_KINDS, AFTER_SALE_STATES } from "./after-sale.js";
import {
  AFTER_SALE_ACTIONS,
  type AfterSaleAction,
  afterSaleAllows,
  assertAfterSaleAllows,
} from "./after-sale-states.js";

const ACTIONS = Object.keys(AFTER_SALE_ACTIONS) as AfterSaleAction[];

describe("the after-sales transition table", () => {
  it("lets each kind take exactly the moves of its flow", () => {
    const allowed = AFTER_SALE_KINDS.map((kind) => [
      kind,
      ACTIONS.flatMap((action) =>
        AFTER_SALE_STATES.filter((state) => afterSaleAllows({ kind, state }, action)).map(
          (state) => `${action}@${state}`,
        ),
      ),
    ]);
    expect(Object.fromEntries(allowed)).toEqual({
      refund_only: [
        "approve@applied",
        "reject@applied",
        "withdraw@applied",
        "withdraw@approved",
        "settle_refund@refunding",
      ],
      return_and_refund: [
        "approve@applied",
        "reject@applied",
        "withdraw@applied",
        "withdraw@approved",
        "ship_back@approved",
        "confirm_return@returning",
        "settle_refund@refunding",
      ],
      exchange: [
        "approve@applied",
        "reject@applied",
        "withdraw@applied",
        "withdraw@approved",
        "ship_back@approved",
        "confirm_return@returning",
        "reship@received",
      ],
    });
  });

  it("refuses every other move with INVALID_STATE_TRANSITION naming the state and the action", () => {
    let refused = 0;
    for (const kind of AFTER_SALE_KINDS) {
      for (const state of AFTER_SALE_STATES) {
        for (const action of ACTIONS) {
          if (afterSaleAllows({ kind, state }, action)) continue;
          refused++;
          let error: unknown;
          try {
            assertAfterSaleAllows({ id: "as_1", kind, state }, action);
          } catch (caught) {
            error = caught;
          }
          expect(isOneCodeError(error, "INVALID_STATE_TRANSITION")).toBe(true);
          const details = (error as { details: Record<string, unknown> }).details;
          expect(details).toMatchObject({ id: "as_1", from: state, to: action });
          expect((error as Error).message).toContain(`is ${state}; ${action} needs it`);
        }
      }
    }
    expect(refused).toBe(3 * 9 * 7 - 19);
  });
});
