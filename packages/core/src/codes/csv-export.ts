import { invalidField, OneCodeError } from "../kernel/errors.js";
import { InputCheck } from "../kernel/input-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { CodeLevel, CodePackage, CodeRecord } from "./code-package.js";
import type { PrintUrlForm } from "./code-services.js";
import { type CodesRuntime, requirePackage } from "./codes-runtime.js";
import { CODE_CSV_HEADER, CSV_LINE_END, csvLine } from "./csv-format.js";

/** Rows read from storage per page of an export. */
export const EXPORT_PAGE_SIZE = 10_000;

/** The levels, for validation and schemas. */
export const CODE_LEVELS: readonly CodeLevel[] = ["item", "outer", "middle", "inner"];

/** `PACKAGE_NOT_READY` unless the package is in one of `allowed`. */
export function requireReady(
  pkg: CodePackage,
  allowed: readonly CodePackage["status"][] = ["succeeded"],
): void {
  if (!allowed.includes(pkg.status)) {
    throw new OneCodeError(
      "PACKAGE_NOT_READY",
      `code package ${pkg.id} is ${pkg.status}; this needs it ${allowed.join(" or ")}`,
      { id: pkg.id, status: pkg.status },
    );
  }
}

/** Checks an optional level filter. */
export function checkLevel(level: unknown): CodeLevel | undefined {
  if (level === undefined) return undefined;
  const check = new InputCheck();
  const checked = check.oneOf("level", level, CODE_LEVELS);
  check.done();
  return checked;
}

/** The print URL forms, for validation and schemas. */
export const PRINT_URL_FORMS: readonly PrintUrlForm[] = ["code_url", "digital_link"];

/**
 * How print files name a package's codes: `prefix + code` (or the uploaded
 * URL), or the package's Digital Links. `VALIDATION_FAILED` on `url` for an
 * unknown form, or (rule `gs1_key_required`) when no level of the package
 * has a GS1 key.
 */
export async function printUrls(
  runtime: CodesRuntime,
  tenantId: string,
  packageId: string,
  form: unknown,
  prefix: () => Promise<string>,
): Promise<(record: CodeRecord) => string> {
  const check = new InputCheck();
  const checked = form === undefined ? "code_url" : check.oneOf("url", form, PRINT_URL_FORMS);
  check.done();
  if (checked === "code_url") {
    const base = await prefix();
    return (record) => urlOf(record, base);
  }
  const links = await runtime.digitalLinks?.(tenantId, packageId);
  if (!links) {
    throw invalidField(
      "url",
      "gs1_key_required",
      `code package ${packageId} has no GS1 key to print as a Digital Link: give its product a GTIN`,
    );
  }
  return links;
}

/** The URL in a code's QR: its uploaded URL, or `prefix + code`. */
export function urlOf(record: CodeRecord, prefix: string): string {
  return record.url ?? `${prefix}${record.code}`;
}

/**
 * The text package of a succeeded package as CSV: the header, then one
 * string per page of up to {@link EXPORT_PAGE_SIZE} lines. Parent codes are
 * resolved from a map of the current outer unit's packaging codes (parents
 * precede their children within a unit), so memory stays flat and there is
 * no query per row. With a level filter on an associated package, every
 * row is read (parents are needed) and only that level is written.
 */
export async function* exportPackageCsv(
  runtime: CodesRuntime,
  ctx: TenantContext,
  id: string,
  options: { level?: CodeLevel; url?: PrintUrlForm } = {},
): AsyncGenerator<string, void, undefined> {
  const level = checkLevel(options.level);
  const { storage } = runtime.ports;
  const pkg = await requirePackage(runtime, ctx.tenantId, id);
  requireReady(pkg);
  const urlOfRow = await printUrls(runtime, ctx.tenantId, id, options.url, async () => {
    const merchant = await storage.merchants.get(ctx.tenantId, pkg.merchantId);
    return merchant?.urlPrefixes[0] ?? "";
  });
  const queryLevel = pkg.associated ? undefined : level;
  const parents = new Map<number, string>();
  yield `${CODE_CSV_HEADER}${CSV_LINE_END}`;
  let afterSerial = 0;
  for (;;) {
    const rows = await storage.codePackages.listCodes(ctx.tenantId, id, {
      afterSerial,
      limit: EXPORT_PAGE_SIZE,
      ...(queryLevel !== undefined && { level: queryLevel }),
    });
    if (rows.length === 0) return;
    let page = "";
    for (const row of rows) {
      if (row.level === "outer") parents.clear();
      if (row.level === "outer" || row.level === "middle") parents.set(row.serial, row.code);
      if (level !== undefined && row.level !== level) continue;
      const parent = row.parentSerial === null ? "" : (parents.get(row.parentSerial) ?? "");
      const serial = pkg.hasSerials ? String(row.serial) : "";
      page += csvLine([serial, row.level, row.code, urlOfRow(row), parent]) + CSV_LINE_END;
    }
    if (page) yield page;
    afterSerial = (rows[rows.length - 1] as CodeRecord).serial;
    if (rows.length < EXPORT_PAGE_SIZE) return;
  }
}
