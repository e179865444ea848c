import type { CodeRecord } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { codesCopyText, copyField } from "./copy-text.js";

/** The obvious string-building encoder the fast one must match byte for byte. */
function reference(tenantId: string, packageId: string, rows: readonly CodeRecord[]): string {
  const levels = { item: 0, outer: 1, middle: 2, inner: 3 };
  return rows
    .map(
      (row) =>
        `${row.serial}\t${row.parentSerial ?? "\\N"}\t${levels[row.level]}\t${copyField(tenantId)}\t` +
        `${copyField(row.code)}\t${copyField(packageId)}\t${row.url === null ? "\\N" : copyField(row.url)}\n`,
    )
    .join("");
}

function row(serial: number, code: string, changes: Partial<CodeRecord> = {}): CodeRecord {
  return {
    tenantId: "t1",
    code,
    packageId: "pkg_1",
    serial,
    level: "item",
    parentSerial: null,
    url: null,
    ...changes,
  };
}

describe("COPY text encoding", () => {
  it("escapes backslash, tab, newline and carriage return, and nothing else", () => {
    expect(copyField("a\\b\tc\nd\re|,'\"")).toBe("a\\\\b\\tc\\nd\\re|,'\"");
  });

  it("writes one tab-separated line per row, \\N for NULL, matching the plain encoder", () => {
    const rows = [
      row(1, "OCabcDEF234"),
      row(9, "X", { level: "outer", parentSerial: 0 }),
      row(10, "Y", { level: "middle", parentSerial: 9, url: "https://t.example.com/c/Y" }),
      row(99, "Z", { level: "inner", parentSerial: 10, url: "" }),
      row(100, "back\\slash", { url: "tab\there\nnew\rline\\" }),
      row(2_147_483_647, "中文码", { parentSerial: 1_000_000, url: "https://例子.测试/码/😀?q=é" }),
    ];
    const encoded = codesCopyText("t\t1", "pkg\\1", rows);
    expect(encoded.toString("utf8")).toBe(reference("t\t1", "pkg\\1", rows));
    expect(encoded.toString("utf8").split("\n")[0]).toBe(
      "1\t\\N\t0\tt\\t1\tOCabcDEF234\tpkg\\\\1\t\\N",
    );
  });

  it("grows its buffer for long and multi-byte fields", () => {
    const long = "é".repeat(5_000);
    const rows = Array.from({ length: 50 }, (_, i) =>
      row(i + 1, `C${i}`, { url: i % 2 ? long : `u${"\\".repeat(i)}` }),
    );
    expect(codesCopyText("t", "p", rows).toString("utf8")).toBe(reference("t", "p", rows));
  });

  it("encodes an empty chunk as nothing", () => {
    expect(codesCopyText("t", "p", []).length).toBe(0);
  });
});
