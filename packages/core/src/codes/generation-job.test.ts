import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import type { CodePackageProgress, CodeRecord } from "./code-package.js";
import { codesTestKit, collect, rejectionOf } from "./codes-test-kit.js";
import { packageLayout } from "./package-layout.js";

const countLevels = (rows: readonly CodeRecord[]) =>
  rows.reduce<Record<string, number>>((counts, row) => {
    counts[row.level] = (counts[row.level] ?? 0) + 1;
    return counts;
  }, {});

describe("generation jobs", () => {
  it("run in the background, report progress chunk by chunk and end succeeded", async () => {
    const kit = await codesTestKit({ codes: { chunkSize: 50 } });
    const { onecode, admin, platform } = kit;
    const rule = await kit.quickRule();
    const product = await onecode.products.create(admin, { merchantId: platform.id, name: "Tea" });
    const pkg = await onecode.codePackages.generate(admin, {
      merchantId: platform.id,
      productId: product.id,
      codeType: "three-level",
      ratio: { middlePerOuter: 2, innerPerOuter: 20 },
      rules: { item: rule.id },
      quantity: 10,
    });
    expect(pkg).toMatchObject({
      status: "queued",
      total: 230,
      done: 0,
      associated: true,
      hasSerials: true,
      rules: { item: rule.id, middle: rule.id, outer: rule.id },
    });
    const progress: CodePackageProgress[] = await collect(
      onecode.codePackages.watch(admin, pkg.id),
    );
    expect(progress[0]).toMatchObject({ status: "queued", done: 0, total: 230 });
    expect(progress.at(-1)).toMatchObject({ status: "succeeded", done: 230, failureReason: null });
    // Chunks are whole cases of 23 codes, about 50 codes each: 46, 92, ...
    const running = progress.filter((entry) => entry.status === "running").map((e) => e.done);
    expect(running).toEqual([0, 46, 92, 138, 184, 230]);

    const done = await onecode.codePackages.get(admin, pkg.id);
    expect(done).toMatchObject({ status: "succeeded", done: 230, finishedAt: expect.any(String) });
    expect((await onecode.products.get(admin, product.id)).boundCodeCount).toBe(230);

    const rows = await kit.allCodes(pkg);
    expect(rows.map((row) => row.serial)).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
    expect(countLevels(rows)).toEqual({ outer: 10, middle: 20, inner: 200 });
    expect(new Set(rows.map((row) => row.code)).size).toBe(230);
    const layout = packageLayout("three-level", { middlePerOuter: 2, innerPerOuter: 20 }, 10);
    for (const row of rows) {
      expect(row.level).toBe(layout.levelOf(row.serial));
      expect(row.parentSerial).toBe(layout.parentOf(row.serial));
      expect(row.url).toBeNull();
      expect(row.code).toMatch(/^[2-9A-HJ-NP-Za-km-z]{24}$/);
    }
    const middles = await onecode.codePackages.listCodes(admin, pkg.id, { level: "middle" });
    expect(middles.items.map((row) => row.parentSerial)).toEqual(
      Array.from({ length: 20 }, (_, i) => Math.floor(i / 2) * 23 + 1),
    );
    expect(await onecode.codePackages.waitFor(admin, pkg.id)).toEqual(done);
  });

  it("record only the counts of unassociated packaging levels", async () => {
    const kit = await codesTestKit();
    const rule = await kit.quickRule("digits", 20);
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "two-level",
      ratio: { innerPerOuter: 10 },
      associated: false,
      rules: { item: rule.id },
      quantity: 7,
    });
    const done = await kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    expect(done).toMatchObject({ status: "succeeded", total: 77, associated: false });
    const rows = await kit.allCodes(pkg);
    expect(countLevels(rows)).toEqual({ outer: 7, inner: 70 });
    expect(rows.every((row) => row.parentSerial === null)).toBe(true);
  });

  it("give each level its rule and each rule its reserved sequence values, in serial order", async () => {
    const kit = await codesTestKit({ codes: { chunkSize: 4 } });
    const { onecode, admin, platform } = kit;
    const sequenceRule = (text: string, start: number) =>
      onecode.codeRules.createCustom(admin, {
        merchantId: platform.id,
        name: text,
        length: 16,
        segments: [
          { kind: "fixed", text },
          { kind: "sequence", start, end: 99_999, length: 5 },
          { kind: "fixed", text: "X".repeat(11 - text.length) },
        ],
        serials: true,
      });
    const outer = await sequenceRule("OUT", 1);
    const inner = await sequenceRule("IN", 100);
    const pkg = await onecode.codePackages.generate(admin, {
      merchantId: platform.id,
      codeType: "two-level",
      ratio: { innerPerOuter: 3 },
      rules: { item: inner.id, outer: outer.id },
      quantity: 3,
    });
    expect(pkg.reservedSequences).toEqual({ [inner.id]: [100, 108], [outer.id]: [1, 3] });
    expect((await onecode.codeRules.get(admin, inner.id)).sequenceNext).toBe(109);
    await onecode.codePackages.waitFor(admin, pkg.id);
    const codes = (await kit.allCodes(pkg)).map((row) => row.code.slice(0, 8));
    expect(codes).toEqual([
      "OUT00001",
      "IN00100X",
      "IN00101X",
      "IN00102X",
      "OUT00002",
      "IN00103X",
      "IN00104X",
      "IN00105X",
      "OUT00003",
      "IN00106X",
      "IN00107X",
      "IN00108X",
    ]);
  });

  it("refuse more than 1,000,000 codes per job, all levels counted, and say to split", async () => {
    const kit = await codesTestKit({ codes: { autoRun: false } });
    const rule = await kit.quickRule();
    const error = await rejectionOf(
      kit.onecode.codePackages.generate(kit.admin, {
        merchantId: kit.platform.id,
        codeType: "three-level",
        ratio: { middlePerOuter: 2, innerPerOuter: 20 },
        rules: { item: rule.id },
        quantity: 43_479,
      }),
    );
    expect(error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: {
        issues: [
          {
            field: "quantity",
            rule: "max_codes_per_job",
            message:
              "quantity 43,479 makes 1,000,017 codes (all levels together), above the limit of 1,000,000 per job; split it into several jobs",
          },
        ],
      },
    });
    const biggest = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 1_000_000,
    });
    expect(biggest.total).toBe(1_000_000);
    const single = await rejectionOf(
      kit.onecode.codePackages.generate(kit.admin, {
        merchantId: kit.platform.id,
        codeType: "single",
        rules: { item: rule.id },
        quantity: 1_000_001,
      }),
    );
    expect(issuesOf(single)).toEqual([["quantity", "range"]]);
  });

  it("check ratios: required for packaging, bounded, inner a multiple of middle", async () => {
    const kit = await codesTestKit({ codes: { autoRun: false } });
    const rule = await kit.quickRule();
    const base = { merchantId: kit.platform.id, rules: { item: rule.id }, quantity: 1 };
    const generate = (input: Record<string, unknown>) =>
      rejectionOf(kit.onecode.codePackages.generate(kit.admin, { ...base, ...input } as never));
    expect(issuesOf(await generate({ codeType: "two-level" }))).toEqual([["ratio", "required"]]);
    expect(
      issuesOf(await generate({ codeType: "two-level", ratio: { innerPerOuter: 10_001 } })),
    ).toEqual([["ratio.innerPerOuter", "range"]]);
    expect(
      issuesOf(
        await generate({
          codeType: "three-level",
          ratio: { middlePerOuter: 3, innerPerOuter: 20 },
        }),
      ),
    ).toEqual([["ratio.innerPerOuter", "ratio_multiple"]]);
    expect(
      issuesOf(
        await generate({
          codeType: "three-level",
          ratio: { middlePerOuter: 0, innerPerOuter: 20 },
        }),
      ),
    ).toEqual([["ratio.middlePerOuter", "range"]]);
    expect(
      issuesOf(
        await generate({
          codeType: "single",
          ratio: { innerPerOuter: 2 },
          rules: { item: rule.id, outer: rule.id },
          quantity: 0,
        }),
      ),
    ).toEqual([
      ["rules.outer", "not_applicable"],
      ["ratio", "not_applicable"],
      ["quantity", "range"],
    ]);
    expect(
      issuesOf(
        await generate({ codeType: "two-level", ratio: { innerPerOuter: 2, middlePerOuter: 1 } }),
      ),
    ).toEqual([["ratio.middlePerOuter", "not_applicable"]]);
    expect(issuesOf(await generate({ codeType: "box" }))).toEqual([["codeType", "one_of"]]);
  });

  it("need the rules and the product to belong to a platform merchant", async () => {
    const kit = await codesTestKit({ codes: { autoRun: false } });
    const { onecode, admin, platform, external } = kit;
    const rule = await kit.quickRule();
    const second = await onecode.merchants.create(admin, {
      name: "Second",
      codeSource: "platform",
      urlPrefixes: ["https://second.example/c/"],
    });
    const foreignRule = await onecode.codeRules.createQuick(admin, {
      merchantId: second.id,
      charset: "mixed",
      length: 20,
      serials: true,
    });
    const foreignProduct = await onecode.products.create(admin, {
      merchantId: second.id,
      name: "x",
    });
    const base = {
      merchantId: platform.id,
      codeType: "two-level" as const,
      ratio: { innerPerOuter: 2 },
      quantity: 1,
    };
    expect(
      issuesOf(
        await rejectionOf(
          onecode.codePackages.generate(admin, {
            ...base,
            rules: { item: rule.id, outer: foreignRule.id },
          }),
        ),
      ),
    ).toEqual([["rules.outer", "rule_merchant"]]);
    await expect(
      onecode.codePackages.generate(admin, { ...base, rules: { item: "rule_missing" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: { field: "rules.item" } });
    expect(
      issuesOf(
        await rejectionOf(
          onecode.codePackages.generate(admin, {
            ...base,
            rules: { item: rule.id },
            productId: foreignProduct.id,
          }),
        ),
      ),
    ).toEqual([["productId", "product_merchant"]]);
    await expect(
      onecode.codePackages.generate(admin, {
        ...base,
        rules: { item: rule.id },
        productId: "prd_missing",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: { field: "productId" } });
    await expect(
      onecode.codePackages.generate(admin, {
        ...base,
        merchantId: external.id,
        rules: { item: rule.id },
      }),
    ).rejects.toMatchObject({ code: "CODE_SOURCE_MISMATCH" });
    expect((await onecode.codePackages.list(admin)).items).toEqual([]);
  });

  it("fail cleanly when a rule's sequence has fewer values left than the job needs", async () => {
    const kit = await codesTestKit({ codes: { autoRun: false } });
    const { onecode, admin, platform } = kit;
    const rule = await onecode.codeRules.createCustom(admin, {
      merchantId: platform.id,
      name: "Short range",
      length: 20,
      segments: [
        { kind: "sequence", start: 1, end: 10, length: 4 },
        { kind: "random", charset: "letters", length: 16 },
      ],
      serials: true,
    });
    const product = await onecode.products.create(admin, { merchantId: platform.id, name: "x" });
    const generate = (quantity: number) =>
      onecode.codePackages.generate(admin, {
        merchantId: platform.id,
        productId: product.id,
        codeType: "single",
        rules: { item: rule.id },
        quantity,
      });
    await generate(6);
    await expect(generate(5)).rejects.toMatchObject({
      code: "SEQUENCE_EXHAUSTED",
      details: { ruleId: rule.id, needed: 5, remaining: 4 },
    });
    expect((await onecode.codeRules.get(admin, rule.id)).sequenceNext).toBe(7);
    expect((await onecode.products.get(admin, product.id)).boundCodeCount).toBe(6);
    expect((await onecode.codePackages.list(admin)).items).toHaveLength(1);
    expect((await generate(4)).reservedSequences).toEqual({ [rule.id]: [7, 10] });
  });

  it("mark packages without serials when any of their rules has none", async () => {
    const kit = await codesTestKit({ codes: { autoRun: false } });
    const withSerials = await kit.quickRule();
    const without = await kit.onecode.codeRules.createQuick(kit.admin, {
      merchantId: kit.platform.id,
      charset: "mixed",
      length: 20,
      serials: false,
    });
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "two-level",
      ratio: { innerPerOuter: 2 },
      rules: { item: withSerials.id, outer: without.id },
      quantity: 1,
    });
    expect(pkg.hasSerials).toBe(false);
  });

  it("list packages by merchant and status", async () => {
    const kit = await codesTestKit();
    const rule = await kit.quickRule();
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 3,
    });
    await kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    const list = (filter: object) =>
      kit.onecode.codePackages.list(kit.admin, filter).then((page) => page.items.map((p) => p.id));
    expect(await list({ status: "succeeded" })).toEqual([pkg.id]);
    expect(await list({ status: "queued" })).toEqual([]);
    expect(await list({ merchantId: kit.external.id })).toEqual([]);
    await expect(list({ status: "done" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});
