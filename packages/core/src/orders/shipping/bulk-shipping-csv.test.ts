import { describe, expect, it } from "vitest";
import { readBulkShippingCsv } from "./bulk-shipping-csv.js";

const HEADER = "order_number,courier,tracking_number";

function rejection(file: string | Uint8Array): { errorCount: number; errors: unknown[] } {
  try {
    readBulkShippingCsv(file);
  } catch (error) {
    const { code, details } = error as {
      code: string;
      details: { errorCount: number; errors: unknown[] };
    };
    expect(code).toBe("UPLOAD_REJECTED");
    return details;
  }
  throw new Error("expected UPLOAD_REJECTED");
}

const rules = (file: string | Uint8Array) =>
  (rejection(file).errors as { line: number; rule: string }[]).map(
    (error) => `${error.line}:${error.rule}`,
  );

describe("readBulkShippingCsv (批量发货 file)", () => {
  it("reads UTF-8 with a BOM, CRLF line ends, quoted fields and blank lines", () => {
    const good = `\uFEFF${HEADER}\r\n202605010000000001,SF,SF001\r\n\r\n"202605010000000002","顺丰 速运","SF-002"\r\n`;
    expect(readBulkShippingCsv(good)).toEqual([
      { line: 2, orderNumber: "202605010000000001", courier: "SF", trackingNumber: "SF001" },
      {
        line: 4,
        orderNumber: "202605010000000002",
        courier: "顺丰 速运",
        trackingNumber: "SF-002",
      },
    ]);
    expect(readBulkShippingCsv(new TextEncoder().encode(good))).toHaveLength(2);
    expect(readBulkShippingCsv(` Order_Number , Courier,TRACKING_NUMBER\n1,SF,X1`)).toHaveLength(1);
  });

  it("rejects the whole file listing every malformed line with its rule", () => {
    const file = [
      HEADER,
      "1,SF,SF001",
      "2,SF",
      "3,,SF003",
      '"4,SF,SF004',
      '"5"x,SF,SF005',
      "6,SF,SF 006",
      `7,${"C".repeat(33)},SF007`,
      "8,SF,SF008,extra",
    ].join("\n");
    const details = rejection(file);
    expect(details.errorCount).toBe(7);
    expect(rules(file)).toEqual([
      "3:column_count",
      "4:empty_field",
      "5:quoting",
      "6:quoting",
      "7:field_format",
      "8:field_format",
      "9:column_count",
    ]);
    expect(details.errors[0]).toEqual({
      line: 3,
      rule: "column_count",
      message: "line 3: expected 3 fields (order_number,courier,tracking_number), found 2",
    });
  });

  it("rejects a NUL or a lone surrogate in a field, which storage could not keep", () => {
    const file = [HEADER, "1,S\u0000F,SF001", "2,SF,SF\uD800"].join("\n");
    expect(rules(file)).toEqual(["2:field_format", "3:field_format"]);
  });

  it("needs the header first and at least one row", () => {
    expect(rules("order,courier,tracking\n1,SF,X")).toEqual(["1:header"]);
    expect(rules(`${HEADER}\n\n`)).toEqual(["0:no_rows"]);
    expect(rules("")).toEqual(["0:no_rows"]);
  });

  it("takes 1,000 rows and rejects the 1,001st", () => {
    const rows = (count: number) =>
      [HEADER, ...Array.from({ length: count }, (_, i) => `${i + 1},SF,SF${i + 1}`)].join("\n");
    expect(readBulkShippingCsv(rows(1000))).toHaveLength(1000);
    expect(rules(rows(1001))).toEqual(["1002:row_count"]);
  });

  it("rejects files over 1 MiB and bytes that are not UTF-8, whatever they hold", () => {
    const big = `${HEADER}\n${"1,SF,SF1\n".repeat(120_000)}`;
    expect(rules(big)).toEqual(["0:file_size"]);
    expect(rules(new Uint8Array([0x6f, 0x72, 0xff, 0xfe, 0x0a]))).toEqual(["0:encoding"]);
  });

  it("lists the first 100 errors and counts them all", () => {
    const file = [HEADER, ...Array.from({ length: 150 }, () => "1,SF")].join("\n");
    const details = rejection(file);
    expect(details.errorCount).toBe(150);
    expect(details.errors).toHaveLength(100);
  });
});
