import { CSV_LINE_END, csvLine } from "../codes/csv-format.js";
import { spreadsheetText, UTF8_BOM } from "../orders/views/orders-csv.js";
import type { Draw } from "./draw.js";

/** Columns of the winners export, in order. There is deliberately no CDK key column. */
export const WINNERS_CSV_COLUMNS = [
  "draw_id",
  "drawn_at",
  "campaign_id",
  "account_id",
  "slot",
  "prize",
  "prize_kind",
  "prize_state",
  "claimed_at",
  "recipient_name",
  "recipient_phone",
  "recipient_address",
  "shipping_status",
  "courier",
  "tracking_number",
] as const;

/** The first chunk of the export: the BOM Excel needs for UTF-8, then the header line. */
export const WINNERS_CSV_HEADER = `${UTF8_BOM}${WINNERS_CSV_COLUMNS.join(",")}${CSV_LINE_END}`;

/**
 * One winner as a CSV line with its line ending. Text typed by people
 * (prize names, recipients, tracking numbers) is guarded against running as
 * a spreadsheet formula. The CDK key handed out is never written.
 */
export function winnerCsvLine(draw: Draw): string {
  const text = (value: string | null) => spreadsheetText(value ?? "");
  return `${csvLine([
    draw.id,
    draw.drawnAt,
    draw.campaignId,
    text(draw.accountId),
    draw.slot === null ? "" : String(draw.slot),
    text(draw.prizeName),
    draw.prizeKind ?? "",
    draw.prizeState ?? "",
    draw.claimedAt ?? "",
    text(draw.recipient?.name ?? null),
    text(draw.recipient?.phone ?? null),
    text(draw.recipient?.address ?? null),
    draw.shipping?.status ?? "",
    text(draw.shipping?.courier ?? null),
    text(draw.shipping?.trackingNumber ?? null),
  ])}${CSV_LINE_END}`;
}
