import type {
  CodeLevel,
  CodePackage,
  CodePackageSource,
  CodePackageStatus,
  CodeRecord,
  CodeRule,
  CodeRuleMode,
  CodeSegment,
  CodeType,
  ErrorCode,
  PackageRules,
  PackagingKeys,
  PackagingRatio,
  PrintFinish,
  PrintOrder,
  PrintOrderStatus,
  PrintQuote,
  PrintRecipient,
  ReservedSequences,
} from "@onecode/core";
import { serialTokenOf } from "@onecode/core/adapter-kit";
import type { Insertable, Selectable } from "kysely";
import {
  type CodePackagesTable,
  type CodeRulesTable,
  type CodesTable,
  countFromColumn,
  type PrintOrdersTable,
} from "../database.js";
import { isoTimestamp } from "./row-mapping.js";

/** `onecode_codes.level` values: a smallint keeps the table narrow. */
const LEVELS: readonly CodeLevel[] = ["item", "outer", "middle", "inner"];

/** The smallint stored for `level`. */
export function levelNumber(level: CodeLevel): number {
  const index = LEVELS.indexOf(level);
  if (index < 0) throw new RangeError(`unknown code level ${String(level)}`);
  return index;
}

/** The level a stored smallint stands for. */
export function levelFromNumber(value: number): CodeLevel {
  const level = LEVELS[value];
  if (level === undefined) throw new RangeError(`unknown stored code level ${value}`);
  return level;
}

function nullableNumber(value: string | bigint | number | null): number | null {
  return value === null ? null : countFromColumn(value);
}

/** The core record of a `onecode_code_rules` row. */
export function codeRuleFromRow(row: Selectable<CodeRulesTable>): CodeRule {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    merchantId: row.merchant_id,
    name: row.name,
    mode: row.mode as CodeRuleMode,
    segments: row.segments as CodeSegment[],
    length: row.length,
    serials: row.serials,
    enabled: row.enabled,
    sequenceNext: nullableNumber(row.sequence_next),
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/**
 * The `onecode_code_rules` row of a core record. The sequence segment's end
 * is copied into `sequence_end`, so a reservation is one conditional update.
 */
export function codeRuleToRow(rule: CodeRule): Insertable<CodeRulesTable> {
  const sequence = rule.segments.find((segment) => segment.kind === "sequence");
  return {
    tenant_id: rule.tenantId,
    id: rule.id,
    merchant_id: rule.merchantId,
    name: rule.name,
    mode: rule.mode,
    segments: JSON.stringify(rule.segments),
    length: rule.length,
    serials: rule.serials,
    enabled: rule.enabled,
    sequence_next: rule.sequenceNext,
    sequence_end: sequence === undefined || rule.sequenceNext === null ? null : sequence.end,
    created_at: rule.createdAt,
    updated_at: rule.updatedAt,
  };
}

function packageRules(row: Selectable<CodePackagesTable>): PackageRules | null {
  if (row.item_rule_id === null) return null;
  return {
    item: row.item_rule_id,
    ...(row.middle_rule_id !== null && { middle: row.middle_rule_id }),
    ...(row.outer_rule_id !== null && { outer: row.outer_rule_id }),
  };
}

/** The core record of a `onecode_code_packages` row. */
export function codePackageFromRow(row: Selectable<CodePackagesTable>): CodePackage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    merchantId: row.merchant_id,
    productId: row.product_id,
    source: row.source as CodePackageSource,
    codeType: row.code_type as CodeType,
    ratio: row.ratio as PackagingRatio | null,
    associated: row.associated,
    rules: packageRules(row),
    quantity: row.quantity,
    total: row.total,
    done: row.done,
    status: row.status as CodePackageStatus,
    failureReason: row.failure_reason,
    failureCode: row.failure_code as ErrorCode | null,
    hasSerials: row.has_serials,
    reservedSequences: row.reserved_sequences as ReservedSequences,
    fileName: row.file_name,
    ...(row.packaging_keys !== null && { packagingKeys: row.packaging_keys as PackagingKeys }),
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
    finishedAt: row.finished_at === null ? null : isoTimestamp(row.finished_at),
  };
}

/** The `onecode_code_packages` row of a core record (JSON columns as text). */
export function codePackageToRow(pkg: CodePackage): Insertable<CodePackagesTable> {
  return {
    tenant_id: pkg.tenantId,
    id: pkg.id,
    merchant_id: pkg.merchantId,
    product_id: pkg.productId,
    source: pkg.source,
    code_type: pkg.codeType,
    ratio: pkg.ratio === null ? null : JSON.stringify(pkg.ratio),
    associated: pkg.associated,
    item_rule_id: pkg.rules?.item ?? null,
    middle_rule_id: pkg.rules?.middle ?? null,
    outer_rule_id: pkg.rules?.outer ?? null,
    quantity: pkg.quantity,
    total: pkg.total,
    done: pkg.done,
    status: pkg.status,
    failure_reason: pkg.failureReason,
    failure_code: pkg.failureCode,
    has_serials: pkg.hasSerials,
    reserved_sequences: JSON.stringify(pkg.reservedSequences),
    file_name: pkg.fileName,
    packaging_keys: pkg.packagingKeys === undefined ? null : JSON.stringify(pkg.packagingKeys),
    serial_token: serialTokenOf(pkg.id),
    created_at: pkg.createdAt,
    updated_at: pkg.updatedAt,
    finished_at: pkg.finishedAt,
  };
}

/** The core record of a `onecode_codes` row. */
export function codeFromRow(row: Selectable<CodesTable>): CodeRecord {
  return {
    tenantId: row.tenant_id,
    code: row.code,
    packageId: row.package_id,
    serial: row.serial,
    level: levelFromNumber(row.level),
    parentSerial: row.parent_serial,
    url: row.url,
  };
}

/** The core record of a `onecode_print_orders` row. */
export function printOrderFromRow(row: Selectable<PrintOrdersTable>): PrintOrder {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    packageIds: row.package_ids,
    finish: row.finish as PrintFinish,
    recipient: row.recipient as unknown as PrintRecipient,
    quote: row.quote as unknown as PrintQuote,
    status: row.status as PrintOrderStatus,
    trackingNumber: row.tracking_number,
    courier: row.courier,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The `onecode_print_orders` row of a core record (JSON columns as text). */
export function printOrderToRow(order: PrintOrder): Insertable<PrintOrdersTable> {
  return {
    tenant_id: order.tenantId,
    id: order.id,
    package_ids: [...order.packageIds],
    finish: order.finish,
    recipient: JSON.stringify(order.recipient),
    quote: JSON.stringify(order.quote),
    status: order.status,
    tracking_number: order.trackingNumber,
    courier: order.courier,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}
