import { CSV_LINE_END, csvLine } from "../../codes/csv-format.js";
import type { Order } from "../order.js";

/** Columns of the order export, in order. */
export const ORDER_CSV_COLUMNS = [
  "order_number",
  "state",
  "logistics_state",
  "created_at",
  "paid_at",
  "shipped_at",
  "customer_id",
  "channel",
  "delivery_method",
  "ship_on",
  "recipient",
  "phone",
  "region_code",
  "address",
  "items",
  "units",
  "goods_total",
  "discounts",
  "shipping",
  "total",
  "refunded",
  "couriers",
  "tracking_numbers",
  "buyer_note",
] as const;

/** The byte order mark Excel needs to read the file as UTF-8. */
export const UTF8_BOM = "\uFEFF";

/**
 * A cell a spreadsheet shows as text: a value starting with `=`, `+`, `-`,
 * `@`, tab or carriage return would run as a formula in Excel, so it gets a
 * leading apostrophe (buyer-typed names and notes must never execute).
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Minor units as a decimal with two places, e.g. `12345` → `123.45`. */
export function decimalAmount(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** One order as a CSV line (with its line ending). */
export function orderCsvLine(order: Order): string {
  const { delivery } = order;
  const discounts = order.lines.reduce(
    (sum, line) => sum + line.unitPrice.amount * line.quantity - line.amount.amount,
    0,
  );
  const fields = [
    order.number,
    order.state,
    order.logisticsState,
    order.createdAt,
    order.paidAt ?? "",
    order.shippedAt ?? "",
    spreadsheetText(order.customerId),
    order.channel,
    delivery.method,
    delivery.shipOn ?? "",
    spreadsheetText(delivery.address.name),
    spreadsheetText(delivery.address.phone),
    delivery.address.regionCode,
    spreadsheetText(delivery.address.line),
    spreadsheetText(
      order.lines.map((line) => `${line.title} ${line.skuCode} ×${line.quantity}`).join("; "),
    ),
    String(order.lines.reduce((sum, line) => sum + line.quantity, 0)),
    decimalAmount(order.goodsTotal.amount),
    decimalAmount(discounts),
    decimalAmount(order.shipping.amount),
    decimalAmount(order.total.amount),
    decimalAmount(order.refundedTotal.amount),
    [...new Set(order.shipments.map((shipment) => shipment.courier))].join(" "),
    order.shipments.map((shipment) => spreadsheetText(shipment.trackingNumber)).join(" "),
    spreadsheetText(order.buyerNote ?? ""),
  ];
  return `${csvLine(fields)}${CSV_LINE_END}`;
}

/** The header line (after the BOM) of the order export. */
export const ORDER_CSV_HEADER = `${UTF8_BOM}${ORDER_CSV_COLUMNS.join(",")}${CSV_LINE_END}`;

/**
 * Streams the orders of `pages` as an Excel-compatible CSV (UTF-8 with BOM,
 * CRLF, RFC 4180 quoting), one page at a time: memory stays flat however
 * many orders match.
 */
export async function* ordersCsv(
  pages: AsyncIterable<readonly Order[]>,
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(ORDER_CSV_HEADER);
  for await (const page of pages) {
    if (page.length > 0) yield encoder.encode(page.map(orderCsvLine).join(""));
  }
}
