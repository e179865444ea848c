import { countChanges } from "../kernel/audit/audit-summary.js";
import { OneCodeError } from "../kernel/errors.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import { type BulkSmsInput, checkBulkSms } from "./bulk-sms-check.js";
import { decideNotification, type NotificationTrigger } from "./notification-delivery.js";
import type { NotificationLogEntry } from "./notification-log.js";
import type { NotificationsRuntime } from "./notifications-runtime.js";
import type { NotificationRepositories } from "./ports.js";
import { isInQuietHours, localTimeOfDay, quietHoursEnd } from "./quiet-hours.js";
import { recipientDigest } from "./recipients.js";

/** What `notifications.sendBulkSms` did. Numbers appear masked only. */
export interface BulkSmsResult {
  /** The send's idempotency id (given, or fresh). */
  readonly bulkId: string;
  /** Numbers in the request, duplicates included. */
  readonly requested: number;
  /** Distinct numbers after normalization: what was sent to. */
  readonly unique: number;
  /** `requested - unique`. */
  readonly duplicatesMerged: number;
  /** Numbers the provider accepted. */
  readonly sent: number;
  /** Numbers the provider refused, masked, with its reason. */
  readonly rejected: readonly { readonly number: string; readonly reason: string }[];
}

/** Log entries are written in slices of this many, so a huge send never builds one huge statement. */
const LOG_SLICE = 500;

async function appendLog(
  repositories: NotificationRepositories,
  entries: readonly NotificationLogEntry[],
): Promise<void> {
  for (let start = 0; start < entries.length; start += LOG_SLICE) {
    await repositories.notificationLog.append(entries.slice(start, start + LOG_SLICE));
  }
}

/** Refuses a send inside the tenant's quiet hours with `QUIET_HOURS`, before anything is sent. */
async function refuseInQuietHours(runtime: NotificationsRuntime, tenantId: string): Promise<void> {
  if (runtime.quietHours === null) return;
  const timeZone = await runtime.timeZoneOf(tenantId);
  const now = runtime.ports.clock.nowMs();
  if (!isInQuietHours(now, timeZone, runtime.quietHours)) return;
  const end = quietHoursEnd(now, timeZone, runtime.quietHours);
  const localTime = localTimeOfDay(now, timeZone);
  const { from, to } = runtime.quietHours;
  throw new OneCodeError(
    "QUIET_HOURS",
    `SMS is not sent from ${from} to ${to} local time (${timeZone}, now ${localTime}); nothing was sent or queued`,
    {
      timeZone,
      localTime,
      resumesAt: end === null ? null : new Date(end).toISOString(),
    },
  );
}

/**
 * Sends one SMS template to many numbers (群发短信): checks every number,
 * merges duplicates, refuses the whole send inside quiet hours, then sends
 * each distinct number once (idempotency key `bulk:<bulkId>:<number>`),
 * logs every outcome and audits the counts (never the numbers).
 */
export async function sendBulkSms(
  runtime: NotificationsRuntime,
  ctx: TenantContext,
  input: BulkSmsInput,
): Promise<BulkSmsResult> {
  requireCapability(ctx, "notifications.send");
  const checked = checkBulkSms(input);
  await refuseInQuietHours(runtime, ctx.tenantId);
  const { ports } = runtime;
  const bulkId = checked.bulkId ?? ports.ids.newId("blk");
  const trigger: NotificationTrigger = { type: "bulk_sms", id: bulkId };
  const entries: NotificationLogEntry[] = [];
  try {
    for (const number of checked.numbers) {
      entries.push(
        await decideNotification(
          runtime,
          {
            tenantId: ctx.tenantId,
            channel: "sms",
            to: number,
            template: checked.template,
            params: checked.params,
            idempotencyKey: `bulk:${bulkId}:${recipientDigest(ctx.tenantId, "sms", number)}`,
          },
          trigger,
          false,
        ),
      );
    }
  } catch (error) {
    // What was decided before the notifier failed stays visible; a retry with the same bulkId
    // sends the rest (the notifier answers the numbers done with their first receipts).
    await appendLog(runtime.ports.storage, entries);
    throw error;
  }
  const rejected = entries
    .filter((entry) => entry.outcome === "rejected")
    .map((entry) => ({ number: entry.recipient, reason: entry.reason ?? "rejected" }));
  const result: BulkSmsResult = {
    bulkId,
    requested: checked.requested,
    unique: checked.numbers.length,
    duplicatesMerged: checked.requested - checked.numbers.length,
    sent: entries.length - rejected.length,
    rejected,
  };
  // The log and the audit entry commit together.
  await ports.storage.transaction(async (tx) => {
    await appendLog(tx, entries);
    await runtime.recordAudit(tx, ctx, {
      action: "notifications.bulk_sms.sent",
      target: { type: "bulk_sms", id: bulkId },
      changes: countChanges({
        requested: result.requested,
        unique: result.unique,
        duplicatesMerged: result.duplicatesMerged,
        sent: result.sent,
        rejected: result.rejected.length,
      }),
    });
  });
  return result;
}
