/**
 * Every capability core checks, with what it allows. A staff member holds a
 * capability through a role (see `ROLE_CAPABILITIES`) or a grant, possibly
 * scoped to some records. This object is the one list: the {@link Capability}
 * union, the guides' capability table and the role bundles are checked
 * against it.
 */
export const CAPABILITIES = {
  "catalog.read": "Read merchants and products.",
  "catalog.manage": "Create, change and delete merchants and products.",
  "codes.read":
    "Read code rules, code packages (without their codes), generation progress and print orders.",
  "codes.manage": "Create and change code rules; generate, upload, run and retry code packages.",
  "codes.export":
    "Read the codes of a package: list them, download text and image packages, render QR images and their URLs.",
  "codes.print": "Place print orders for code packages and move them along.",
  "codes.void": "Void or recall codes and restore voided ones.",
  "trace.read":
    "Read trace batches, production lines and tasks, seals, lifecycle and aggregation history, GS1 exports.",
  "trace.manage":
    "Create and change trace batches, production lines and tasks; bind codes to batches.",
  "trace.seal": "Seal trace batches into the tamper-evident ledger and anchor them.",
  "distribution.read": "Read enterprises, stock documents and where a code is held.",
  "distribution.manage": "Create, change and delete enterprises.",
  "staff.manage": "Create, change and remove staff members, their roles and enterprises.",
  "stock.move":
    "Create, scan into and close stock documents; unpack and repack codes. Scoped by the document's responsible enterprise.",
  "inspections.file": "File inspection reports.",
  "inspections.read":
    "Read inspection reports; an `own` scope limits the reader to the reports they filed.",
  "scans.read": "Read scan records, scan counts and scan alerts.",
  "scans.manage": "Change the scan-count alert settings.",
  "statistics.read": "Read code and scan statistics.",
  "settings.read": "Read the tenant settings.",
  "settings.manage": "Change the tenant settings (time zone, currency, ...).",
  "audit.read": "Read the audit log.",
  "outbox.operate": "Inspect, retry and discard parked outbox events.",
  "timers.operate": "Inspect, run and cancel timers.",
  "payments.read":
    "Read payment operations (charges, refunds, transfers, frozen funds) and their outcomes.",
  "payments.record":
    "Record the payment provider's notifications of pending outcomes (the host's webhook).",
  "campaigns.read": "Read campaigns, prizes and draw results.",
  "campaigns.manage": "Create, change, start and stop campaigns and their prizes.",
  "promotions.read": "Read promotions, coupons and members.",
  "promotions.manage": "Create and change promotions, coupons and member rules.",
  "cards.read": "Read cards and their batches.",
  "cards.manage": "Issue cards, change and freeze them.",
  "cards.export": "Download card numbers and their secrets.",
  "cards.redeem": "Redeem cards on behalf of a consumer (at a store).",
  "orders.read": "Read orders, shipments and after-sales requests.",
  "orders.create":
    "Place orders on behalf of customers (back-office orders, card fulfilment orders).",
  "orders.cancel": "Cancel unpaid orders, and accept or reject buyers' cancellation requests.",
  "orders.ship": "Ship orders: create shipments and record tracking.",
  "orders.refund": "Approve refunds and after-sales requests.",
  "orders.change_price": "Change the price of an unpaid order.",
  "orders.verify": "Verify pickup orders at a store (hand the goods over).",
  "orders.settings": "Create, change and delete freight templates.",
  "notifications.read": "Read the notification log (recipients masked).",
  "notifications.send": "Send bulk SMS.",
} as const;

/**
 * A named permission of staff, `<module>.<verb>`, e.g. `codes.export` or
 * `orders.ship`. {@link CAPABILITIES} says what each allows.
 */
export type Capability = keyof typeof CAPABILITIES;

/** Every {@link Capability}, in the order of {@link CAPABILITIES}. */
export const CAPABILITY_NAMES = Object.freeze(Object.keys(CAPABILITIES)) as readonly Capability[];

/** Whether `value` names a {@link Capability}. */
export function isCapability(value: unknown): value is Capability {
  return typeof value === "string" && Object.hasOwn(CAPABILITIES, value);
}
