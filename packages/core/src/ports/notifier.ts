/** A message to send through the notification port. */
export interface Notification {
  readonly tenantId: string;
  readonly channel: "sms" | "email" | "webhook";
  /** Phone number, e-mail address or webhook URL. */
  readonly to: string;
  /** Template name agreed with the provider, e.g. `payment_succeeded`. */
  readonly template: string;
  /** Template parameters; never put secrets here. */
  readonly params: Readonly<Record<string, string>>;
  /** The provider must send at most once per key. */
  readonly idempotencyKey: string;
}

/** Outcome of one send. */
export interface NotificationReceipt {
  /** Provider's message id. */
  readonly id: string;
  readonly status: "sent" | "rejected";
  /** Provider's reason when rejected. */
  readonly reason?: string;
}

/**
 * The notification port (SMS, e-mail, webhooks). Core decides when to notify
 * (quiet hours, merging duplicates); the adapter only delivers.
 *
 * Guarantee: at most one delivery per `idempotencyKey`; a repeated call
 * returns the first receipt.
 */
export interface Notifier {
  send(notification: Notification): Promise<NotificationReceipt>;
}
