import { createOneCode, ManualClock } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { createTestApp } from "./support/test-app.js";

/** 10:00 in Shanghai, the default tenant time zone. */
const DAYTIME = "2026-05-01T02:00:00.000Z";

function appAt(time: string) {
  const clock = new ManualClock(time);
  return { app: createTestApp({ onecode: createOneCode({ clock }) }), clock };
}

describe("notification routes", () => {
  it("sends a bulk SMS, merging duplicates, and lists the log with masked numbers", async () => {
    const { app } = appAt(DAYTIME);
    const sent = await app.call("POST", "/v1/notifications/bulk-sms", {
      body: {
        numbers: ["13800138000", "+86 138-0013-8000", "13900139000"],
        template: "spring_sale",
        params: { discount: "20%" },
        bulkId: "spring-1",
      },
    });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({
      bulkId: "spring-1",
      requested: 3,
      unique: 2,
      duplicatesMerged: 1,
      sent: 2,
      rejected: [],
    });
    const log = await app.call("GET", "/v1/notifications?trigger=bulk_sms&channel=sms&limit=1");
    expect(log.status).toBe(200);
    expect(log.json.items).toEqual([
      expect.objectContaining({
        recipient: "139****9000",
        outcome: "sent",
        template: "spring_sale",
        triggerId: "spring-1",
      }),
    ]);
    expect(log.json.nextCursor).toEqual(expect.any(String));
    expect(JSON.stringify(log.json)).not.toContain("13900139000");
  });

  it("answers 400 naming each bad number, and more than 10,000 numbers by the rule", async () => {
    const { app } = appAt(DAYTIME);
    const invalid = await app.call("POST", "/v1/notifications/bulk-sms", {
      body: { numbers: ["13800138000", "12345", "abc"], template: "sale" },
    });
    expect(invalid.status).toBe(400);
    expect(
      invalid.json.errors.map((error: { field: string; rule: string }) => [
        error.field,
        error.rule,
      ]),
    ).toEqual([
      ["numbers.1", "mobile_number"],
      ["numbers.2", "mobile_number"],
    ]);
    const tooMany = await app.call("POST", "/v1/notifications/bulk-sms", {
      body: { numbers: Array.from({ length: 10_001 }, () => "13800138000"), template: "sale" },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors).toEqual([
      expect.objectContaining({ field: "numbers", rule: "max_items" }),
    ]);
    const badFilter = await app.call("GET", "/v1/notifications?outcome=lost&from=yesterday");
    expect(badFilter.status).toBe(400);
  });

  it("answers 409 QUIET_HOURS at night, and 403 to staff without the capabilities", async () => {
    const { app } = appAt("2026-05-01T16:30:00.000Z"); // 00:30 in Shanghai
    const quiet = await app.call("POST", "/v1/notifications/bulk-sms", {
      body: { numbers: ["13800138000"], template: "sale" },
    });
    expect(quiet.status).toBe(409);
    expect(quiet.json).toMatchObject({
      code: "QUIET_HOURS",
      details: {
        timeZone: "Asia/Shanghai",
        localTime: "00:30",
        resumesAt: "2026-05-02T00:00:00.000Z",
      },
    });
    for (const [method, path] of [
      ["GET", "/v1/notifications"],
      ["POST", "/v1/notifications/bulk-sms"],
    ] as const) {
      const forbidden = await app.call(method, path, {
        token: "acme-inspector",
        ...(method === "POST" && { body: { numbers: ["13800138000"], template: "sale" } }),
      });
      expect(forbidden.status).toBe(403);
    }
  });
});
