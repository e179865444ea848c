import { describe, expect, it } from "vitest";
import { createOneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { isOneCodeError } from "../kernel/errors.js";
import { tenantContext } from "../kernel/tenant.js";
import { recordingNotifier } from "../memory/recording-notifier.js";
import { recipientDigest } from "./recipients.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const inspector = tenantContext("acme", { id: "ivan", kind: "staff", roles: ["inspector"] });

function setup(start = "2026-05-01T02:00:00.000Z") {
  const clock = new ManualClock(start);
  const notifier = recordingNotifier();
  return { onecode: createOneCode({ clock, notifier }), notifier, clock };
}

async function refusal(run: Promise<unknown>): Promise<unknown> {
  try {
    await run;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

describe("bulk SMS (群发短信)", () => {
  it("sends each distinct number once, reports refusals masked, logs and audits counts only", async () => {
    const { onecode, notifier } = setup();
    notifier.rejectRecipient("13700137000", "unsubscribed");
    const result = await onecode.notifications.sendBulkSms(admin, {
      numbers: ["13800138000", "+86 139-0013-9000", "138 0013 8000", "13700137000"],
      template: "spring_sale",
      params: { discount: "20%" },
      bulkId: "campaign-7",
    });
    expect(result).toEqual({
      bulkId: "campaign-7",
      requested: 4,
      unique: 3,
      duplicatesMerged: 1,
      sent: 2,
      rejected: [{ number: "137****7000", reason: "unsubscribed" }],
    });
    expect(notifier.sent.map((sent) => [sent.to, sent.idempotencyKey, sent.params])).toEqual([
      [
        "13800138000",
        `bulk:campaign-7:${recipientDigest("acme", "sms", "13800138000")}`,
        { discount: "20%" },
      ],
      [
        "13900139000",
        `bulk:campaign-7:${recipientDigest("acme", "sms", "13900139000")}`,
        { discount: "20%" },
      ],
    ]);
    const log = await onecode.notifications.list(admin, { trigger: "bulk_sms" });
    expect(log.items.map((entry) => [entry.recipient, entry.outcome])).toEqual([
      ["137****7000", "rejected"],
      ["139****9000", "sent"],
      ["138****8000", "sent"],
    ]);
    const audit = await onecode.audit.list(admin, { action: "notifications.bulk_sms.sent" });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]?.target).toEqual({ type: "bulk_sms", id: "campaign-7" });
    expect(audit.items[0]?.changes).toEqual({
      requested: { after: 4 },
      unique: { after: 3 },
      duplicatesMerged: { after: 1 },
      sent: { after: 2 },
      rejected: { after: 1 },
    });
    expect(JSON.stringify([audit.items, log.items])).not.toMatch(/1380013|1390013|1370013/);
    // The same bulkId again sends nothing new and logs nothing twice.
    await onecode.notifications.sendBulkSms(admin, {
      numbers: ["13800138000"],
      template: "spring_sale",
      bulkId: "campaign-7",
    });
    expect(notifier.sent).toHaveLength(2);
    expect((await onecode.notifications.list(admin)).items).toHaveLength(3);
  });

  it("refuses the whole send inside quiet hours, saying when they end; nothing is sent", async () => {
    const { onecode, notifier } = setup("2026-05-01T15:30:00.000Z"); // 23:30 in Shanghai
    const error = await refusal(
      onecode.notifications.sendBulkSms(admin, { numbers: ["13800138000"], template: "sale" }),
    );
    if (!isOneCodeError(error, "QUIET_HOURS")) throw error;
    expect(error.details).toEqual({
      timeZone: "Asia/Shanghai",
      localTime: "23:30",
      resumesAt: "2026-05-02T00:00:00.000Z",
    });
    expect(notifier.sent).toEqual([]);
    expect((await onecode.notifications.list(admin)).items).toEqual([]);
  });

  it("checks input before quiet hours, and needs notifications.send / notifications.read", async () => {
    const { onecode } = setup();
    const invalid = await refusal(
      onecode.notifications.sendBulkSms(admin, { numbers: ["123"], template: "sale" }),
    );
    expect(isOneCodeError(invalid, "VALIDATION_FAILED") && invalid.details.issues).toEqual([
      expect.objectContaining({ field: "numbers.0", rule: "mobile_number" }),
    ]);
    const forbidden = await refusal(
      onecode.notifications.sendBulkSms(inspector, { numbers: ["13800138000"], template: "x" }),
    );
    expect(isOneCodeError(forbidden, "FORBIDDEN") && forbidden.details.capability).toBe(
      "notifications.send",
    );
    const unreadable = await refusal(onecode.notifications.list(inspector));
    expect(isOneCodeError(unreadable, "FORBIDDEN")).toBe(true);
  });

  it("lists the log in pages with filters, refusing bad ones all at once", async () => {
    const { onecode, clock } = setup();
    for (const bulkId of ["a", "b", "c"]) {
      await onecode.notifications.sendBulkSms(admin, {
        numbers: ["13800138000"],
        template: "sale",
        bulkId,
      });
      clock.advance(1000);
    }
    const first = await onecode.as(admin).notifications.list({ channel: "sms" }, { limit: 2 });
    expect(first.items.map((entry) => entry.triggerId)).toEqual(["c", "b"]);
    const next = await onecode.notifications.list(
      admin,
      {},
      { limit: 2, cursor: first.nextCursor },
    );
    expect(next.items.map((entry) => entry.triggerId)).toEqual(["a"]);
    const period = await onecode.notifications.list(admin, {
      from: "2026-05-01T10:00:01+08:00",
      to: "2026-05-01T02:00:02Z",
    });
    expect(period.items.map((entry) => entry.triggerId)).toEqual(["b"]);
    const invalid = await refusal(
      onecode.notifications.list(admin, { outcome: "lost", channel: "fax", from: "yesterday" }),
    );
    expect(
      isOneCodeError(invalid, "VALIDATION_FAILED") &&
        invalid.details.issues.map((issue) => issue.field),
    ).toEqual(["outcome", "channel", "from"]);
  });
});
