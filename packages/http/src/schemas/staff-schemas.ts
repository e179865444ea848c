import { STAFF_LIMITS as L, STAFF_ROLES } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

/** Staff roles (core's `Role`). */
export const roleSchema = z.enum(STAFF_ROLES).register(openApiRegistry, {
  id: "Role",
  description:
    "`admin`: brand administrator. `stock_operator` (出入库管理员): moves stock of the enterprises assigned to them. `inspector` (流通稽查员): scans and files inspection reports.",
});

const loginName = boundedText({
  min: L.loginNameMin,
  max: L.loginNameMax,
  description: `${L.loginNameMin}-${L.loginNameMax} letters, digits, \`_\` or CJK characters; unique within the tenant. The member's id is the actor id their \`TenantContext\` must carry.`,
});
const displayName = boundedText({
  max: L.displayNameMax,
  description: `Up to ${L.displayNameMax} characters; the login name when absent.`,
});
const roles = z
  .array(roleSchema)
  .min(1)
  .max(STAFF_ROLES.length)
  .register(openApiRegistry, { description: "Distinct roles, at least one." });
const enterpriseIds = z
  .array(boundedText({ min: 1, max: 64 }))
  .max(L.enterprisesMax)
  .register(openApiRegistry, {
    description: `Up to ${L.enterprisesMax} distinct enterprises a \`stock_operator\` may move stock of.`,
  });

/** Body of `POST /v1/staff` (core's `StaffInput`). */
export const newStaffSchema = z
  .strictObject({
    loginName,
    displayName: displayName.optional(),
    roles,
    enterpriseIds: enterpriseIds.optional(),
  })
  .register(openApiRegistry, {
    id: "NewStaffMember",
    description: "A member of the brand's staff app.",
  });

/** Body of `PATCH /v1/staff/{staffId}` (core's `Partial<StaffInput>`). */
export const staffPatchSchema = z
  .strictObject({
    loginName: loginName.optional(),
    displayName: displayName.optional(),
    roles: roles.optional(),
    enterpriseIds: enterpriseIds.optional(),
  })
  .register(openApiRegistry, {
    id: "StaffMemberPatch",
    description: "Only the present fields change; lists replace the whole list.",
  });

/** A staff member as core returns it (core's `StaffMember`). */
export const staffMemberSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    loginName: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    enterpriseIds: z.array(z.string()),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "StaffMember",
    description: "A member of the brand's staff app, with roles and assigned enterprises.",
  });

/** One page of staff members. */
export const staffMemberPageSchema = pageSchema(staffMemberSchema, "StaffMemberPage");

/** Path parameters of `/v1/staff/{staffId}`. */
export const staffIdParams = z.strictObject({ staffId: recordIdParam("Id of the staff member.") });

/** Query of `GET /v1/staff`. */
export const staffListQuery = z.strictObject({ ...pageQueryShape });
