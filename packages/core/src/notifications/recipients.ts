import type { Notification } from "../ports/notifier.js";
import { sha256Hex } from "../trace/seals/seal-hashes.js";

/** A mainland China mobile number as stored and sent: 11 digits, `1[3-9]` then 9 more. */
export const MOBILE_NUMBER_PATTERN = /^1[3-9]\d{9}$/;

/**
 * A mainland mobile number in its canonical 11-digit form, or `null` when
 * `raw` is not one. Spaces and dashes are ignored, and a `+86` (or `0086`)
 * country prefix is dropped: `+86 138-0013-8000` gives `13800138000`.
 */
export function normalizeMobileNumber(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length > 40) return null;
  let digits = raw.trim().replace(/[\s-]/g, "");
  if (digits.startsWith("+86")) digits = digits.slice(3);
  else if (digits.startsWith("0086")) digits = digits.slice(4);
  return MOBILE_NUMBER_PATTERN.test(digits) ? digits : null;
}

/**
 * A phone number with its middle digits hidden, for lists and logs:
 * `13800138000` gives `138****8000`. The first three and last four
 * characters stay when there are more than eight; shorter numbers keep
 * only their last two.
 */
export function maskPhoneNumber(phone: string): string {
  const chars = [...phone];
  if (chars.length > 8) {
    return `${chars.slice(0, 3).join("")}${"*".repeat(chars.length - 7)}${chars.slice(-4).join("")}`;
  }
  return `${"*".repeat(Math.max(chars.length - 2, 0))}${chars.slice(-2).join("")}`;
}

function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return maskPhoneNumber(address);
  return `${[...address][0]}***${address.slice(at)}`;
}

function maskWebhook(url: string): string {
  try {
    // Paths and queries of webhooks often carry tokens: only the origin is kept.
    return `${new URL(url).origin}/***`;
  } catch {
    return "***";
  }
}

/**
 * How a recipient is shown in the notification log: a phone number with
 * its middle digits masked (`138****8000`), an e-mail address with its
 * local part hidden (`l***@example.com`), a webhook by its origin only
 * (`https://hooks.example/***`). A full phone number is never stored.
 */
export function maskRecipient(channel: Notification["channel"], to: string): string {
  if (channel === "email") return maskEmail(to);
  if (channel === "webhook") return maskWebhook(to);
  return maskPhoneNumber(to);
}

/**
 * The part of an idempotency key that names a recipient: the first 24 hex
 * digits of SHA-256 over the tenant, channel and address, so keys (which
 * the log lists) never carry a phone number.
 */
export function recipientDigest(
  tenantId: string,
  channel: Notification["channel"],
  to: string,
): string {
  return sha256Hex(`${tenantId}\u0000${channel}\u0000${to}`).slice(0, 24);
}
