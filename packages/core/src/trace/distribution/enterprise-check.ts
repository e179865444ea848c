import { isValidGln } from "../../catalog/gs1-keys.js";
import { InputCheck } from "../../kernel/input-check.js";
import { checkCustomFields } from "../custom-field-check.js";
import type { Enterprise, EnterprisePatchInput, NewEnterpriseInput } from "./distribution.js";
import { isValidSocialCreditCode } from "./social-credit-code.js";

/** Limits of enterprise fields (domain §2.3). */
export const ENTERPRISE_LIMITS = Object.freeze({
  nameMax: 50,
  addressMax: 200,
  salesRegionMax: 20,
});

/** A sales region: letters, digits and `-`, e.g. `CN-GD` (an ISO 3166-2 subdivision). */
export const SALES_REGION_PATTERN = /^[A-Za-z0-9-]+$/;

/** The editable fields of an enterprise after validation. */
export type EnterpriseFields = Pick<
  Enterprise,
  "name" | "address" | "salesRegion" | "socialCreditCode" | "gln" | "customFields"
>;

function checkSocialCreditCode(check: InputCheck, value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") {
    check.fail("socialCreditCode", "type", "socialCreditCode must be a string or null");
    return null;
  }
  const code = value.trim().toUpperCase();
  if (code.length !== 18) {
    check.fail("socialCreditCode", "length", "socialCreditCode must be exactly 18 characters");
  } else if (!isValidSocialCreditCode(code)) {
    check.fail(
      "socialCreditCode",
      "social_credit_code",
      "socialCreditCode must be a unified social credit code (GB 32100) with a valid check character",
    );
  }
  return code;
}

function checkGln(check: InputCheck, value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string" || !/^\d{13}$/.test(value.trim())) {
    check.fail("gln", "length", "gln must be a GLN of exactly 13 digits");
    return null;
  }
  const gln = value.trim();
  if (!isValidGln(gln)) {
    check.fail("gln", "check_digit", "gln must end with its GS1 mod-10 check digit");
  }
  return gln;
}

function checkFields(check: InputCheck, input: EnterprisePatchInput, partial: boolean) {
  const fields: { -readonly [K in keyof EnterpriseFields]?: EnterpriseFields[K] } = {};
  const has = (key: keyof EnterprisePatchInput) => !partial || input[key] !== undefined;
  if (has("name")) fields.name = check.text("name", input.name, { max: ENTERPRISE_LIMITS.nameMax });
  if (has("address")) {
    fields.address = check.optionalText("address", input.address, {
      max: ENTERPRISE_LIMITS.addressMax,
    });
  }
  if (has("salesRegion")) {
    fields.salesRegion = check.text("salesRegion", input.salesRegion, {
      max: ENTERPRISE_LIMITS.salesRegionMax,
      pattern: SALES_REGION_PATTERN,
      patternRule: "sales_region",
      patternMessage: "salesRegion must be letters, digits and '-', e.g. CN-GD",
    });
  }
  if (has("socialCreditCode")) {
    fields.socialCreditCode = checkSocialCreditCode(check, input.socialCreditCode);
  }
  if (has("gln")) fields.gln = checkGln(check, input.gln);
  if (has("customFields")) fields.customFields = checkCustomFields(check, input.customFields);
  return fields;
}

/**
 * Checks a new enterprise: name 1-50 characters, address up to 200,
 * sales region 1-20 of letters, digits and `-`, an optional unified social
 * credit code (18 characters, valid check character; upper-cased), an
 * optional GLN (13 digits, valid GS1 check digit), custom fields. Throws `VALIDATION_FAILED` naming every broken field and rule.
 */
export function checkNewEnterprise(input: NewEnterpriseInput): {
  readonly parentId: string | null;
  readonly fields: EnterpriseFields;
} {
  const check = new InputCheck();
  const value = (input ?? {}) as NewEnterpriseInput;
  let parentId: string | null = null;
  if (value.parentId !== undefined && value.parentId !== null) {
    parentId = check.text("parentId", value.parentId, { max: 100 });
  }
  const fields = checkFields(check, value, false) as EnterpriseFields;
  check.done();
  return { parentId, fields };
}

/** Checks an enterprise patch: only present fields are checked and returned. */
export function checkEnterprisePatch(input: EnterprisePatchInput): Partial<EnterpriseFields> {
  const check = new InputCheck();
  const fields = checkFields(check, (input ?? {}) as EnterprisePatchInput, true);
  check.done();
  return fields;
}
