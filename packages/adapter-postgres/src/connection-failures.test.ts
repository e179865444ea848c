import { isOneCodeError, OneCodeError } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { asServiceFailure, isConnectionFailure, reportUnavailable } from "./connection-failures.js";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("connection failures", () => {
  it("are recognised by SQLSTATE, socket code, driver message, cause and AggregateError", () => {
    const lost = [
      withCode("57P01", "terminating connection due to administrator command"),
      withCode("57P02"),
      withCode("57P03", "the database system is starting up"),
      withCode("53300", "sorry, too many clients already"),
      withCode("57014", "canceling statement due to statement timeout"),
      withCode("08006"),
      withCode("08001"),
      withCode("ECONNREFUSED"),
      withCode("ECONNRESET"),
      withCode("ETIMEDOUT"),
      withCode("ENOTFOUND"),
      new Error("Connection terminated unexpectedly"),
      new Error("Connection terminated due to connection timeout"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("Cannot use a pool after calling end on the pool"),
      new Error("driver has already been destroyed"),
      new Error("PGlite is closed"),
      new Error("write failed", { cause: withCode("EPIPE") }),
      new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]),
    ];
    for (const error of lost) expect(isConnectionFailure(error), String(error)).toBe(true);
  });

  it("are not statements the server refused, nor bugs", () => {
    const refused = [
      withCode("23505", "duplicate key value violates unique constraint"),
      withCode("23503"),
      withCode("40P01", "deadlock detected"),
      withCode("42P01", 'relation "x" does not exist'),
      withCode("22021", "invalid byte sequence for encoding"),
      new RangeError("chunk of package p: fromSerial must be a positive integer"),
      new TypeError("Cannot read properties of undefined"),
      "Connection terminated",
      null,
    ];
    for (const error of refused) expect(isConnectionFailure(error), String(error)).toBe(false);
  });

  it("become SERVICE_UNAVAILABLE naming the service, the driver's error kept only as cause", () => {
    const driver = withCode("57P01", "terminating connection due to administrator command");
    const translated = asServiceFailure(driver, "storage");
    expect(isOneCodeError(translated, "SERVICE_UNAVAILABLE")).toBe(true);
    expect(translated).toMatchObject({ details: { service: "storage" } });
    expect((translated as Error).message).not.toContain("administrator");
    expect((translated as Error).cause).toBe(driver);
    const domain = new OneCodeError("NOT_FOUND", "merchant m was not found", {
      kind: "merchant",
      id: "m",
    });
    expect(asServiceFailure(domain, "storage")).toBe(domain);
    const refused = withCode("23505");
    expect(asServiceFailure(refused, "hot_state")).toBe(refused);
  });

  it("are translated by every method of a wrapped port, synchronous throws included", async () => {
    const port = reportUnavailable(
      {
        async lost() {
          throw new Error("Connection terminated unexpectedly");
        },
        thrown(): Promise<number> {
          throw withCode("ECONNREFUSED");
        },
        async fine(value: number) {
          return value * 2;
        },
      },
      "hot_state",
    );
    await expect(port.lost()).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      details: { service: "hot_state" },
    });
    await expect(port.thrown()).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect(await port.fine(21)).toBe(42);
  });
});
