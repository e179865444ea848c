import type { Notification, NotificationReceipt, Notifier } from "../ports/notifier.js";

/** A notifier that delivers nowhere and remembers what it was asked to send. */
export interface RecordingNotifier extends Notifier {
  /** Every distinct notification accepted, in order (repeats of a key are not duplicated). */
  readonly sent: readonly Notification[];
  /** Makes sends to `to` come back `rejected` with `reason`. */
  rejectRecipient(to: string, reason: string): void;
}

/**
 * A fake notifier for tests and the demo server: records each notification,
 * honours idempotency keys, and can be told to reject recipients.
 */
export function recordingNotifier(): RecordingNotifier {
  const sent: Notification[] = [];
  const receipts = new Map<string, NotificationReceipt>();
  const rejected = new Map<string, string>();
  return {
    sent,
    rejectRecipient(to, reason) {
      rejected.set(to, reason);
    },
    async send(notification) {
      const key = `${notification.tenantId}\u0000${notification.idempotencyKey}`;
      const earlier = receipts.get(key);
      if (earlier) return earlier;
      const reason = rejected.get(notification.to);
      const receipt: NotificationReceipt = reason
        ? { id: `ntf_${receipts.size + 1}`, status: "rejected", reason }
        : { id: `ntf_${receipts.size + 1}`, status: "sent" };
      receipts.set(key, receipt);
      if (!reason) sent.push(structuredClone(notification));
      return receipt;
    },
  };
}
