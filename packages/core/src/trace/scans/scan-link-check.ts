import { toGtin14 } from "../../catalog/gtin.js";
import type { CodePackage } from "../../codes/code-package.js";
import type { CodeLocation } from "../batches/ports.js";
import { parseDigitalLinkSerial } from "../gs1/digital-link.js";
import { gs1KeyPath, gs1Naming } from "../gs1/gs1-naming.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { CheckedScan } from "./scan-input-check.js";
import { type BatchPage, batchPageOf } from "./scan-page.js";
import { resolveScannedCode, type ScanResolution } from "./scan-resolution.js";

/** The GS1 key and lot a scanned Digital Link carries. */
export interface ScannedKey {
  readonly gtin: string | null;
  readonly sscc: string | null;
  readonly lot: string | null;
  readonly serial: string | null;
}

/** Packages whose GS1 naming scans have needed, per runtime: what is read of them never changes. */
const PACKAGE_MEMO_SIZE = 1000;
const packageMemos = new WeakMap<TraceRuntime, Map<string, CodePackage>>();

async function packageOf(
  runtime: TraceRuntime,
  tenantId: string,
  packageId: string,
): Promise<CodePackage | null> {
  let memo = packageMemos.get(runtime);
  if (!memo) {
    memo = new Map();
    packageMemos.set(runtime, memo);
  }
  const key = `${tenantId}\u0000${packageId}`;
  const cached = memo.get(key);
  if (cached) return cached;
  const pkg = await runtime.ports.storage.codePackages.get(tenantId, packageId);
  if (!pkg) return null;
  if (memo.size >= PACKAGE_MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(key, pkg);
  return pkg;
}

/**
 * Whether the scanned key is the GS1 key of the code at `serial` of `pkg`
 * in the batch shown by `page`: the GTIN of its level (the product's, as
 * the page shows it, or its packaging level's own) with its AI 21 serial,
 * or its SSCC; and a lot, when the link has one, equal to the batch number.
 */
function keyNamesCode(key: ScannedKey, pkg: CodePackage, serial: number, page: BatchPage): boolean {
  if (serial < 1 || serial > pkg.total) return false;
  const naming = gs1Naming(pkg, { gtin: page.product?.gtin ?? null, prefix: "", batch: null });
  const expected = gs1KeyPath(naming, serial);
  const scanned = key.sscc !== null ? `/00/${key.sscc}` : `/01/${key.gtin}/21/${key.serial}`;
  if (expected === null || expected !== scanned) return false;
  return key.lot === null || key.lot === page.batch?.batchNumber;
}

/**
 * Whether a Digital Link's GS1 key names the code its `oc` names (located
 * at `location`, shown by `page`). A link whose key names another item
 * (another serial, GTIN, SSCC or lot) does not verify: a copied code put
 * into someone else's label.
 */
export async function linkNamesCode(
  runtime: TraceRuntime,
  tenantId: string,
  key: ScannedKey,
  location: CodeLocation,
  page: BatchPage,
): Promise<boolean> {
  const pkg = await packageOf(runtime, tenantId, location.packageId);
  return pkg !== null && keyNamesCode(key, pkg, location.serial, page);
}

/**
 * The batch a GTIN and lot (AI 10) name, without a serial: the tenant's
 * batch of that number whose product (as its page shows it) has the GTIN.
 */
async function locateLot(
  runtime: TraceRuntime,
  tenantId: string,
  key: ScannedKey & { readonly gtin: string; readonly lot: string },
  allowed: Promise<unknown>,
): Promise<{ readonly location: null; readonly page: BatchPage } | null> {
  await allowed;
  const [batch] = await runtime.ports.storage.traceBatches.list(
    tenantId,
    { batchNumber: key.lot },
    { limit: 1, beforeId: null },
  );
  if (!batch) return null;
  const page = await batchPageOf(runtime, tenantId, batch.id, allowed);
  if (page === null) return null;
  const gtin = page.product?.gtin;
  const matches = page.status !== "active" || (gtin != null && toGtin14(gtin) === key.gtin);
  return matches ? { location: null, page } : null;
}

/**
 * The code a Digital Link without its `oc` names by its GTIN and AI 21
 * serial (OneCode's serials start with their package's token), with its
 * batch's page; or, for a GTIN with a lot and no serial, the batch alone.
 * `null` when nothing of the tenant has that key. SSCC links and serials
 * not of OneCode's form name no code here. Storage is read only once
 * `allowed` resolves (the scan's rate limit).
 */
export async function locateScannedKey(
  runtime: TraceRuntime,
  tenantId: string,
  key: ScannedKey,
  allowed: Promise<unknown>,
): Promise<{ readonly location: CodeLocation | null; readonly page: BatchPage } | null> {
  if (key.gtin !== null && key.serial === null && key.lot !== null) {
    return locateLot(runtime, tenantId, { ...key, gtin: key.gtin, lot: key.lot }, allowed);
  }
  const parsed =
    key.gtin !== null && key.serial !== null ? parseDigitalLinkSerial(key.serial) : null;
  if (parsed === null) return null;
  await allowed;
  const { storage } = runtime.ports;
  for (const pkg of await storage.codePackages.findBySerialToken(tenantId, parsed.token)) {
    const batchId = await storage.traceBatches.batchOfPackage(tenantId, pkg.id);
    const page = await batchPageOf(runtime, tenantId, batchId, allowed);
    if (page === null) continue;
    // An inactive batch's page has no product: its codes answer batch_inactive without it.
    const matches =
      page.status === "active"
        ? keyNamesCode(key, pkg, parsed.serial, page)
        : parsed.serial <= pkg.total;
    // A key without its code is never vouched for, so its lifecycle status is not shown either.
    const location = {
      packageId: pkg.id,
      serial: parsed.serial,
      batchId,
      status: null,
      statusVersion: 0,
    };
    if (matches) return { location, page };
  }
  return null;
}

/** A resolved scan and whether its GS1 key (if any) is vouched for by its code. */
export interface CheckedResolution extends ScanResolution {
  /** False for a Digital Link without its code, or one whose key names another code. */
  readonly verified: boolean;
}

/**
 * Resolves a scan: its code as usual, checked against the link's key when
 * the scan was a Digital Link; or, for a Digital Link without its code, the
 * code its key names (unverified).
 */
export async function resolveCheckedScan(
  runtime: TraceRuntime,
  scan: CheckedScan,
  allowed: Promise<unknown>,
): Promise<CheckedResolution> {
  const { tenantId, key } = scan;
  if (scan.keyOnly && key !== null) {
    const found = await locateScannedKey(runtime, tenantId, key, allowed);
    return { location: found?.location ?? null, page: found?.page ?? null, verified: false };
  }
  const resolution = await resolveScannedCode(runtime, tenantId, scan.code, allowed);
  const { location, page } = resolution;
  if (key === null || location === null || page === null || page.status !== "active") {
    return { ...resolution, verified: true };
  }
  return { ...resolution, verified: await linkNamesCode(runtime, tenantId, key, location, page) };
}
