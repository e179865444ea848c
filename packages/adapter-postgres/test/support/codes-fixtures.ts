import { randomBytes } from "node:crypto";
import type { CodeChunk, CodePackage, CodeRecord, CodeRule, PrintOrder } from "@onecode/core";
import { freshId } from "@onecode/core/testing";

const AT = "2026-01-01T00:00:00.000Z";
const MIXED = "23456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";

/** A random 24-character code of the mixed alphabet. */
export function randomCode(): string {
  const bytes = randomBytes(24);
  let code = "";
  for (const byte of bytes) code += MIXED[byte % MIXED.length];
  return code;
}

/** A quick rule (one random segment) of `merchantId`. */
export function ruleRecord(
  tenantId: string,
  merchantId: string,
  overrides: Partial<CodeRule> = {},
): CodeRule {
  return {
    id: freshId("rul"),
    tenantId,
    merchantId,
    name: "Quick mixed 24",
    mode: "quick",
    segments: [{ kind: "random", charset: "mixed", length: 24 }],
    length: 24,
    serials: true,
    enabled: true,
    sequenceNext: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A custom rule with a sequence segment `start..end`, 6 digits wide. */
export function sequenceRuleRecord(
  tenantId: string,
  merchantId: string,
  start: number,
  end: number,
): CodeRule {
  return ruleRecord(tenantId, merchantId, {
    mode: "custom",
    name: "Sequenced",
    segments: [
      { kind: "fixed", text: "OC" },
      { kind: "sequence", start, end, length: 6 },
      { kind: "random", charset: "mixed", length: 16 },
    ],
    sequenceNext: start,
  });
}

/** A generated single-level package of `total` codes, `running` unless overridden. */
export function packageRecord(
  tenantId: string,
  merchantId: string,
  ruleId: string,
  overrides: Partial<CodePackage> = {},
): CodePackage {
  return {
    id: freshId("pkg"),
    tenantId,
    merchantId,
    productId: null,
    source: "generated",
    codeType: "single",
    ratio: null,
    associated: false,
    rules: { item: ruleId },
    quantity: 100,
    total: 100,
    done: 0,
    status: "running",
    failureReason: null,
    failureCode: null,
    hasSerials: true,
    reservedSequences: {},
    fileName: null,
    createdAt: AT,
    updatedAt: AT,
    finishedAt: null,
    ...overrides,
  };
}

/** An uploaded package awaiting its staged codes. */
export function uploadRecord(tenantId: string, merchantId: string): CodePackage {
  return packageRecord(tenantId, merchantId, "", {
    source: "uploaded",
    rules: null,
    status: "validating",
    quantity: 0,
    total: 0,
    hasSerials: false,
    fileName: "codes.csv",
  });
}

/** `count` item rows of `pkg` from serial `from`, with random codes unless given. */
export function codeRows(
  pkg: CodePackage,
  from: number,
  count: number,
  codes?: readonly string[],
): CodeRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    tenantId: pkg.tenantId,
    code: codes?.[i] ?? randomCode(),
    packageId: pkg.id,
    serial: from + i,
    level: "item" as const,
    parentSerial: null,
    url: null,
  }));
}

/** A chunk of `rows` starting at the first row's serial. */
export function chunkOf(rows: readonly CodeRecord[], updatedAt = AT): CodeChunk {
  return { fromSerial: rows[0]?.serial ?? 1, rows, updatedAt };
}

/** A pending print order of `packageIds`. */
export function printOrderRecord(tenantId: string, packageIds: readonly string[]): PrintOrder {
  return {
    id: freshId("pro"),
    tenantId,
    packageIds,
    finish: "scratch",
    recipient: { name: "张三", phone: "13800000000", address: "杭州市西湖区 1 号" },
    quote: {
      packagingCodes: 0,
      itemCodes: 100,
      packagingPrice: { amount: 0, currency: "CNY" },
      itemPrice: { amount: 300_000, currency: "CNY" },
      itemTier: { from: 0, below: 30_000, flat: 300_000 },
      total: { amount: 300_000, currency: "CNY" },
    },
    status: "pending",
    trackingNumber: null,
    courier: null,
    createdAt: AT,
    updatedAt: AT,
  };
}
