import { describe, expect, it } from "vitest";
import { invalidField } from "./errors.js";
import { checkPatchWith, InputCheck } from "./input-check.js";

describe("InputCheck", () => {
  it("refuses text holding a NUL character or a lone surrogate in every text kind it checks", () => {
    const check = new InputCheck();
    check.text("name", "a\u0000b", { max: 10 });
    check.optionalText("remark", "\ud83c", { max: 10 });
    check.url("site", "https://a.example/\u0000", 100);
    check.list("tags", ["ok", "\udf75x"], { max: 5 }, (field, item) =>
      check.text(field, item, { max: 10 }),
    );
    expect(check.issues.map(({ field, rule }) => [field, rule])).toEqual([
      ["name", "characters"],
      ["remark", "characters"],
      ["site", "characters"],
      ["tags.1", "characters"],
    ]);
    expect(check.issues[0]?.message).toBe(
      "name must not contain a NUL character or an unpaired UTF-16 surrogate",
    );
  });

  it("keeps accepting emoji, whose surrogates come in pairs", () => {
    const check = new InputCheck();
    expect(check.text("name", " 🍵 茶 ", { max: 10 })).toBe("🍵 茶");
    expect(check.issues).toEqual([]);
  });

  it("records the issues of an included check and passes other errors through", () => {
    const check = new InputCheck();
    const value = check.include(() => {
      throw invalidField("tenantId", "tenant_id_format", "tenantId is malformed");
    }, "fallback");
    expect(value).toBe("fallback");
    expect(check.issues).toEqual([
      { field: "tenantId", rule: "tenant_id_format", message: "tenantId is malformed" },
    ]);
    expect(() =>
      check.include(() => {
        throw new TypeError("bug");
      }, null),
    ).toThrow(TypeError);
  });
});

describe("checkPatchWith", () => {
  const checkWhole = (input: { name?: unknown; tags?: unknown; code?: unknown }) => {
    const check = new InputCheck();
    check.text("name", input.name, { max: 5 });
    check.list("tags", input.tags, { min: 1, max: 2 }, (field, item) =>
      check.text(field, item, { max: 3 }),
    );
    check.text("code", input.code, { max: 5 });
    check.done();
  };

  it("reports the rules of the fields a patch holds, nested ones by their first segment", () => {
    let issues: unknown;
    try {
      checkPatchWith(checkWhole, { name: "too long", tags: ["ok", "long"] });
    } catch (error) {
      issues = (error as { details: { issues: unknown } }).details.issues;
    }
    expect(issues).toEqual([
      expect.objectContaining({ field: "name", rule: "max_length" }),
      expect.objectContaining({ field: "tags.1", rule: "max_length" }),
    ]);
  });

  it("passes a patch whose fields are fine, however many fields it leaves out", () => {
    expect(() => checkPatchWith(checkWhole, { code: "abc" })).not.toThrow();
    expect(() => checkPatchWith(checkWhole, {})).not.toThrow();
  });
});
