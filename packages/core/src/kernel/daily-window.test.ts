import { describe, expect, it } from "vitest";
import { isInDailyWindow } from "./daily-window.js";
import { isOneCodeError } from "./errors.js";

const at = (text: string) => Date.parse(text);
const night = { from: "23:00", to: "08:00" };

describe("daily windows of local time", () => {
  it("holds a night window across midnight in Shanghai, from inclusive and to exclusive", () => {
    const inShanghai = (text: string) => isInDailyWindow(at(text), night, "Asia/Shanghai");
    expect(inShanghai("2026-05-01T14:59:59Z")).toBe(false); // 22:59
    expect(inShanghai("2026-05-01T15:00:00Z")).toBe(true); // 23:00
    expect(inShanghai("2026-05-01T16:30:00Z")).toBe(true); // 00:30 the next day
    expect(inShanghai("2026-05-01T23:59:59Z")).toBe(true); // 07:59:59
    expect(inShanghai("2026-05-02T00:00:00Z")).toBe(false); // 08:00
  });

  it("holds a same-day window and treats equal times as the whole day", () => {
    const office = { from: "09:00", to: "17:30" };
    expect(isInDailyWindow(at("2026-05-01T09:00:00Z"), office, "UTC")).toBe(true);
    expect(isInDailyWindow(at("2026-05-01T17:30:00Z"), office, "UTC")).toBe(false);
    expect(isInDailyWindow(at("2026-05-01T03:00:00Z"), { from: "06:00", to: "06:00" }, "UTC")).toBe(
      true,
    );
  });

  it("follows the local clock across a daylight-saving change in New York", () => {
    const early = { from: "01:00", to: "03:00" };
    // 8 March 2026: 02:00 EST jumps to 03:00 EDT, so 07:30Z is 03:30 local.
    expect(isInDailyWindow(at("2026-03-08T06:30:00Z"), early, "America/New_York")).toBe(true);
    expect(isInDailyWindow(at("2026-03-08T07:30:00Z"), early, "America/New_York")).toBe(false);
    // 1 November 2026: 01:30 happens twice (EDT then EST); both are in the window.
    expect(isInDailyWindow(at("2026-11-01T05:30:00Z"), early, "America/New_York")).toBe(true);
    expect(isInDailyWindow(at("2026-11-01T06:30:00Z"), early, "America/New_York")).toBe(true);
  });

  it("names the field and rule of a malformed time", () => {
    try {
      isInDailyWindow(0, { from: "24:00", to: "08:00" }, "UTC");
      expect.unreachable();
    } catch (error) {
      expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
      expect((error as { details: { issues: unknown[] } }).details.issues).toEqual([
        expect.objectContaining({ field: "window.from", rule: "time_of_day" }),
      ]);
    }
  });
});
