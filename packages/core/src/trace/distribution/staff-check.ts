import { checkPatchWith, InputCheck } from "../../kernel/input-check.js";
import { ROLES } from "../../kernel/permissions/roles.js";
import type { Role } from "../../kernel/tenant.js";
import type { StaffInput, StaffMember } from "./distribution.js";

/** The roles a staff member can hold, for validation and schemas. */
export const STAFF_ROLES: readonly Role[] = ROLES;

/** Limits of staff fields (domain §2.3). */
export const STAFF_LIMITS = Object.freeze({
  loginNameMin: 6,
  loginNameMax: 30,
  displayNameMax: 50,
  enterprisesMax: 200,
});

/** A login name: letters, digits, `_` and CJK (Han) characters. */
export const LOGIN_NAME_PATTERN = /^[A-Za-z0-9_\p{Script=Han}]+$/u;

/** The stored fields of a staff member after validation. */
export type StaffFields = Pick<
  StaffMember,
  "loginName" | "displayName" | "roles" | "enterpriseIds"
>;

/**
 * Checks a staff member: login name 6-30 characters of letters, digits,
 * `_` or CJK; display name up to 50 (default: the login name); 1-3 distinct
 * roles; up to 200 distinct assigned enterprise ids. Throws
 * `VALIDATION_FAILED` naming every broken field and rule. Whether the
 * enterprises exist is checked by the use case.
 */
export function checkStaff(input: StaffInput): StaffFields {
  const check = new InputCheck();
  const value = (input ?? {}) as StaffInput;
  const loginName = check.text("loginName", value.loginName, {
    min: STAFF_LIMITS.loginNameMin,
    max: STAFF_LIMITS.loginNameMax,
    pattern: LOGIN_NAME_PATTERN,
    patternRule: "login_name",
    patternMessage: "loginName may hold only letters, digits, '_' and CJK characters",
  });
  const displayName =
    check.optionalText("displayName", value.displayName, { max: STAFF_LIMITS.displayNameMax }) ||
    loginName;
  const roles = check.list(
    "roles",
    value.roles,
    { min: 1, max: STAFF_ROLES.length },
    (field, role) => check.oneOf(field, role, STAFF_ROLES),
  );
  if (new Set(roles).size !== roles.length) check.fail("roles", "unique", "roles must not repeat");
  const enterpriseIds = check.list(
    "enterpriseIds",
    value.enterpriseIds,
    { max: STAFF_LIMITS.enterprisesMax },
    (field, id) => check.text(field, id, { max: 100 }),
  );
  if (new Set(enterpriseIds).size !== enterpriseIds.length) {
    check.fail("enterpriseIds", "unique", "enterpriseIds must not repeat");
  }
  check.done();
  return { loginName, displayName, roles, enterpriseIds };
}

/** Checks the fields a staff patch holds by the rules of {@link checkStaff}. */
export function checkStaffPatch(input: Partial<StaffInput>): void {
  checkPatchWith(checkStaff, input);
}
