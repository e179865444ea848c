import type { ValidationIssue } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { checkStorableText } from "../src/storable-text.js";
import { createTestApp, merchantInput } from "./support/test-app.js";

const issuesOf = (value: unknown, root = "body") => {
  const issues: ValidationIssue[] = [];
  checkStorableText(value, root, issues);
  return issues.map(({ field, rule }) => `${field}:${rule}`);
};

describe("checkStorableText", () => {
  it("names strings, list items, nested fields and keys in document order", () => {
    expect(
      issuesOf({
        name: "a\u0000",
        ok: "🍵",
        images: ["fine", "\ud83c"],
        nested: { "k\u0000": "v", deep: [{ title: "\udf75" }] },
      }),
    ).toEqual([
      "name:characters",
      "images.1:characters",
      "nested.k\\u0000:characters",
      "nested.deep.0.title:characters",
    ]);
  });

  it("names the root for a bare string, and finds nothing in numbers, booleans and null", () => {
    expect(issuesOf("\u0000", "query")).toEqual(["query:characters"]);
    expect(issuesOf({ a: 1, b: true, c: null, d: [2, false] })).toEqual([]);
  });

  it("walks a body nested 100,000 levels deep without overflowing the stack", () => {
    let deep: unknown = "\u0000";
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(issuesOf(deep)).toHaveLength(1);
  });
});

describe("unstorable text at the edge", () => {
  it("is refused together with the schema's own issues, in one answer", async () => {
    const app = createTestApp();
    const reply = await app.call("POST", "/v1/merchants", {
      body: merchantInput({ name: "a\u0000", remark: 7 }),
    });
    expect(reply.status).toBe(400);
    expect(reply.json.errors).toEqual([
      {
        field: "name",
        rule: "characters",
        message: "name must not contain a NUL character or an unpaired UTF-16 surrogate",
      },
      { field: "remark", rule: "type", message: "remark must be a string" },
    ]);
  });

  it("stays next to core's own rules for the same field", async () => {
    const app = createTestApp();
    const reply = await app.call("POST", "/v1/merchants", {
      body: merchantInput({ codeSource: "platform\u0000" }),
    });
    expect(reply.json.errors.map((issue: { rule: string }) => issue.rule)).toEqual([
      "characters",
      "one_of",
    ]);
  });
});
