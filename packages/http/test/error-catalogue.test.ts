import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../../scripts/error-catalogue.mjs", import.meta.url));

describe("the error catalogue of docs/guides/errors.md", () => {
  it("matches the codes, statuses and details types of the sources", () => {
    // Fails with the command to run when a code, its status, meaning or details changed.
    expect(() =>
      execFileSync(process.execPath, [script, "--check"], { stdio: "pipe" }),
    ).not.toThrow();
  });
});
