import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../kernel/errors.js";
import { BULK_SMS_LIMITS, checkBulkSms } from "./bulk-sms-check.js";
import { maskPhoneNumber, maskRecipient, normalizeMobileNumber } from "./recipients.js";

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isOneCodeError(error, "VALIDATION_FAILED")) return error.details.issues;
    throw error;
  }
  throw new Error("expected VALIDATION_FAILED");
}

describe("recipients", () => {
  it("normalizes mainland mobile numbers and refuses anything else", () => {
    expect(normalizeMobileNumber("13800138000")).toBe("13800138000");
    expect(normalizeMobileNumber(" +86 138-0013-8000 ")).toBe("13800138000");
    expect(normalizeMobileNumber("0086 19912345678")).toBe("19912345678");
    for (const bad of [
      "12800138000",
      "1380013800",
      "138001380001",
      "+1 2125550100",
      "",
      13800138000,
    ]) {
      expect(normalizeMobileNumber(bad)).toBeNull();
    }
  });

  it("masks the middle digits of phones, e-mail local parts and webhook paths", () => {
    expect(maskPhoneNumber("13800138000")).toBe("138****8000");
    expect(maskPhoneNumber("12345")).toBe("***45");
    expect(maskRecipient("sms", "13800138000")).toBe("138****8000");
    expect(maskRecipient("email", "lilei@example.com")).toBe("l***@example.com");
    expect(maskRecipient("webhook", "https://hooks.example/t/secret?x=1")).toBe(
      "https://hooks.example/***",
    );
  });
});

describe("bulk SMS input", () => {
  it("merges duplicates after normalization, keeping first-seen order", () => {
    const checked = checkBulkSms({
      numbers: ["13800138000", "+86 139 0013 9000", "138-0013-8000"],
      template: "spring_sale",
      params: { discount: "20%" },
    });
    expect(checked).toEqual({
      requested: 3,
      numbers: ["13800138000", "13900139000"],
      template: "spring_sale",
      params: { discount: "20%" },
      bulkId: null,
    });
  });

  it("names every bad number and every other broken rule at once", () => {
    const issues = issuesOf(() =>
      checkBulkSms({
        numbers: ["13800138000", "123", "13800138000", "abc"],
        template: "Spring Sale",
        params: { "bad name": "x" },
      }),
    );
    expect(issues.map((issue) => [issue.field, issue.rule])).toEqual([
      ["numbers.1", "mobile_number"],
      ["numbers.3", "mobile_number"],
      ["template", "template_name"],
      ["params.bad name", "param_name"],
    ]);
  });

  it("refuses more than 10,000 numbers, naming numbers and the rule", () => {
    const numbers = Array.from({ length: BULK_SMS_LIMITS.maxNumbers + 1 }, () => "13800138000");
    expect(issuesOf(() => checkBulkSms({ numbers, template: "x" }))).toEqual([
      expect.objectContaining({ field: "numbers", rule: "max_items" }),
    ]);
    const exactly = Array.from({ length: BULK_SMS_LIMITS.maxNumbers }, () => "13800138000");
    expect(checkBulkSms({ numbers: exactly, template: "x" }).numbers).toEqual(["13800138000"]);
    expect(issuesOf(() => checkBulkSms({ numbers: [], template: "x" }))).toEqual([
      expect.objectContaining({ field: "numbers", rule: "min_items" }),
    ]);
  });
});
