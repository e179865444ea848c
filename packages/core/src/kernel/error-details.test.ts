import { describe, expect, expectTypeOf, it } from "vitest";
import type { ErrorDetails } from "./error-details.js";
import { isOneCodeError, notFound, OneCodeError } from "./errors.js";

describe("error details typed per code", () => {
  it("narrow to the code's shape with isOneCodeError", () => {
    const error: unknown = new OneCodeError("MERCHANT_HAS_PRODUCTS", "m1 owns 2 products", {
      id: "m1",
      productCount: 2,
    });
    if (!isOneCodeError(error, "MERCHANT_HAS_PRODUCTS")) throw new Error("not narrowed");
    expectTypeOf(error.details.productCount).toEqualTypeOf<number>();
    expect(error.details).toEqual({ id: "m1", productCount: 2 });
  });

  it("are checked when an error is built", () => {
    // @ts-expect-error: SERVICE_UNAVAILABLE names its service
    new OneCodeError("SERVICE_UNAVAILABLE", "down", {});
    // @ts-expect-error: a field of another code is refused
    new OneCodeError("NOT_FOUND", "gone", { kind: "merchant", id: "m1", productCount: 2 });
    expectTypeOf(notFound("merchant", "m1").details).toEqualTypeOf<
      Readonly<ErrorDetails<"NOT_FOUND">>
    >();
  });

  it("are frozen copies", () => {
    const details = { kind: "merchant", id: "m1" };
    const error = new OneCodeError("NOT_FOUND", "gone", details);
    expect(error.details).not.toBe(details);
    expect(Object.isFrozen(error.details)).toBe(true);
  });

  it("may be left out for a code without required fields", () => {
    expect(new OneCodeError("IDEMPOTENCY_IN_PROGRESS", "still running").details).toEqual({});
  });
});
