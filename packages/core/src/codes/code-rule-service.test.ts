import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { codesTestKit, rejectionOf } from "./codes-test-kit.js";

describe("code rule use cases", () => {
  it("creates quick and custom rules of a platform merchant", async () => {
    const { onecode, admin, platform } = await codesTestKit();
    const quick = await onecode.codeRules.createQuick(admin, {
      merchantId: platform.id,
      charset: "letters",
      length: 16,
      serials: false,
    });
    expect(quick).toEqual({
      id: expect.stringMatching(/^rule_/),
      tenantId: "acme",
      merchantId: platform.id,
      name: "Quick letters 16",
      mode: "quick",
      segments: [{ kind: "random", charset: "letters", length: 16 }],
      length: 16,
      serials: false,
      enabled: true,
      sequenceNext: null,
      createdAt: "2026-05-01T08:00:00.000Z",
      updatedAt: "2026-05-01T08:00:00.000Z",
    });
    const custom = await onecode.codeRules
      .createCustom(admin, {
        merchantId: platform.id,
        name: "Batch codes",
        length: 20,
        segments: [
          { kind: "fixed", text: "AC" },
          { kind: "sequence", start: 500, end: 999_999, length: 6 },
          { kind: "random", charset: "digits", length: 12 },
        ],
        serials: true,
      })
      .catch((error: unknown) => error);
    expect(issuesOf(custom)).toEqual([["segments.2.length", "random_length"]]);
    const valid = await onecode.codeRules.createCustom(admin, {
      merchantId: platform.id,
      name: "Batch codes",
      length: 28,
      segments: [
        { kind: "fixed", text: "AC" },
        { kind: "sequence", start: 500, end: 999_999, length: 6 },
        { kind: "random", charset: "digits", length: 20 },
      ],
      serials: true,
    });
    expect(valid).toMatchObject({ mode: "custom", length: 28, sequenceNext: 500, enabled: true });
    expect(await onecode.codeRules.get(admin, valid.id)).toEqual(valid);
  });

  it("refuses rules for external merchants and unknown merchants", async () => {
    const { onecode, admin, external } = await codesTestKit();
    await expect(
      onecode.codeRules.createQuick(admin, {
        merchantId: external.id,
        charset: "mixed",
        length: 20,
        serials: true,
      }),
    ).rejects.toMatchObject({
      code: "CODE_SOURCE_MISMATCH",
      details: { merchantId: external.id, codeSource: "external", required: "platform" },
    });
    await expect(
      onecode.codeRules.createQuick(admin, {
        merchantId: "mch_missing",
        charset: "mixed",
        length: 20,
        serials: true,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: { field: "merchantId" } });
  });

  it("disables a rule so it cannot generate, and enables it again", async () => {
    const { onecode, admin, platform, clock, quickRule } = await codesTestKit({
      codes: { autoRun: false },
    });
    const rule = await quickRule();
    clock.advance(1000);
    const disabled = await onecode.codeRules.update(admin, rule.id, { enabled: false });
    expect(disabled).toEqual({ ...rule, enabled: false, updatedAt: "2026-05-01T08:00:01.000Z" });
    const input = {
      merchantId: platform.id,
      codeType: "single" as const,
      rules: { item: rule.id },
      quantity: 10,
    };
    await expect(onecode.codePackages.generate(admin, input)).rejects.toMatchObject({
      code: "CODE_RULE_DISABLED",
      details: { id: rule.id, field: "rules.item" },
    });
    expect((await onecode.codePackages.list(admin)).items).toEqual([]);
    await onecode.codeRules.update(admin, rule.id, { enabled: true, name: "Back" });
    expect((await onecode.codePackages.generate(admin, input)).status).toBe("queued");
    expect(await onecode.codeRules.update(admin, rule.id, {})).toMatchObject({ name: "Back" });
  });

  it("deletes an unused rule and refuses to delete a rule that generated", async () => {
    const { onecode, admin, platform, quickRule } = await codesTestKit({
      codes: { autoRun: false },
    });
    const unused = await quickRule();
    await onecode.codeRules.delete(admin, unused.id);
    await expect(onecode.codeRules.get(admin, unused.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const used = await quickRule();
    await onecode.codePackages.generate(admin, {
      merchantId: platform.id,
      codeType: "single",
      rules: { item: used.id },
      quantity: 1,
    });
    await expect(onecode.codeRules.delete(admin, used.id)).rejects.toMatchObject({
      code: "CODE_RULE_IN_USE",
      details: { id: used.id, packageCount: 1 },
    });
    await expect(onecode.codeRules.delete(admin, unused.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("keeps a merchant with rules or packages from being deleted", async () => {
    const { onecode, admin, platform, quickRule } = await codesTestKit();
    await quickRule();
    const error = await rejectionOf(onecode.merchants.delete(admin, platform.id));
    expect(error).toMatchObject({
      code: "MERCHANT_HAS_CODES",
      details: { id: platform.id, codeRuleCount: 1, codePackageCount: 0 },
    });
  });

  it("lists rules newest first, optionally of one merchant", async () => {
    const { onecode, admin, clock, quickRule } = await codesTestKit();
    const first = await quickRule("digits", 20);
    clock.advance(1);
    const second = await quickRule("letters", 14);
    expect((await onecode.codeRules.list(admin)).items.map((rule) => rule.id)).toEqual([
      second.id,
      first.id,
    ]);
    const page = await onecode.codeRules.list(
      admin,
      { merchantId: first.merchantId },
      { limit: 1 },
    );
    expect(page.items.map((rule) => rule.id)).toEqual([second.id]);
    expect((await onecode.codeRules.list(admin, { merchantId: "mch_other" })).items).toEqual([]);
  });

  it("lets only admins write and keeps tenants apart", async () => {
    const { onecode, admin, staff, platform, quickRule } = await codesTestKit();
    const rule = await quickRule();
    const inspector = staff("acme", "inspector");
    await expect(
      onecode.codeRules.createQuick(inspector, {
        merchantId: platform.id,
        charset: "mixed",
        length: 20,
        serials: true,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      onecode.codeRules.update(inspector, rule.id, { enabled: false }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(onecode.codeRules.delete(inspector, rule.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await onecode.codeRules.get(inspector, rule.id)).toEqual(rule);

    const other = staff("globex", "admin");
    await expect(onecode.codeRules.get(other, rule.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(onecode.codeRules.update(other, rule.id, { name: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(onecode.codeRules.delete(other, rule.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      onecode.codeRules.createQuick(other, {
        merchantId: platform.id,
        charset: "mixed",
        length: 20,
        serials: true,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await onecode.codeRules.list(other)).items).toEqual([]);
    expect(await onecode.codeRules.get(admin, rule.id)).toEqual(rule);
  });
});
