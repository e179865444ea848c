import { describe, expect, it } from "vitest";
import { formatErrorForLog } from "./error-log.js";
import { OneCodeError, serviceUnavailable } from "./errors.js";

/** An error shaped like PGlite's and node-postgres's: the server's fields as properties. */
function driverError(code: string, fields: Record<string, unknown> = {}): Error {
  const error = new Error('null value in column "name" violates not-null constraint SECRET-VALUE');
  error.name = "error";
  return Object.assign(error, {
    code,
    severity: "ERROR",
    detail: "Failing row contains (mch_1, acme, SECRET-VALUE).",
    query: "INSERT INTO onecode_merchants VALUES ($1, $2, $3)",
    params: ["mch_1", "acme", "SECRET-VALUE"],
    ...fields,
  });
}

describe("formatErrorForLog", () => {
  it("names a database error by SQLSTATE, its class and schema objects, never its text, detail or parameters", () => {
    const line = formatErrorForLog(
      driverError("23502", { table: "onecode_merchants", column: "name", schema: "public" }),
    );
    expect(line.split("\n")[0]).toBe(
      "storage error SQLSTATE 23502 (integrity constraint violation; table onecode_merchants, column name)",
    );
    expect(line).not.toMatch(/SECRET|null value|INSERT|Failing row/);
    expect(
      line
        .split("\n")
        .slice(1)
        .every((frame) => /^\s+at /.test(frame)),
    ).toBe(true);
    expect(line.split("\n").length).toBeGreaterThan(1);
  });

  it("skips schema object names that are not plain identifiers", () => {
    const line = formatErrorForLog(driverError("22021", { table: "x y; SECRET-VALUE" }));
    expect(line.split("\n")[0]).toBe("storage error SQLSTATE 22021 (data exception)");
  });

  it("follows the cause chain: a OneCodeError keeps its message, its driver cause does not", () => {
    const error = serviceUnavailable("storage", driverError("57P01"));
    const lines = formatErrorForLog(error).split("\n");
    expect(lines[0]).toBe(
      "OneCodeError SERVICE_UNAVAILABLE: storage is unavailable; try again shortly",
    );
    expect(lines).toContain("caused by: storage error SQLSTATE 57P01 (operator intervention)");
    expect(lines.join("\n")).not.toContain("SECRET");
  });

  it("prints system and driver errors with a code by name and code only", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.0.0.7:5432"), {
      code: "ECONNREFUSED",
      address: "10.0.0.7",
    });
    expect(formatErrorForLog(refused).split("\n")[0]).toBe("Error ECONNREFUSED");
  });

  it("keeps the message of plain errors and says what a thrown non-error was", () => {
    expect(formatErrorForLog(new TypeError("x is not a function")).split("\n")[0]).toBe(
      "TypeError: x is not a function",
    );
    expect(formatErrorForLog("text")).toBe("non-error value thrown (string)");
    const coded = new OneCodeError("NOT_FOUND", "merchant m was not found", {
      kind: "merchant",
      id: "m",
    });
    expect(formatErrorForLog(coded).split("\n")[0]).toBe(
      "OneCodeError NOT_FOUND: merchant m was not found",
    );
  });

  it("stops after five causes, so a cycle cannot loop", () => {
    const looping = new Error("loop");
    (looping as { cause?: unknown }).cause = looping;
    const headlines = formatErrorForLog(looping)
      .split("\n")
      .filter((line) => !/^\s+at /.test(line));
    expect(headlines).toHaveLength(7);
    expect(headlines.at(-1)).toBe("caused by: (further causes omitted)");
  });
});
