import { afterEach, describe, expect, it, vi } from "vitest";
import { logToConsole } from "../src/console-log.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the server's log", () => {
  it("prints a PGlite error by SQLSTATE, without its query, parameters, row data or text", () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      name: "error",
      code: "22021",
      query: "INSERT INTO onecode_merchants (name) VALUES ($1)",
      params: ["SECRET-NAME"],
      detail: "Failing row contains (SECRET-NAME).",
    });
    logToConsole("[onecode] unhandled error on POST /v1/merchants", error);
    expect(printed).toHaveBeenCalledTimes(1);
    const line = String(printed.mock.calls[0]?.[0]);
    expect(line.split("\n")[0]).toBe(
      "[onecode] unhandled error on POST /v1/merchants: storage error SQLSTATE 22021 (data exception)",
    );
    expect(line).not.toMatch(/SECRET|INSERT INTO|invalid byte sequence|Failing row/);
  });

  it("prints a message without an error as it is", () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    logToConsole("[onecode] resumed 2 generation job(s)");
    expect(printed).toHaveBeenCalledWith("[onecode] resumed 2 generation job(s)");
  });
});
