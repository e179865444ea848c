import { describe, expect, it } from "vitest";
import { CODE_CSV_HEADER, csvField, csvLine, parseCsvLine } from "./csv-format.js";

describe("CSV fields", () => {
  it("quote only what needs quoting, doubling quotes", () => {
    expect(csvField("plain-CODE_1.~")).toBe("plain-CODE_1.~");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
    expect(csvField(" padded ")).toBe('" padded "');
    expect(csvField("")).toBe("");
    expect(CODE_CSV_HEADER).toBe("serial,level,code,url,parent_code");
  });

  it("parse back what they write", () => {
    const fields = ["1", "", 'q"uote', "a,b", " x ", "https://e.example/?a=1&b=2"];
    expect(parseCsvLine(csvLine(fields))).toEqual(fields);
    expect(parseCsvLine("a,,b,")).toEqual(["a", "", "b", ""]);
    expect(parseCsvLine('"",""""')).toEqual(["", '"']);
  });

  it("refuse broken quoting", () => {
    expect(parseCsvLine('"open')).toBeNull();
    expect(parseCsvLine('"a"b,c')).toBeNull();
  });
});
