import type { CodePackage, CodeRecord } from "../codes/code-package.js";
import { packageLayout } from "../codes/package-layout.js";
import type { CodeRange } from "./distribution/distribution.js";

/**
 * The serial range a scan of `record` covers. In an associated package a
 * packaging code covers itself and everything beneath it, which the package
 * layout places in the contiguous serials after it: an outer code its whole
 * unit, a middle code itself and its inner codes. Item and inner codes, and
 * every code of an unassociated package (no parent links were recorded),
 * cover only themselves.
 *
 * @example
 * ```ts
 * // three-level 1:2:20, unit 1 = serials 1..23: outer 1, middles 2 and 13
 * codeRangeOf(pkg, outer); // { packageId, fromSerial: 1, toSerial: 23 }
 * codeRangeOf(pkg, middle); // { packageId, fromSerial: 13, toSerial: 23 }
 * ```
 */
export function codeRangeOf(
  pkg: Pick<CodePackage, "id" | "codeType" | "ratio" | "quantity" | "associated">,
  record: Pick<CodeRecord, "serial">,
): CodeRange {
  const single = { packageId: pkg.id, fromSerial: record.serial, toSerial: record.serial };
  if (!pkg.associated || pkg.codeType === "single") return single;
  const layout = packageLayout(pkg.codeType, pkg.ratio, pkg.quantity);
  const level = layout.levelOf(record.serial);
  if (level === "outer") {
    return { ...single, toSerial: record.serial + layout.unitSize - 1 };
  }
  if (level === "middle") {
    const innerPerMiddle = layout.counts.inner / layout.counts.middle;
    return { ...single, toSerial: record.serial + innerPerMiddle };
  }
  return single;
}
