import { describe, expect, it } from "vitest";
import {
  dateOfDayNumber,
  dayNumber,
  isKnownTimeZone,
  startOfZonedDay,
  zonedDate,
} from "./zoned-time.js";

const iso = (ms: number) => new Date(ms).toISOString();

describe("zoned calendar days", () => {
  it("starts a Shanghai day at 16:00 UTC of the day before", () => {
    expect(iso(startOfZonedDay("2026-05-01", "Asia/Shanghai"))).toBe("2026-04-30T16:00:00.000Z");
    expect(zonedDate(Date.parse("2026-04-30T15:59:59.999Z"), "Asia/Shanghai")).toBe("2026-04-30");
    expect(zonedDate(Date.parse("2026-04-30T16:00:00.000Z"), "Asia/Shanghai")).toBe("2026-05-01");
  });

  it("starts days at local midnight in zones with half-hour and +14 hour offsets", () => {
    expect(iso(startOfZonedDay("2026-05-01", "Asia/Kolkata"))).toBe("2026-04-30T18:30:00.000Z");
    expect(iso(startOfZonedDay("2026-05-01", "Pacific/Kiritimati"))).toBe(
      "2026-04-30T10:00:00.000Z",
    );
    expect(iso(startOfZonedDay("2026-05-01", "Pacific/Pago_Pago"))).toBe(
      "2026-05-01T11:00:00.000Z",
    );
  });

  it("gives New York a 23-hour day when clocks spring forward and a 25-hour day when they fall back", () => {
    const start = (date: string) => startOfZonedDay(date, "America/New_York");
    expect(iso(start("2026-03-08"))).toBe("2026-03-08T05:00:00.000Z");
    expect(start("2026-03-09") - start("2026-03-08")).toBe(23 * 3_600_000);
    expect(iso(start("2026-11-01"))).toBe("2026-11-01T04:00:00.000Z");
    expect(start("2026-11-02") - start("2026-11-01")).toBe(25 * 3_600_000);
  });

  it("starts a day whose midnight a zone skips at the end of the gap", () => {
    // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September 2024.
    expect(iso(startOfZonedDay("2024-09-08", "America/Santiago"))).toBe("2024-09-08T04:00:00.000Z");
    expect(zonedDate(Date.parse("2024-09-08T03:59:59.999Z"), "America/Santiago")).toBe(
      "2024-09-07",
    );
  });

  it("numbers days from 1970-01-01 and back", () => {
    expect(dayNumber("1970-01-02")).toBe(1);
    expect(dayNumber("2026-05-01")).toBe(20574);
    expect(dateOfDayNumber(20574)).toBe("2026-05-01");
    expect(dateOfDayNumber(dayNumber("2028-02-29") + 1)).toBe("2028-03-01");
  });

  it("knows IANA zones and nothing else", () => {
    expect(isKnownTimeZone("Asia/Shanghai")).toBe(true);
    expect(isKnownTimeZone("UTC")).toBe(true);
    expect(isKnownTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isKnownTimeZone("")).toBe(false);
    expect(isKnownTimeZone(8)).toBe(false);
  });
});
