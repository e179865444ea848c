import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../kernel/errors.js";
import { isInQuietHours, localTimeOfDay, quietHoursEnd } from "./quiet-hours.js";

const at = (iso: string) => Date.parse(iso);
const SHANGHAI = "Asia/Shanghai";
const NEW_YORK = "America/New_York";

describe("SMS quiet hours (23:00–08:00 local)", () => {
  it("starts at 23:00 and ends at 08:00 local, both to the second", () => {
    // Shanghai is UTC+8 all year: 23:00 local is 15:00Z, 08:00 local is 00:00Z.
    expect(isInQuietHours(at("2026-05-01T14:59:59Z"), SHANGHAI)).toBe(false);
    expect(isInQuietHours(at("2026-05-01T15:00:00Z"), SHANGHAI)).toBe(true);
    expect(isInQuietHours(at("2026-05-01T15:59:59Z"), SHANGHAI)).toBe(true); // 23:59:59
    expect(isInQuietHours(at("2026-05-01T16:00:00Z"), SHANGHAI)).toBe(true); // midnight
    expect(isInQuietHours(at("2026-05-01T23:59:59Z"), SHANGHAI)).toBe(true); // 07:59:59
    expect(isInQuietHours(at("2026-05-02T00:00:00Z"), SHANGHAI)).toBe(false); // 08:00
    expect(isInQuietHours(at("2026-05-02T04:00:00Z"), SHANGHAI)).toBe(false); // noon
  });

  it("follows the wall clock across daylight-saving changes", () => {
    // New York springs forward on 2026-03-08 (EST → EDT): 08:00 is 12:00Z, not 13:00Z.
    expect(isInQuietHours(at("2026-03-08T11:59:00Z"), NEW_YORK)).toBe(true);
    expect(isInQuietHours(at("2026-03-08T12:00:00Z"), NEW_YORK)).toBe(false);
    expect(isInQuietHours(at("2026-03-07T12:30:00Z"), NEW_YORK)).toBe(true); // 07:30 EST
    // And falls back on 2026-11-01: 08:00 EST is 13:00Z; 23:00 EDT the evening before is 03:00Z.
    expect(isInQuietHours(at("2026-11-01T02:59:00Z"), NEW_YORK)).toBe(false);
    expect(isInQuietHours(at("2026-11-01T03:00:00Z"), NEW_YORK)).toBe(true);
    expect(isInQuietHours(at("2026-11-01T12:59:00Z"), NEW_YORK)).toBe(true);
    expect(isInQuietHours(at("2026-11-01T13:00:00Z"), NEW_YORK)).toBe(false);
  });

  it("says when the night ends, and the local time", () => {
    expect(quietHoursEnd(at("2026-05-01T15:30:00Z"), SHANGHAI)).toBe(at("2026-05-02T00:00:00Z"));
    expect(quietHoursEnd(at("2026-05-01T17:00:00Z"), SHANGHAI)).toBe(at("2026-05-02T00:00:00Z"));
    expect(quietHoursEnd(at("2026-05-02T03:00:00Z"), SHANGHAI)).toBe(at("2026-05-02T03:00:00Z"));
    expect(localTimeOfDay(at("2026-05-01T15:30:00Z"), SHANGHAI)).toBe("23:30");
    expect(quietHoursEnd(at("2026-03-08T04:00:00Z"), NEW_YORK)).toBe(at("2026-03-08T12:00:00Z"));
    expect(quietHoursEnd(at("2026-11-01T04:00:00Z"), NEW_YORK)).toBe(at("2026-11-01T13:00:00Z"));
    // An end time the spring-forward gap skips: the first instant after it.
    expect(
      quietHoursEnd(at("2026-03-08T05:30:00Z"), NEW_YORK, { from: "23:00", to: "02:30" }),
    ).toBe(at("2026-03-08T07:00:00Z"));
    expect(
      quietHoursEnd(at("2026-05-01T15:30:00Z"), SHANGHAI, { from: "00:00", to: "00:00" }),
    ).toBe(null);
  });

  it("takes another window, and refuses a malformed one or an unknown zone", () => {
    const evening = { from: "21:00", to: "07:00" };
    expect(isInQuietHours(at("2026-05-01T13:30:00Z"), SHANGHAI, evening)).toBe(true); // 21:30
    expect(isInQuietHours(at("2026-05-01T23:30:00Z"), SHANGHAI, evening)).toBe(false); // 07:30
    const refusal = (() => {
      try {
        isInQuietHours(0, "Mars/Olympus", { from: "25:00", to: "08:00" });
      } catch (error) {
        return error;
      }
    })();
    expect(isOneCodeError(refusal, "VALIDATION_FAILED")).toBe(true);
  });
});
