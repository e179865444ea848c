import { isIndicatorVariant, SSCC_COMPANY_PREFIX_PATTERN } from "../catalog/gs1-keys.js";
import { isValidGtin, toGtin14 } from "../catalog/gtin.js";
import type { Product } from "../catalog/product.js";
import { invalidField } from "../kernel/errors.js";
import type { InputCheck } from "../kernel/input-check.js";
import type { CodeType, PackagingKeyInput } from "./code-package.js";

/** The packaging levels that may have a GS1 key of their own. */
export type PackagingLevel = "outer" | "middle";

/** Packaging keys of a generation request, checked in form (GTINs still to be matched to the product). */
export type CheckedPackagingKeys = Readonly<Partial<Record<PackagingLevel, PackagingKeyInput>>>;

function checkKey(check: InputCheck, field: string, value: unknown): PackagingKeyInput | null {
  const key = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const kinds = ["gtin", "sscc"].filter((kind) => key[kind] !== undefined);
  if (kinds.length !== 1 || Object.keys(key).length !== 1) {
    check.fail(
      field,
      "packaging_key",
      `${field} must be { gtin } or { sscc: { companyPrefix, extensionDigit } }`,
    );
    return null;
  }
  if (kinds[0] === "gtin") {
    if (typeof key.gtin !== "string" || !isValidGtin(key.gtin)) {
      check.fail(`${field}.gtin`, "gtin", `${field}.gtin must be a GTIN with a valid check digit`);
      return null;
    }
    return { gtin: toGtin14(key.gtin) };
  }
  const sscc = (typeof key.sscc === "object" && key.sscc !== null ? key.sscc : {}) as Record<
    string,
    unknown
  >;
  const { companyPrefix, extensionDigit } = sscc;
  const before = check.issues.length;
  if (typeof companyPrefix !== "string" || !SSCC_COMPANY_PREFIX_PATTERN.test(companyPrefix)) {
    check.fail(
      `${field}.sscc.companyPrefix`,
      "company_prefix",
      `${field}.sscc.companyPrefix must be a GS1 company prefix of 6-12 digits`,
    );
  }
  if (
    typeof extensionDigit !== "number" ||
    !Number.isInteger(extensionDigit) ||
    extensionDigit < 0 ||
    extensionDigit > 9
  ) {
    check.fail(
      `${field}.sscc.extensionDigit`,
      "extension_digit",
      `${field}.sscc.extensionDigit must be a digit from 0 to 9`,
    );
  }
  if (check.issues.length > before) return null;
  return {
    sscc: { companyPrefix: companyPrefix as string, extensionDigit: extensionDigit as number },
  };
}

/**
 * Checks the `packagingKeys` of a generation request: only packaging types,
 * `outer` for both, `middle` for three-level only; each a valid GTIN or an
 * SSCC company prefix (6-12 digits) and extension digit (0-9); two GTIN
 * levels must differ.
 */
export function checkPackagingKeys(
  check: InputCheck,
  codeType: CodeType,
  value: unknown,
): CheckedPackagingKeys {
  if (value === undefined || value === null) return {};
  if (codeType === "single") {
    check.fail(
      "packagingKeys",
      "not_applicable",
      "packagingKeys applies only to two-level and three-level codes",
    );
    return {};
  }
  if (typeof value !== "object") {
    check.fail("packagingKeys", "type", "packagingKeys must be an object of outer and middle");
    return {};
  }
  const allowed: readonly string[] = codeType === "three-level" ? ["outer", "middle"] : ["outer"];
  const keys: Partial<Record<PackagingLevel, PackagingKeyInput>> = {};
  for (const [level, key] of Object.entries(value)) {
    if (!allowed.includes(level)) {
      check.fail(
        `packagingKeys.${level}`,
        "not_applicable",
        `packagingKeys.${level} does not apply to ${codeType} codes`,
      );
      continue;
    }
    if (key === undefined) continue;
    const checked = checkKey(check, `packagingKeys.${level}`, key);
    if (checked) keys[level as PackagingLevel] = checked;
  }
  const { outer, middle } = keys;
  if (outer && middle && "gtin" in outer && "gtin" in middle && outer.gtin === middle.gtin) {
    check.fail(
      "packagingKeys.middle.gtin",
      "distinct",
      "packagingKeys.middle.gtin must differ from packagingKeys.outer.gtin",
    );
  }
  return keys;
}

/**
 * Refuses packaging GTINs that are not indicator-digit variants of the
 * product's GTIN (`VALIDATION_FAILED`, rule `product_gtin_required` when the
 * job has no product with a GTIN, `indicator_variant` otherwise).
 */
export function requireGtinVariants(keys: CheckedPackagingKeys, product: Product | null): void {
  for (const level of ["outer", "middle"] as const) {
    const key = keys[level];
    if (!key || !("gtin" in key)) continue;
    const field = `packagingKeys.${level}.gtin`;
    if (product?.gtin == null || !isValidGtin(product.gtin)) {
      throw invalidField(
        field,
        "product_gtin_required",
        `${field} needs a product with a GTIN: a packaging GTIN is a variant of the item's`,
      );
    }
    if (!isIndicatorVariant(key.gtin, product.gtin)) {
      throw invalidField(
        field,
        "indicator_variant",
        `${field} must be the product's GTIN-14 (${toGtin14(product.gtin)}) with an indicator digit of 1-8 and its check digit`,
      );
    }
  }
}
