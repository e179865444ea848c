import { describe, expect, it } from "vitest";
import { ManualClock } from "../kernel/clock.js";
import { seededRandom } from "../kernel/random.js";
import { codeGenerator } from "./code-generator.js";
import type { CodeSegment } from "./code-rule.js";
import { dateInZone, generationMoment } from "./generation-moment.js";

const segments: CodeSegment[] = [
  { kind: "fixed", text: "AC" },
  { kind: "date" },
  { kind: "sequence", start: 0, end: 99_999, length: 5 },
  { kind: "timestamp" },
  { kind: "random", charset: "digits", length: 20 },
];

describe("code generator", () => {
  it("lays out every segment kind in order", () => {
    const clock = new ManualClock("2026-05-01T20:30:00Z");
    const moment = generationMoment(clock.nowMs(), "Asia/Shanghai");
    expect(moment).toEqual({ timestamp: "1777667400", date: "20260502" });
    const generator = codeGenerator(segments, seededRandom("layout"));
    expect(generator).toMatchObject({ length: 45, hasRandom: true, hasSequence: true });
    const codes = generator.generate(3, moment, 98);
    expect(codes.map((code) => code.slice(0, 25))).toEqual(
      ["AC2026050200098", "AC2026050200099", "AC2026050200100"].map(
        (start) => `${start}1777667400`,
      ),
    );
    for (const code of codes) expect(code).toMatch(/^AC\d{43}$/);
    expect(new Set(codes.map((code) => code.slice(25))).size).toBe(3);
  });

  it("is deterministic for a seeded random source and a manual clock", () => {
    const clock = new ManualClock("2026-05-01T00:00:00Z");
    const run = () => {
      const generator = codeGenerator(
        [{ kind: "random", charset: "mixed", length: 24 }],
        seededRandom("same seed"),
      );
      const moment = generationMoment(clock.nowMs(), "Asia/Shanghai");
      return [...generator.generate(500, moment), ...generator.generate(1, moment)];
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    for (const code of first) expect(code).toMatch(/^[2-9A-HJ-NP-Za-km-z]{24}$/);
  });

  it("writes each code's own sequence value, zero-padded", () => {
    const generator = codeGenerator(
      [
        { kind: "sequence", start: 0, end: 10 ** 12 - 1, length: 12 },
        { kind: "fixed", text: "ZZZZ" },
      ],
      seededRandom("seq"),
    );
    expect(generator.hasRandom).toBe(false);
    const moment = generationMoment(0, "UTC");
    expect(generator.generate(1, moment, 7)).toEqual(["000000000007ZZZZ"]);
    expect(generator.generate(2, moment, 999_999_999_998)).toEqual([
      "999999999998ZZZZ",
      "999999999999ZZZZ",
    ]);
  });

  it("formats dates in the configured time zone", () => {
    const instant = Date.parse("2026-12-31T17:00:00Z");
    expect(dateInZone(instant, "Asia/Shanghai")).toBe("20270101");
    expect(dateInZone(instant, "UTC")).toBe("20261231");
    expect(dateInZone(instant, "America/Los_Angeles")).toBe("20261231");
  });
});
