import { describe, expect, it } from "vitest";
import { isNetworkFailure } from "./network-errors.js";

const withCode = (code: unknown) => Object.assign(new Error("x"), { code });

describe("isNetworkFailure", () => {
  it("recognises Node's codes for an unreachable server or a broken connection", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND"]) {
      expect(isNetworkFailure(withCode(code)), code).toBe(true);
    }
  });

  it("refuses other codes, SQLSTATEs and values without a code", () => {
    for (const error of [
      withCode("ENOENT"),
      withCode("23505"),
      withCode(5),
      new Error("x"),
      null,
    ]) {
      expect(isNetworkFailure(error)).toBe(false);
    }
  });
});
