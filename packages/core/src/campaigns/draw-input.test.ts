import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../kernel/errors.js";
import { checkClaimInput, checkDrawInput, checkShipmentInput } from "./draw-input.js";

function issues(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isOneCodeError(error) && error.code === "VALIDATION_FAILED") {
      return (error.details as { issues: { field: string; rule: string }[] }).issues.map(
        ({ field, rule }) => `${field}:${rule}`,
      );
    }
    throw error;
  }
  return [];
}

describe("draw inputs", () => {
  it("takes a code, a code URL or a Digital Link's code", () => {
    expect(checkDrawInput({ code: " AbC123 " }).code).toBe("AbC123");
    expect(checkDrawInput({ code: "https://t.acme.example/c/AbC123" }).code).toBe("AbC123");
    expect(issues(() => checkDrawInput({}))).toEqual(["code:required"]);
    expect(issues(() => checkDrawInput(null))).toEqual(["code:required"]);
  });

  it("requires a checked recipient for a physical prize only", () => {
    const recipient = { name: "Li Lei", phone: "13800138000", address: "1 Wensan Road" };
    expect(checkClaimInput({ recipient }, true)).toEqual({ recipient });
    expect(checkClaimInput(undefined, false)).toEqual({});
    expect(issues(() => checkClaimInput({ recipient }, false))).toEqual(["recipient:not_allowed"]);
    expect(issues(() => checkClaimInput({}, true))).toEqual([
      "recipient:required",
      "recipient.name:required",
      "recipient.phone:required",
      "recipient.address:required",
    ]);
    expect(
      issues(() =>
        checkClaimInput(
          { recipient: { name: "x".repeat(31), phone: "+8613800138000", address: "abcd" } },
          true,
        ),
      ),
    ).toEqual([
      "recipient.name:max_length",
      "recipient.phone:max_length",
      "recipient.address:min_length",
    ]);
    expect(
      issues(() => checkClaimInput({ recipient: { ...recipient, phone: "23800138000" } }, true)),
    ).toEqual(["recipient.phone:mobile_phone"]);
  });

  it("requires a shipment's courier and tracking number", () => {
    expect(checkShipmentInput({ courier: " SF ", trackingNumber: "SF123" })).toEqual({
      courier: "SF",
      trackingNumber: "SF123",
    });
    expect(issues(() => checkShipmentInput({ courier: "" }))).toEqual([
      "courier:required",
      "trackingNumber:required",
    ]);
  });
});
