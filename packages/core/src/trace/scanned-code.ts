import type { CodePackage, CodeRecord } from "../codes/code-package.js";
import { invalidField, notFound } from "../kernel/errors.js";
import type { StorageRepositories } from "../ports/storage.js";
import { codeFromScan } from "./scans/scan-input.js";

/** A code staff scanned, with its package. */
export interface ScannedCode {
  readonly record: CodeRecord;
  readonly pkg: CodePackage;
}

/**
 * The record and package of a code staff scanned or typed (a bare code, a
 * code URL or a Digital Link): `VALIDATION_FAILED` on `field` (rule
 * `code_format`) when the text holds no code, `NOT_FOUND` when the tenant
 * has no such code.
 */
export async function findScannedCode(
  storage: Pick<StorageRepositories, "codePackages">,
  tenantId: string,
  scanned: unknown,
  field = "code",
): Promise<ScannedCode> {
  const code = typeof scanned === "string" ? codeFromScan(scanned) : null;
  if (code === null) {
    throw invalidField(
      field,
      "code_format",
      `${field} must be a code, a code URL or a Digital Link`,
    );
  }
  const record = await storage.codePackages.findCode(tenantId, code);
  if (!record) throw notFound("code", code, field);
  const pkg = await storage.codePackages.get(tenantId, record.packageId);
  if (!pkg) throw notFound("code package", record.packageId);
  return { record, pkg };
}

/** The code at a serial of a package (`null` past its end). */
export async function codeAtSerial(
  storage: Pick<StorageRepositories, "codePackages">,
  tenantId: string,
  packageId: string,
  serial: number,
): Promise<string | null> {
  const [record] = await storage.codePackages.listCodes(tenantId, packageId, {
    afterSerial: serial - 1,
    limit: 1,
  });
  return record?.serial === serial ? record.code : null;
}
