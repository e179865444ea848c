import type { Merchant } from "../src/catalog/merchant.js";
import type { Product } from "../src/catalog/product.js";
import type { CodePackage, CodeRecord } from "../src/codes/code-package.js";
import type { CodeRule } from "../src/codes/code-rule.js";
import type { PrintOrder } from "../src/codes/print-order.js";
import { systemClock } from "../src/kernel/clock.js";
import { sortableIds } from "../src/kernel/ids.js";
import { cryptoRandom } from "../src/kernel/random.js";
import type { Storage } from "../src/ports/storage.js";
import type { TraceBatch } from "../src/trace/batches/trace-batch.js";
import type { ProductionLine, ProductionTask } from "../src/trace/production/production.js";
import type { LedgerEntry } from "../src/trace/seals/ledger.js";
import { entryHashOf, GENESIS_HASH } from "../src/trace/seals/seal-hashes.js";

const ids = sortableIds(systemClock, cryptoRandom);

/** A fresh tenant id, so suites never see each other's rows even on a shared database. */
export function freshTenantId(): string {
  return `t${Buffer.from(cryptoRandom.fill(new Uint8Array(8))).toString("hex")}`;
}

/** A fresh sortable id; later calls sort after earlier ones. */
export function freshId(prefix: string): string {
  return ids.newId(prefix);
}

const AT = "2026-01-01T00:00:00.000Z";

/** A complete merchant record for repository-level tests. */
export function merchantRecord(tenantId: string, overrides: Partial<Merchant> = {}): Merchant {
  return {
    id: freshId("mch"),
    tenantId,
    name: "示例商户 Example",
    remark: "",
    codeSource: "platform",
    urlPrefixes: ["https://t.example.com/c/"],
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A complete product record for repository-level tests. */
export function productRecord(
  tenantId: string,
  merchantId: string,
  overrides: Partial<Product> = {},
): Product {
  return {
    id: freshId("prd"),
    tenantId,
    merchantId,
    name: "龙井 Longjing 250g",
    images: [],
    specification: "250g/box",
    description: "",
    gtin: null,
    boundCodeCount: 0,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/**
 * A complete custom code rule: fixed `AC`, a sequence 1-999,999 of 6 digits
 * and 16 mixed random characters.
 */
export function codeRuleRecord(
  tenantId: string,
  merchantId: string,
  overrides: Partial<CodeRule> = {},
): CodeRule {
  return {
    id: freshId("rule"),
    tenantId,
    merchantId,
    name: "规则 Rule",
    mode: "custom",
    segments: [
      { kind: "fixed", text: "AC" },
      { kind: "sequence", start: 1, end: 999_999, length: 6 },
      { kind: "random", charset: "mixed", length: 16 },
    ],
    length: 24,
    serials: true,
    enabled: true,
    sequenceNext: 1,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/**
 * A complete package record: a queued generated `single` package of 100
 * codes using `ruleId`, or (when `ruleId` is `null`) a `validating` upload.
 */
export function codePackageRecord(
  tenantId: string,
  merchantId: string,
  ruleId: string | null,
  overrides: Partial<CodePackage> = {},
): CodePackage {
  const generated = ruleId !== null;
  return {
    id: freshId("pkg"),
    tenantId,
    merchantId,
    productId: null,
    source: generated ? "generated" : "uploaded",
    codeType: "single",
    ratio: null,
    associated: false,
    rules: generated ? { item: ruleId } : null,
    quantity: generated ? 100 : 0,
    total: generated ? 100 : 0,
    done: 0,
    status: generated ? "queued" : "validating",
    failureReason: null,
    failureCode: null,
    hasSerials: generated,
    reservedSequences: {},
    fileName: generated ? null : "codes.csv",
    createdAt: AT,
    updatedAt: AT,
    finishedAt: null,
    ...overrides,
  };
}

/** `count` item rows of a package from `fromSerial`; codes default to `<prefix><serial>`. */
export function codeRows(
  pkg: Pick<CodePackage, "tenantId" | "id">,
  fromSerial: number,
  count: number,
  codeOf: (serial: number) => string = (serial) => `C${pkg.id.slice(-8)}-${serial}`,
): CodeRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    tenantId: pkg.tenantId,
    code: codeOf(fromSerial + index),
    packageId: pkg.id,
    serial: fromSerial + index,
    level: "item",
    parentSerial: null,
    url: null,
  }));
}

/** A complete pending print order of the given packages. */
export function printOrderRecord(
  tenantId: string,
  packageIds: readonly string[],
  overrides: Partial<PrintOrder> = {},
): PrintOrder {
  const cny = (amount: number) => ({ amount, currency: "CNY" });
  return {
    id: freshId("print"),
    tenantId,
    packageIds,
    finish: "scratch",
    recipient: { name: "王伟", phone: "+86 138-0013-8000", address: '杭州市西湖区 "1" 号' },
    quote: {
      packagingCodes: 10,
      itemCodes: 100,
      packagingPrice: cny(120),
      itemPrice: cny(300_000),
      itemTier: { from: 0, below: 30_000, flat: 300_000 },
      total: cny(300_120),
    },
    status: "pending",
    trackingNumber: null,
    courier: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A complete inactive, unsealed trace batch (version 1) of the product, without codes. */
export function traceBatchRecord(
  tenantId: string,
  product: Pick<Product, "id" | "merchantId">,
  overrides: Partial<TraceBatch> = {},
): TraceBatch {
  const id = freshId("batch");
  return {
    id,
    tenantId,
    batchNumber: `B-${id.slice(-10)}`,
    merchantId: product.merchantId,
    productId: product.id,
    productionDate: "2026-04-01",
    shelfLifeDays: 365,
    expiryDate: "2027-04-01",
    remark: "第一批 first",
    customFields: [
      { title: "产地", type: "text", content: "杭州 Hangzhou", showOnScan: true },
      {
        title: "证书",
        type: "image",
        content: "https://img.example.com/cert.png",
        showOnScan: false,
      },
    ],
    template: {
      kind: "basic",
      headerImage: null,
      brandVideo: null,
      showScanHistory: true,
      showAuthenticityCheck: true,
    },
    countAlert: null,
    status: "inactive",
    activatedAt: null,
    codeCount: 0,
    seal: null,
    sealedProduct: null,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A complete production line record. */
export function productionLineRecord(
  tenantId: string,
  overrides: Partial<ProductionLine> = {},
): ProductionLine {
  return {
    id: freshId("line"),
    tenantId,
    name: "一号线 Line 1",
    lineCode: "L-01",
    workshop: "车间 A",
    factory: "西湖工厂",
    customFields: [],
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A complete draft production task of the batch on the line. */
export function productionTaskRecord(
  tenantId: string,
  batchId: string,
  lineId: string,
  overrides: Partial<ProductionTask> = {},
): ProductionTask {
  return {
    id: freshId("task"),
    tenantId,
    name: "杀青 Fixing",
    batchId,
    lineId,
    personInCharge: "李师傅",
    executedAt: "2026-04-01T02:30:00.000Z",
    customFields: [{ title: "温度", type: "text", content: "280℃", showOnScan: true }],
    status: "draft",
    line: null,
    seal: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/**
 * A ledger entry chained onto `previous` (`null`: the first entry), with a
 * correct hash over its final fields unless `overrides.hash` is given.
 */
export function ledgerEntryRecord(
  tenantId: string,
  previous: Pick<LedgerEntry, "sequence" | "hash"> | null,
  overrides: Partial<LedgerEntry> = {},
): LedgerEntry {
  const fields = {
    tenantId,
    sequence: (previous?.sequence ?? 0) + 1,
    subjectKind: "batch" as const,
    subjectId: freshId("batch"),
    contentHash: "ab".repeat(32),
    previousHash: previous?.hash ?? GENESIS_HASH,
    recordedAt: AT,
    anchorId: null,
    anchoredAt: null,
    ...overrides,
  };
  return { ...fields, hash: overrides.hash ?? entryHashOf(fields) };
}

/** Waits `ms` milliseconds of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Stores a merchant and a code rule of it in a fresh tenant; resolves with all three. */
export async function insertMerchantAndRule(storage: Storage) {
  const tenant = freshTenantId();
  const merchant = merchantRecord(tenant);
  await storage.merchants.insert(merchant);
  const rule = codeRuleRecord(tenant, merchant.id);
  await storage.codeRules.insert(rule);
  return { tenant, merchant, rule };
}
