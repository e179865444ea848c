import { describe, expect, it } from "vitest";
import { codesTestKit, collect } from "./codes-test-kit.js";
import { EXPORT_PAGE_SIZE } from "./csv-export.js";
import { parseCsvLine } from "./csv-format.js";

const rowsOf = (csv: string) =>
  csv
    .split("\r\n")
    .filter((line) => line !== "")
    .map((line) => parseCsvLine(line) as string[]);

describe("CSV export", () => {
  it("streams the header, then pages of rows with parent codes, across page boundaries", async () => {
    const kit = await codesTestKit();
    const rule = await kit.quickRule("digits", 20);
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "two-level",
      ratio: { innerPerOuter: 6 },
      rules: { item: rule.id },
      quantity: 3000,
    });
    await kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    const parts = await collect(kit.onecode.codePackages.exportCsv(kit.admin, pkg.id));
    // 21,000 codes: the header, then three pages.
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe("serial,level,code,url,parent_code\r\n");
    expect(rowsOf(parts[1] as string)).toHaveLength(EXPORT_PAGE_SIZE);
    const rows = rowsOf(parts.slice(1).join(""));
    const stored = await kit.allCodes(pkg);
    const codeOf = new Map(stored.map((row) => [row.serial, row.code]));
    expect(rows).toHaveLength(21_000);
    expect(rows).toEqual(
      stored.map((record) => [
        String(record.serial),
        record.level,
        record.code,
        `https://t.acme.example/c/${record.code}`,
        record.parentSerial === null ? "" : codeOf.get(record.parentSerial),
      ]),
    );
    // Serial 10,001 is an inner code whose outer code sits on the previous page.
    expect(rows[10_000]?.[4]).toBe(codeOf.get(9_997));
  });

  it("filter by level, still naming parents of associated packages", async () => {
    const kit = await codesTestKit();
    const rule = await kit.quickRule();
    const generate = async (associated: boolean) => {
      const pkg = await kit.onecode.codePackages.generate(kit.admin, {
        merchantId: kit.platform.id,
        codeType: "three-level",
        ratio: { middlePerOuter: 2, innerPerOuter: 4 },
        associated,
        rules: { item: rule.id },
        quantity: 2,
      });
      return kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    };
    const linked = await generate(true);
    const stored = await kit.allCodes(linked);
    const inner = rowsOf(
      (
        await collect(kit.onecode.codePackages.exportCsv(kit.admin, linked.id, { level: "inner" }))
      ).join(""),
    ).slice(1);
    expect(inner.map((row) => row[0])).toEqual(["3", "4", "6", "7", "10", "11", "13", "14"]);
    expect(inner[0]?.[4]).toBe(stored[1]?.code);
    expect(inner[7]?.[4]).toBe(stored[11]?.code);

    const unlinked = await generate(false);
    const outers = rowsOf(
      (
        await collect(
          kit.onecode.codePackages.exportCsv(kit.admin, unlinked.id, { level: "outer" }),
        )
      ).join(""),
    ).slice(1);
    expect(outers.map((row) => [row[0], row[1], row[4]])).toEqual([
      ["1", "outer", ""],
      ["8", "outer", ""],
    ]);
    await expect(
      collect(kit.onecode.codePackages.exportCsv(kit.admin, linked.id, { level: "box" as never })),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("escapes uploaded URLs, and a re-upload of the export reads them back", async () => {
    const kit = await codesTestKit();
    const odd = await kit.onecode.merchants.create(kit.admin, {
      name: "Odd prefix",
      codeSource: "external",
      urlPrefixes: ['https://odd.example/"a,b"/'],
    });
    const pkg = await kit.onecode.codePackages.upload(kit.admin, {
      merchantId: odd.id,
      fileName: "odd.txt",
      lines: ['https://odd.example/"a,b"/K1', 'https://odd.example/"a,b"/K2'],
    });
    const csv = (await collect(kit.onecode.codePackages.exportCsv(kit.admin, pkg.id))).join("");
    expect(csv.split("\r\n")[1]).toBe(',item,K1,"https://odd.example/""a,b""/K1",');
    const other = kit.staff("globex", "admin");
    const otherOdd = await kit.onecode.merchants.create(other, {
      name: "Odd prefix",
      codeSource: "external",
      urlPrefixes: ['https://odd.example/"a,b"/'],
    });
    const copy = await kit.onecode.codePackages.upload(other, {
      merchantId: otherOdd.id,
      fileName: "export.csv",
      lines: csv.split("\r\n"),
    });
    const copied = await kit.onecode.codePackages.listCodes(other, copy.id);
    expect(copied.items.map((row) => [row.code, row.url])).toEqual([
      ["K1", 'https://odd.example/"a,b"/K1'],
      ["K2", 'https://odd.example/"a,b"/K2'],
    ]);
  });
});
