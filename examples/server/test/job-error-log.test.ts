import { serviceUnavailable } from "@onecode/core/adapter-kit";
import { describe, expect, it } from "vitest";
import { jobErrorLogger, outboxErrorLogger } from "../src/scheduler.js";

describe("the server's log of background job errors", () => {
  it("says an outage in one line without the driver's text, and logs anything else with its error", () => {
    const lines: Array<[string, unknown]> = [];
    const log = jobErrorLogger((message, error) => lines.push([message, error]));
    const job = { tenantId: "demo", packageId: "pkg_1" };
    const driver = new Error("terminating connection due to administrator command");
    log(serviceUnavailable("storage", driver), job);
    log(serviceUnavailable("hot_state", driver), job);
    const bug = new TypeError("Cannot read properties of undefined");
    log(bug, job);
    expect(lines).toEqual([
      [
        "[onecode] generation job pkg_1 of tenant demo waits for storage to be reachable again; it continues by itself",
        undefined,
      ],
      [
        "[onecode] generation job pkg_1 of tenant demo waits for hot state to be reachable again; it continues by itself",
        undefined,
      ],
      ["[onecode] generation job pkg_1 of tenant demo stopped on an unexpected error", bug],
    ]);
  });
});

describe("the server's log of outbox handler failures", () => {
  it("names the handler, the event and its tenant, and passes the whole error on", () => {
    const lines: Array<[string, unknown]> = [];
    const log = outboxErrorLogger((message, error) => lines.push([message, error]));
    const failure = new Error("anchor unreachable");
    log(
      failure,
      { id: "evt_1", type: "ledger.entry_sealed", tenantId: "demo" },
      "seals.anchor-ledger-entry",
    );
    expect(lines).toEqual([
      [
        "[onecode] outbox handler seals.anchor-ledger-entry failed on ledger.entry_sealed evt_1 of tenant demo; it will be retried",
        failure,
      ],
    ]);
  });
});
