import type { PostalAddress } from "../ports/courier.js";
import type { Notification } from "../ports/notifier.js";

/** Someone staff alerts go to (low stock, failed refunds). */
export interface AlertRecipient {
  readonly channel: Notification["channel"];
  /** Phone number, e-mail address or webhook URL. */
  readonly to: string;
}

/**
 * A tenant's order settings (订单设置), set once by an admin; a tenant that
 * never saved them runs on {@link DEFAULT_ORDER_SETTINGS}.
 */
export interface OrderSettings {
  readonly tenantId: string;
  /** Unpaid orders close after this many minutes (default 30). */
  readonly closeUnpaidAfterMinutes: number;
  /** Shipped orders complete by themselves this many days after the last unit left (default 15). */
  readonly completeShippedAfterDays: number;
  /** The sender printed on e-waybills (寄件人), or `null` until configured. */
  readonly sender: PostalAddress | null;
  /** The freight template that prices shipping at checkout, or `null` for free shipping. */
  readonly freightTemplateId: string | null;
  /** Who staff alerts go to (at most 10). */
  readonly alertRecipients: readonly AlertRecipient[];
  /** When an admin last saved them, or `null` for the defaults. */
  readonly updatedAt: string | null;
}

/** The settings of a tenant that never saved any. */
export const DEFAULT_ORDER_SETTINGS: Readonly<Omit<OrderSettings, "tenantId" | "updatedAt">> =
  Object.freeze({
    closeUnpaidAfterMinutes: 30,
    completeShippedAfterDays: 15,
    sender: null,
    freightTemplateId: null,
    alertRecipients: Object.freeze([]),
  });
