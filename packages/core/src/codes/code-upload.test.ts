import { describe, expect, it } from "vitest";
import { isOneCodeError, OneCodeError, serviceUnavailable } from "../kernel/errors.js";
import { isStorableText } from "../kernel/storable-text.js";
import { memoryStorage } from "../memory/memory-storage.js";
import { codesTestKit, collect, interceptStorage, rejectionOf } from "./codes-test-kit.js";
import type { UploadLineError } from "./upload-line-reader.js";

interface Rejection {
  packageId: string;
  errorCount: number;
  errors: UploadLineError[];
}

async function rejected(promise: Promise<unknown>): Promise<Rejection> {
  const error = await rejectionOf(promise);
  expect(isOneCodeError(error, "UPLOAD_REJECTED")).toBe(true);
  return (error as { details: Rejection }).details;
}

const lineRules = (details: Rejection) => details.errors.map(({ line, rule }) => [line, rule]);

describe("code uploads", () => {
  it("import an external merchant's code URLs in line order, skipping blank lines", async () => {
    const kit = await codesTestKit();
    const { onecode, admin, external } = kit;
    const product = await onecode.products.create(admin, { merchantId: external.id, name: "x" });
    const pkg = await onecode.codePackages.upload(admin, {
      merchantId: external.id,
      productId: product.id,
      fileName: "codes.txt",
      lines: [
        "\uFEFFhttps://own.example/q/A-1\r",
        "",
        "   ",
        "  https://own.example/q/v2/B.2  ",
        "https://alt.example/?c=C~3",
      ],
    });
    expect(pkg).toMatchObject({
      source: "uploaded",
      status: "succeeded",
      codeType: "single",
      associated: false,
      hasSerials: false,
      rules: null,
      quantity: 3,
      total: 3,
      done: 3,
      fileName: "codes.txt",
      failureReason: null,
      finishedAt: expect.any(String),
    });
    const rows = await kit.allCodes(pkg);
    expect(rows.map(({ serial, code, url, level }) => [serial, code, url, level])).toEqual([
      [1, "A-1", "https://own.example/q/A-1", "item"],
      [2, "B.2", "https://own.example/q/v2/B.2", "item"],
      [3, "C~3", "https://alt.example/?c=C~3", "item"],
    ]);
    expect((await onecode.products.get(admin, product.id)).boundCodeCount).toBe(3);
    const csv = (await collect(onecode.codePackages.exportCsv(admin, pkg.id))).join("");
    expect(csv).toBe(
      "serial,level,code,url,parent_code\r\n" +
        ",item,A-1,https://own.example/q/A-1,\r\n" +
        ",item,B.2,https://own.example/q/v2/B.2,\r\n" +
        ",item,C~3,https://alt.example/?c=C~3,\r\n",
    );
  });

  it("accept OneCode's own text-package CSV and take its url column", async () => {
    const { onecode, admin, external } = await codesTestKit();
    async function* lines() {
      yield "Serial,Level,Code,URL,Parent_Code";
      yield "1,outer,X1,https://own.example/q/X1,";
      yield '2,inner,X2,"https://own.example/q/X2",X1';
      yield "";
      yield ',item,"ignored, code",https://own.example/q/X3,';
    }
    const pkg = await onecode.codePackages.upload(admin, {
      merchantId: external.id,
      fileName: "package.csv",
      lines: lines(),
    });
    const rows = (await onecode.codePackages.listCodes(admin, pkg.id)).items;
    expect(rows.map((row) => row.code)).toEqual(["X1", "X2", "X3"]);
    const broken = await rejected(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "broken.csv",
        lines: [
          "serial,level,code,url,parent_code",
          "1,item,X9",
          '2,item,"X8,https://own.example/q/X8,',
        ],
      }),
    );
    expect(lineRules(broken)).toEqual([
      [2, "csv_columns"],
      [3, "csv_columns"],
    ]);
  });

  it("reject the whole file with every broken line, and import nothing", async () => {
    const { onecode, admin, external } = await codesTestKit();
    const details = await rejected(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "bad.txt",
        lines: [
          "https://own.example/q/GOOD1",
          "not a url",
          "",
          "ftp://own.example/q/X",
          "https://evil.example/q/X",
          "https://own.example/q/has space",
          `https://own.example/q/${"x".repeat(65)}`,
          "https://own.example/q/",
          "https://own.example/q/GOOD2",
          "https://own.example/q/GOOD1",
          `https://own.example/q/${"y".repeat(2000)}`,
        ],
      }),
    );
    expect(details.errorCount).toBe(8);
    expect(lineRules(details)).toEqual([
      [2, "url"],
      [4, "url"],
      [5, "foreign_prefix"],
      [6, "code_format"],
      [7, "code_format"],
      [8, "code_format"],
      [10, "duplicate_in_file"],
      [11, "url_length"],
    ]);
    expect(details.errors.at(-2)?.message).toBe(
      "line 10: the code GOOD1 already appears on line 1",
    );
    const pkg = await onecode.codePackages.get(admin, details.packageId);
    expect(pkg).toMatchObject({ status: "rejected", total: 0, done: 0 });
    expect(pkg.failureReason).toMatch(/^8 error\(s\); first: line 2: /);
    for (const code of ["GOOD1", "GOOD2"]) {
      expect(await onecode.ports.storage.codePackages.findCode("acme", code)).toBeNull();
    }
    await expect(onecode.codePackages.listCodes(admin, pkg.id)).rejects.toMatchObject({
      code: "PACKAGE_NOT_READY",
    });
    // The staged rows are gone: the same codes import cleanly afterwards.
    const again = await onecode.codePackages.upload(admin, {
      merchantId: external.id,
      fileName: "fixed.txt",
      lines: ["https://own.example/q/GOOD1", "https://own.example/q/GOOD2"],
    });
    expect(again.total).toBe(2);
  });

  it("reject codes that already exist in the tenant, by line", async () => {
    const kit = await codesTestKit();
    const { onecode, admin, external } = kit;
    await onecode.codePackages.upload(admin, {
      merchantId: external.id,
      fileName: "first.txt",
      lines: ["https://own.example/q/E1", "https://own.example/q/E2"],
    });
    const product = await onecode.products.create(admin, { merchantId: external.id, name: "p" });
    const details = await rejected(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        productId: product.id,
        fileName: "second.txt",
        lines: [
          "https://own.example/q/N1",
          "https://alt.example/?c=E2",
          "",
          "https://own.example/q/E1",
        ],
      }),
    );
    expect(details.errors).toEqual([
      { line: 2, rule: "code_exists", message: "line 2: the code E2 already exists" },
      { line: 4, rule: "code_exists", message: "line 4: the code E1 already exists" },
    ]);
    expect(await onecode.ports.storage.codePackages.findCode("acme", "N1")).toBeNull();
    expect((await onecode.products.get(admin, product.id)).boundCodeCount).toBe(0);

    // Codes of generated packages count too.
    const rule = await kit.quickRule();
    const generated = await onecode.codePackages.generate(admin, {
      merchantId: kit.platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 1,
    });
    await onecode.codePackages.waitFor(admin, generated.id);
    const [row] = await kit.allCodes(generated);
    const clash = await rejected(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "third.txt",
        lines: [`https://own.example/q/${row?.code}`],
      }),
    );
    expect(lineRules(clash)).toEqual([[1, "code_exists"]]);

    const many = Array.from({ length: 105 }, (_, i) => `https://own.example/q/M${i}`);
    await onecode.codePackages.upload(admin, {
      merchantId: external.id,
      fileName: "m",
      lines: many,
    });
    const repeated = await rejected(
      onecode.codePackages.upload(admin, { merchantId: external.id, fileName: "m2", lines: many }),
    );
    expect(repeated.errorCount).toBe(105);
    expect(repeated.errors.map((error) => error.line)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  });

  it("list malformed, foreign, repeated and already existing lines in one answer", async () => {
    const { onecode, admin, external } = await codesTestKit({ codes: { chunkSize: 2 } });
    await onecode.codePackages.upload(admin, {
      merchantId: external.id,
      fileName: "first.txt",
      lines: ["https://own.example/q/E1", "https://own.example/q/E2"],
    });
    const details = await rejected(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "second.txt",
        lines: [
          "https://own.example/q/E2",
          "not a url",
          "https://evil.example/q/X",
          "https://own.example/q/N1",
          "https://own.example/q/N1",
          "https://own.example/q/E1",
        ],
      }),
    );
    expect(lineRules(details)).toEqual([
      [1, "code_exists"],
      [2, "url"],
      [3, "foreign_prefix"],
      [5, "duplicate_in_file"],
      [6, "code_exists"],
    ]);
    expect(details.errorCount).toBe(5);
  });

  it("quote a line's text escaped, so a NUL or a lone surrogate never reaches storage", async () => {
    const { onecode, admin, external } = await codesTestKit();
    const details = await rejected(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "f",
        lines: ["bad\u0000line", `https://evil.example/${"🍵".repeat(76)}\ud83c`],
      }),
    );
    expect(details.errors.map((error) => error.message)).toEqual([
      'line 1: "bad\\u0000line" is not an absolute http(s) URL',
      `line 2: "https://evil.example/${"🍵".repeat(56)}..." does not start with a URL prefix registered for the merchant`,
    ]);
    const pkg = await onecode.codePackages.get(admin, details.packageId);
    expect(isStorableText(pkg.failureReason ?? "")).toBe(true);
  });

  it("count every error but list only the first 100, in line order", async () => {
    const { onecode, admin, external } = await codesTestKit({ codes: { chunkSize: 7 } });
    const lines = Array.from({ length: 300 }, (_, i) =>
      i % 2 === 0 ? `https://own.example/q/D${i % 20}` : `https://nope.example/${i}`,
    );
    const details = await rejected(
      onecode.codePackages.upload(admin, { merchantId: external.id, fileName: "f", lines }),
    );
    // 150 foreign lines and 140 repeats of the 10 distinct codes.
    expect(details.errorCount).toBe(290);
    expect(details.errors).toHaveLength(100);
    const listed = details.errors.map((error) => error.line);
    expect(listed).toEqual([...listed].sort((a, b) => a - b));
    expect(listed[0]).toBe(2);
    expect(details.errors.find((error) => error.line === 21)).toEqual({
      line: 21,
      rule: "duplicate_in_file",
      message: "line 21: the code D0 already appears on line 1",
    });
  });

  it("reject an empty file and a file with more than 1,000,000 codes", async () => {
    const { onecode, admin, external } = await codesTestKit();
    const empty = await rejected(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "empty.csv",
        lines: ["serial,level,code,url,parent_code", ""],
      }),
    );
    expect(lineRules(empty)).toEqual([[0, "empty_file"]]);

    let produced = 0;
    function* tooMany() {
      for (let i = 0; i < 1_000_005; i++) {
        produced++;
        yield "bad";
      }
    }
    const big = await rejected(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "big",
        lines: tooMany(),
      }),
    );
    expect(big.errorCount).toBe(1_000_001);
    expect(big.errors.at(0)).toMatchObject({ line: 1, rule: "url" });
    expect(produced).toBe(1_000_001);
  });

  it("mark the package rejected when reading the file fails, and rethrow", async () => {
    const { onecode, admin, external } = await codesTestKit();
    async function* failing() {
      yield "https://own.example/q/F1";
      throw new Error("connection reset");
    }
    await expect(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "f",
        lines: failing(),
      }),
    ).rejects.toThrow("connection reset");
    const [pkg] = (await onecode.codePackages.list(admin)).items;
    // The reason is for users: no text of a foreign error, which may come from a driver.
    expect(pkg).toMatchObject({
      status: "rejected",
      failureReason: "upload failed: unexpected error",
    });
    expect(await onecode.ports.storage.codePackages.findCode("acme", "F1")).toBeNull();

    async function* unavailable() {
      yield "https://own.example/q/F2";
      throw serviceUnavailable("storage", new Error("driver text"));
    }
    await expect(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "g",
        lines: unavailable(),
      }),
    ).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    const [latest] = (await onecode.codePackages.list(admin)).items;
    expect(latest?.failureReason).toBe("upload failed: storage is unavailable; try again shortly");
  });

  it("mark the package rejected when the line source itself rejects the file", async () => {
    const { onecode, admin, external } = await codesTestKit();
    async function* damaged() {
      yield "https://own.example/q/G1";
      throw new OneCodeError("UPLOAD_REJECTED", "the ZIP is damaged", {
        errorCount: 1,
        errors: [],
      });
    }
    await expect(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "z",
        lines: damaged(),
      }),
    ).rejects.toMatchObject({ code: "UPLOAD_REJECTED", message: "the ZIP is damaged" });
    const [pkg] = (await onecode.codePackages.list(admin)).items;
    expect(pkg).toMatchObject({
      status: "rejected",
      failureReason: "upload failed: the ZIP is damaged",
    });
    expect(await onecode.ports.storage.codePackages.findCode("acme", "G1")).toBeNull();
  });

  it("fail as an internal error, not an input error, when the package vanished before its commit", async () => {
    // Only the upload itself moves a validating package on: this is an invariant, not a rule of input.
    const storage = interceptStorage(memoryStorage(), (repository, method, _args, call) =>
      repository === "codeUploads" && method === "commit"
        ? Promise.resolve({ outcome: "not_found" })
        : call(),
    );
    const { onecode, admin, external } = await codesTestKit({ storage });
    const error = await rejectionOf(
      onecode.codePackages.upload(admin, {
        merchantId: external.id,
        fileName: "v",
        lines: ["https://own.example/q/V1"],
      }),
    );
    expect(isOneCodeError(error)).toBe(false);
    expect((error as Error).message).toMatch(/vanished/);
    const [pkg] = (await onecode.codePackages.list(admin)).items;
    expect(pkg).toMatchObject({
      status: "rejected",
      failureReason: "upload failed: unexpected error",
    });
  });

  it("need an external merchant, its own product, admin, and the same tenant", async () => {
    const kit = await codesTestKit();
    const { onecode, admin, staff, external, platform } = kit;
    const upload = {
      merchantId: external.id,
      fileName: "f.txt",
      lines: ["https://own.example/q/A"],
    };
    await expect(
      onecode.codePackages.upload(admin, { ...upload, merchantId: platform.id }),
    ).rejects.toMatchObject({ code: "CODE_SOURCE_MISMATCH", details: { required: "external" } });
    await expect(
      onecode.codePackages.upload(staff("acme", "stock_operator"), upload),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      onecode.codePackages.upload(staff("globex", "admin"), upload),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: { field: "merchantId" } });
    const foreign = await onecode.products.create(admin, { merchantId: platform.id, name: "p" });
    await expect(
      onecode.codePackages.upload(admin, { ...upload, productId: foreign.id }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(
      onecode.codePackages.upload(admin, { ...upload, fileName: "", lines: 42 as never }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: {
        issues: [
          expect.objectContaining({ field: "fileName" }),
          expect.objectContaining({ field: "lines", rule: "iterable" }),
        ],
      },
    });
    expect((await onecode.codePackages.list(admin)).items).toEqual([]);
  });
});
