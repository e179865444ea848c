import { describe, expect, it } from "vitest";
import { codeRulePageSchema, codeRuleSchema } from "../src/schemas/code-rule-schemas.js";
import { createMerchant, createQuickRule, generatePackage } from "./support/codes-fixtures.js";
import { createTestApp } from "./support/test-app.js";

const customRule = (merchantId: string, overrides: Record<string, unknown> = {}) => ({
  mode: "custom",
  merchantId,
  name: "Tea tins",
  length: 24,
  segments: [
    { kind: "fixed", text: "TEA" },
    { kind: "date" },
    { kind: "random", charset: "mixed", length: 13 },
  ],
  serials: true,
  ...overrides,
});

describe("code rule routes", () => {
  it("creates quick and custom rules, reads, lists, renames, disables and deletes them", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const quick = await app.call("POST", "/v1/code-rules", {
      body: { mode: "quick", merchantId, charset: "digits", length: 20, serials: false },
    });
    expect(quick.status, quick.text).toBe(201);
    const rule = codeRuleSchema.parse(quick.json);
    expect(rule).toMatchObject({
      mode: "quick",
      merchantId,
      tenantId: "acme",
      length: 20,
      serials: false,
      enabled: true,
      segments: [{ kind: "random", charset: "digits", length: 20 }],
    });
    expect(rule.name).not.toBe("");
    expect(quick.headers.get("location")).toBe(`/v1/code-rules/${rule.id}`);

    const custom = await app.call("POST", "/v1/code-rules", { body: customRule(merchantId) });
    expect(custom.status, custom.text).toBe(201);
    expect(codeRuleSchema.parse(custom.json)).toMatchObject({
      mode: "custom",
      name: "Tea tins",
      length: 24,
      segments: customRule(merchantId).segments,
    });

    const fetched = await app.call("GET", `/v1/code-rules/${rule.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.json).toEqual(quick.json);

    const other = await createMerchant(app, { name: "Other" });
    await createQuickRule(app, other);
    const all = codeRulePageSchema.parse((await app.call("GET", "/v1/code-rules")).json);
    expect(all.items.map((item) => item.id).slice(1)).toEqual([custom.json.id, rule.id]);
    const mine = await app.call("GET", `/v1/code-rules?merchantId=${merchantId}&limit=1`);
    expect(mine.json.items).toEqual([custom.json]);
    expect(mine.json.nextCursor).toEqual(expect.any(String));

    const patched = await app.call("PATCH", `/v1/code-rules/${rule.id}`, {
      body: { name: "Digits 20", enabled: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      name: "Digits 20",
      enabled: false,
      segments: rule.segments,
    });

    const deleted = await app.call("DELETE", `/v1/code-rules/${rule.id}`);
    expect(deleted.status).toBe(204);
    expect((await app.call("GET", `/v1/code-rules/${rule.id}`)).status).toBe(404);
  });

  it("names the segment field of a custom rule that breaks a bound", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const segments = (second: Record<string, unknown>) => [{ kind: "fixed", text: "AB" }, second];
    const cases: [Record<string, unknown>, string, string][] = [
      // Below every charset's minimum: the schema refuses it, and core's rule names it.
      [
        { segments: segments({ kind: "random", charset: "mixed", length: 5 }) },
        "segments.1.length",
        "random_length",
      ],
      // Refused by core: digits need at least 20.
      [
        { length: 17, segments: segments({ kind: "random", charset: "digits", length: 15 }) },
        "segments.1.length",
        "random_length",
      ],
      [
        { segments: segments({ kind: "sequence", start: 0, end: 99, length: 40 }) },
        "segments.1.length",
        "range",
      ],
      [
        { length: 16, segments: segments({ kind: "sequence", start: 5, end: 100, length: 2 }) },
        "segments.1.end",
        "sequence_digits",
      ],
      [{ segments: segments({ kind: "fixed", text: "a b" }) }, "segments.1.text", "fixed_charset"],
      [{ segments: segments({ kind: "barcode" }) }, "segments.1.kind", "one_of"],
      [
        { segments: segments({ kind: "random", charset: "emoji", length: 14 }) },
        "segments.1.charset",
        "one_of",
      ],
      [{ segments: [] }, "segments", "min_items"],
      [{ length: 40 }, "length", "range"],
      // The segments add up to 2 + 13 = 15, not 24.
      [
        { segments: segments({ kind: "random", charset: "mixed", length: 13 }) },
        "length",
        "length_sum",
      ],
      [{ name: "" }, "name", "required"],
    ];
    for (const [overrides, field, rule] of cases) {
      const reply = await app.call("POST", "/v1/code-rules", {
        body: customRule(merchantId, overrides),
      });
      const label = JSON.stringify(overrides);
      expect(reply.status, label).toBe(400);
      expect(reply.json.code, label).toBe("VALIDATION_FAILED");
      expect(reply.json.errors, label).toContainEqual(expect.objectContaining({ field, rule }));
      for (const issue of reply.json.errors) expect(issue.message, label).toContain(issue.field);
    }
  });

  it("validates the quick form and the mode tag, naming each field", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const quick = { mode: "quick", merchantId, charset: "letters", length: 14, serials: true };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...quick, mode: undefined }, "mode", "required"],
      [{ ...quick, mode: "fast" }, "mode", "one_of"],
      [{ ...quick, length: 12 }, "length", "range"],
      [{ ...quick, charset: "digits", length: 14 }, "length", "random_length"],
      [{ ...quick, serials: "yes" }, "serials", "type"],
      [{ ...quick, segments: [] }, "segments", "unknown_field"],
      [{ ...quick, merchantId: undefined }, "merchantId", "required"],
    ];
    for (const [body, field, rule] of cases) {
      const reply = await app.call("POST", "/v1/code-rules", { body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json.errors).toContainEqual(expect.objectContaining({ field, rule }));
    }
    const patch = await app.call("PATCH", "/v1/code-rules/rul_x", { body: { length: 20 } });
    expect(patch.status).toBe(400);
    expect(patch.json.errors).toEqual([
      expect.objectContaining({ field: "length", rule: "unknown_field" }),
    ]);
  });

  it("refuses rules for external merchants and unknown merchants", async () => {
    const app = createTestApp();
    const external = await createMerchant(app, { codeSource: "external" });
    const mismatch = await app.call("POST", "/v1/code-rules", {
      body: { mode: "quick", merchantId: external, charset: "mixed", length: 16, serials: true },
    });
    expect(mismatch.status).toBe(409);
    expect(mismatch.json.code).toBe("CODE_SOURCE_MISMATCH");
    const missing = await app.call("POST", "/v1/code-rules", {
      body: {
        mode: "quick",
        merchantId: "mch_missing",
        charset: "mixed",
        length: 16,
        serials: true,
      },
    });
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe("NOT_FOUND");
  });

  it("refuses to delete a rule that generated (409 CODE_RULE_IN_USE) and to generate with a disabled one", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    await generatePackage(app, {
      merchantId,
      codeType: "single",
      rules: { item: ruleId },
      quantity: 5,
    });
    const inUse = await app.call("DELETE", `/v1/code-rules/${ruleId}`);
    expect(inUse.status).toBe(409);
    expect(inUse.json.code).toBe("CODE_RULE_IN_USE");

    await app.call("PATCH", `/v1/code-rules/${ruleId}`, { body: { enabled: false } });
    const disabled = await app.call("POST", "/v1/code-packages", {
      body: { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 5 },
    });
    expect(disabled.status).toBe(409);
    expect(disabled.json.code).toBe("CODE_RULE_DISABLED");
  });

  it("keeps tenants apart and lets only admins write", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const globex = { token: "globex-admin" };
    expect((await app.call("GET", `/v1/code-rules/${ruleId}`, globex)).status).toBe(404);
    expect(
      (await app.call("PATCH", `/v1/code-rules/${ruleId}`, { ...globex, body: { enabled: false } }))
        .status,
    ).toBe(404);
    expect((await app.call("DELETE", `/v1/code-rules/${ruleId}`, globex)).status).toBe(404);
    expect((await app.call("GET", "/v1/code-rules", globex)).json.items).toEqual([]);
    // Globex cannot make rules for Acme's merchant either.
    const foreign = await app.call("POST", "/v1/code-rules", {
      ...globex,
      body: { mode: "quick", merchantId, charset: "mixed", length: 16, serials: true },
    });
    expect(foreign.status).toBe(404);

    const inspector = { token: "acme-inspector" };
    const create = await app.call("POST", "/v1/code-rules", {
      ...inspector,
      body: { mode: "quick", merchantId, charset: "mixed", length: 16, serials: true },
    });
    expect(create.status).toBe(403);
    expect(create.json.code).toBe("FORBIDDEN");
    expect(
      (await app.call("PATCH", `/v1/code-rules/${ruleId}`, { ...inspector, body: { name: "x" } }))
        .status,
    ).toBe(403);
    expect((await app.call("DELETE", `/v1/code-rules/${ruleId}`, inspector)).status).toBe(403);
    expect((await app.call("GET", `/v1/code-rules/${ruleId}`, inspector)).status).toBe(200);
    expect((await app.call("GET", "/v1/code-rules", { token: null })).status).toBe(401);
  });
});
