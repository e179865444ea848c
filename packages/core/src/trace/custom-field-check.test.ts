import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { InputCheck } from "../kernel/input-check.js";
import { checkCustomFields } from "./custom-field-check.js";

function issues(value: unknown, field?: string): Array<[string, string]> {
  const check = new InputCheck();
  checkCustomFields(check, value, field);
  try {
    check.done();
  } catch (error) {
    return issuesOf(error);
  }
  return [];
}

const valid = {
  text: { title: "产地", type: "text", content: "杭州 西湖", showOnScan: true },
  longText: { title: "工艺", type: "long_text", content: "长".repeat(5000), showOnScan: false },
  image: { title: "图", type: "image", content: "https://img.example.com/a.png", showOnScan: true },
  largeImage: {
    title: "大图",
    type: "large_image",
    content: "http://img.example.com/b.jpg?x=1",
    showOnScan: true,
  },
  video: { title: "视频", type: "video", content: "https://v.example.com/1.mp4", showOnScan: true },
  link: {
    title: "小程序",
    type: "mini_program_link",
    content: "appid:wx1234567890abcdef/pages/detail?id=1",
    showOnScan: true,
  },
} as const;

describe("checkCustomFields", () => {
  it("accepts every field type, keeps the order and trims text", () => {
    const check = new InputCheck();
    const fields = checkCustomFields(check, [
      ...Object.values(valid),
      { title: " 标题 ", type: "text", content: " 内容 " },
    ]);
    check.done();
    expect(fields.map((field) => field.type)).toEqual([
      "text",
      "long_text",
      "image",
      "large_image",
      "video",
      "mini_program_link",
      "text",
    ]);
    expect(fields[6]).toEqual({ title: "标题", type: "text", content: "内容", showOnScan: true });
  });

  it("treats a missing list as no fields", () => {
    const check = new InputCheck();
    expect(checkCustomFields(check, undefined)).toEqual([]);
    expect(checkCustomFields(check, null)).toEqual([]);
    check.done();
  });

  it("allows 30 fields and refuses 31", () => {
    expect(issues(Array.from({ length: 30 }, () => valid.text))).toEqual([]);
    expect(issues(Array.from({ length: 31 }, () => valid.text))).toEqual([
      ["customFields", "max_items"],
    ]);
    expect(issues("text")).toEqual([["customFields", "type"]]);
  });

  it("checks titles: 1-20 characters, CJK counted as one", () => {
    expect(issues([{ ...valid.text, title: "标".repeat(20) }])).toEqual([]);
    expect(
      issues([
        { ...valid.text, title: "标".repeat(21) },
        { ...valid.text, title: "  " },
        { ...valid.text, title: 5 },
      ]),
    ).toEqual([
      ["customFields.0.title", "max_length"],
      ["customFields.1.title", "required"],
      ["customFields.2.title", "required"],
    ]);
  });

  it("checks content by type, naming the item", () => {
    expect(issues([{ ...valid.text, content: "x".repeat(200) }])).toEqual([]);
    expect(
      issues([
        { ...valid.text, content: "x".repeat(201) },
        { ...valid.longText, content: "x".repeat(5001) },
        { ...valid.image, content: "/relative.png" },
        { ...valid.largeImage, content: "ftp://img.example.com/a.png" },
        { ...valid.video, content: "https://v.example.com/1.mp4#t=3" },
        { ...valid.link, content: "pages/detail?id=1" },
        { ...valid.link, content: "appid:wx1/pages/a b" },
        { ...valid.text, content: "" },
        { ...valid.image, content: `https://img.example.com/${"a".repeat(480)}` },
      ]),
    ).toEqual([
      ["customFields.0.content", "max_length"],
      ["customFields.1.content", "max_length"],
      ["customFields.2.content", "url"],
      ["customFields.3.content", "url"],
      ["customFields.4.content", "url_no_fragment"],
      ["customFields.5.content", "mini_program_link"],
      ["customFields.6.content", "mini_program_link"],
      ["customFields.7.content", "required"],
      ["customFields.8.content", "max_length"],
    ]);
  });

  it("refuses unknown types, malformed items and non-boolean flags", () => {
    expect(
      issues([
        { ...valid.text, type: "html" },
        "not an object",
        { ...valid.text, showOnScan: "yes" },
      ]),
    ).toEqual([
      ["customFields.0.type", "one_of"],
      ["customFields.1", "type"],
      ["customFields.2.showOnScan", "type"],
    ]);
  });

  it("uses the given field name for issues", () => {
    expect(issues([{ ...valid.text, title: "" }], "fields")).toEqual([
      ["fields.0.title", "required"],
    ]);
  });
});
