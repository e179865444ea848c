import type { CodePackage, CodeRecord } from "../src/codes/code-package.js";
import type { Storage } from "../src/ports/storage.js";
import type {
  Enterprise,
  InspectionReport,
  StaffMember,
  StockDocument,
  StockDocumentItem,
} from "../src/trace/distribution/distribution.js";
import type { DiversionAlert, ScanRecord } from "../src/trace/scans/scan.js";
import type { ScanCountAlert, ScanCountAlertKind } from "../src/trace/scans/scan-count-alert.js";
import {
  codePackageRecord,
  codeRows,
  codeRuleRecord,
  freshId,
  merchantRecord,
} from "./fixtures.js";

const AT = "2026-01-01T00:00:00.000Z";

/** A complete root enterprise record (pass `parentId` for a child; storage derives `ancestorIds`). */
export function enterpriseRecord(
  tenantId: string,
  overrides: Partial<Enterprise> = {},
): Enterprise {
  return {
    id: freshId("ent"),
    tenantId,
    parentId: null,
    ancestorIds: [],
    name: "广东经销商 Distributor",
    address: "广州市天河区",
    salesRegion: "CN-GD",
    socialCreditCode: "91350100M000100Y43",
    gln: "6901234000016",
    customFields: [{ title: "电话", type: "text", content: "020-1234", showOnScan: false }],
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A complete staff member record. */
export function staffRecord(tenantId: string, overrides: Partial<StaffMember> = {}): StaffMember {
  return {
    id: freshId("stf"),
    tenantId,
    loginName: `op_${freshId("op").slice(-10)}`,
    displayName: "王小明",
    roles: ["stock_operator"],
    enterpriseIds: [],
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A complete open stock document from `from` to `to` (sale + purchase by default). */
export function stockDocumentRecord(
  tenantId: string,
  from: string | null,
  to: string | null,
  overrides: Partial<StockDocument> = {},
): StockDocument {
  return {
    id: freshId("sdoc"),
    tenantId,
    number: "SD20260101-ABC123",
    outboundType: from === null ? null : "sale",
    inboundType: to === null ? null : "purchase",
    fromEnterpriseId: from,
    toEnterpriseId: to,
    consumerVisible: true,
    customFields: [],
    status: "open",
    codeCount: 0,
    createdBy: "staff-1",
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A scan of the serial range `[fromSerial, toSerial]` of a package into a document. */
export function stockItem(
  document: Pick<StockDocument, "tenantId" | "id">,
  packageId: string,
  fromSerial: number,
  toSerial: number,
  overrides: Partial<StockDocumentItem> = {},
): StockDocumentItem {
  return {
    tenantId: document.tenantId,
    documentId: document.id,
    range: { packageId, fromSerial, toSerial },
    code: `C-${fromSerial}`,
    scannedBy: "staff-1",
    scannedAt: AT,
    ...overrides,
  };
}

/** A consumer scan record of `code`. */
export function scanRecord(
  tenantId: string,
  code: string,
  overrides: Partial<ScanRecord> = {},
): ScanRecord {
  return {
    id: freshId("scan"),
    tenantId,
    code,
    scannedAt: AT,
    region: "CN-GD",
    visitorId: "visitor-1",
    declaredVisitorId: "cookie-1",
    userId: null,
    verdict: "genuine",
    batchId: "tb_fixture",
    productId: "prd_fixture",
    ...overrides,
  };
}

/** A diversion alert of `code` scanned in `scanRegion`, held by `enterpriseId`. */
export function alertRecord(
  tenantId: string,
  code: string,
  enterpriseId: string,
  scanId: string,
  overrides: Partial<DiversionAlert> = {},
): DiversionAlert {
  return {
    id: freshId("alert"),
    tenantId,
    code,
    scanRegion: "CN-BJ",
    expectedRegion: "CN-GD",
    enterpriseId,
    scanId,
    detectedAt: AT,
    ...overrides,
  };
}

/** A count alert of `code`, of `kind`, raised by the scan `scanId` of a code of `batchId`. */
export function countAlertRecord(
  tenantId: string,
  code: string,
  kind: ScanCountAlertKind,
  overrides: Partial<ScanCountAlert> = {},
): ScanCountAlert {
  return {
    id: freshId("calert"),
    tenantId,
    code,
    kind,
    threshold: 3,
    observed: 4,
    scanCount: 4,
    firstScannedAt: AT,
    firstRegion: "CN-GD",
    visitorId: "ip:0123456789abcdef",
    scanId: freshId("scan"),
    batchId: "tb_fixture",
    detectedAt: AT,
    ...overrides,
  };
}

/** An inspection report about `code`. */
export function inspectionReportRecord(
  tenantId: string,
  code: string,
  overrides: Partial<InspectionReport> = {},
): InspectionReport {
  return {
    id: freshId("insp"),
    tenantId,
    code,
    inspectorId: "inspector-1",
    region: "CN-BJ",
    note: "在北京超市发现 'quoted'",
    photos: ["https://img.example/1.jpg"],
    createdAt: AT,
    ...overrides,
  };
}

/**
 * Stores a merchant, a rule and a succeeded package of `total` codes (so
 * stock ranges name real codes), returning the package and its codes.
 */
export async function storedPackage(
  storage: Storage,
  tenantId: string,
  total = 30,
): Promise<{ pkg: CodePackage; codes: CodeRecord[] }> {
  const merchant = merchantRecord(tenantId);
  await storage.merchants.insert(merchant);
  const rule = codeRuleRecord(tenantId, merchant.id);
  await storage.codeRules.insert(rule);
  const pkg = codePackageRecord(tenantId, merchant.id, rule.id, {
    status: "running",
    quantity: total,
    total,
  });
  await storage.codePackages.insert(pkg);
  const codes = codeRows(pkg, 1, total);
  await storage.codePackages.writeChunk(tenantId, pkg.id, {
    fromSerial: 1,
    rows: codes,
    updatedAt: AT,
  });
  const done = await storage.codePackages.setStatus(tenantId, pkg.id, {
    from: ["running"],
    to: "succeeded",
    updatedAt: AT,
    finishedAt: AT,
  });
  return { pkg: done as CodePackage, codes };
}
