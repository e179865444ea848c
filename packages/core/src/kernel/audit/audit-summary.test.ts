import { describe, expect, it } from "vitest";
import {
  AUDIT_REDACTED,
  countChanges,
  createdChanges,
  summarizeAuditValue,
  updatedChanges,
} from "./audit-summary.js";

describe("audit summaries", () => {
  it("redacts fields whose names say they are secret, also nested", () => {
    expect(summarizeAuditValue("apiToken", "abc")).toBe(AUDIT_REDACTED);
    expect(summarizeAuditValue("config", { password: "p", url: "https://x" })).toEqual({
      password: AUDIT_REDACTED,
      url: "https://x",
    });
    expect(createdChanges({ id: "x", name: "n", clientSecret: "s" })).toEqual({
      name: { after: "n" },
      clientSecret: { after: AUDIT_REDACTED },
    });
  });

  it("cuts long text and omits large structures", () => {
    const long = "茶".repeat(250);
    expect(summarizeAuditValue("note", long)).toBe(`${"茶".repeat(200)}…`);
    const images = Array.from(
      { length: 100 },
      (_, i) => `https://img.example/${i}-${"x".repeat(20)}.png`,
    );
    expect(summarizeAuditValue("images", images)).toMatch(/^\[omitted: \d+ characters of JSON\]$/);
    expect(summarizeAuditValue("images", images.slice(0, 2))).toEqual(images.slice(0, 2));
  });

  it("lists only the fields that changed, with both values, and counts for bulk changes", () => {
    expect(
      updatedChanges(
        { name: "a", remark: "", updatedAt: "1" },
        { name: "b", remark: "", updatedAt: "2" },
      ),
    ).toEqual({ name: { before: "a", after: "b" } });
    expect(updatedChanges(null, { gtin: "x" }, ["gtin"])).toEqual({
      gtin: { before: null, after: "x" },
    });
    expect(countChanges({ codeCount: 1200 })).toEqual({ codeCount: { after: 1200 } });
  });
});
