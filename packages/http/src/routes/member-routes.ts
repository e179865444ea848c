import { checkMemberLevel, checkMemberSettingsPatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  customerSchema,
  levelIdParams,
  memberLevelInputSchema,
  memberLevelListSchema,
  memberLevelPatchSchema,
  memberLevelSchema,
  memberSettingsPatchSchema,
  memberSettingsSchema,
  memberTagInputSchema,
  memberTagListSchema,
  memberTagSchema,
  tagCustomerParams,
  tagIdParams,
  tagRemovalSchema,
} from "../schemas/member-schemas.js";

const tags = ["members"];

const listMemberLevels = defineRoute({
  method: "GET",
  path: "/v1/member-levels",
  operationId: "listMemberLevels",
  summary: "Member levels by threshold",
  description: "Needs `promotions.read`. The default level (threshold 0) always exists.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  responses: { 200: { description: "The levels.", schema: memberLevelListSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant }) {
    return { status: 200, body: { items: await onecode.memberLevels.list(tenant) } };
  },
});

const createMemberLevel = defineRoute({
  method: "POST",
  path: "/v1/member-levels",
  operationId: "createMemberLevel",
  summary: "Add a member level",
  description: "Needs `promotions.manage`; audited.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: memberLevelInputSchema,
  coreCheck: (body) => checkMemberLevel(body),
  responses: { 201: { description: "The level.", schema: memberLevelSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, body }) {
    return { status: 201, body: await onecode.memberLevels.create(tenant, body) };
  },
});

const updateMemberLevel = defineRoute({
  method: "PATCH",
  path: "/v1/member-levels/{levelId}",
  operationId: "updateMemberLevel",
  summary: "Change a member level",
  description: "Needs `promotions.manage`; audited. The default level keeps threshold 0.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: levelIdParams,
  body: memberLevelPatchSchema,
  responses: { 200: { description: "The level.", schema: memberLevelSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.memberLevels.update(tenant, params.levelId, body) };
  },
});

const deleteMemberLevel = defineRoute({
  method: "DELETE",
  path: "/v1/member-levels/{levelId}",
  operationId: "deleteMemberLevel",
  summary: "Delete a member level",
  description:
    "Needs `promotions.manage`; audited. The default level answers `MEMBER_LEVEL_PROTECTED`.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: levelIdParams,
  responses: { 204: { description: "Deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "MEMBER_LEVEL_PROTECTED"],
  async handler({ onecode, tenant, params }) {
    await onecode.memberLevels.remove(tenant, params.levelId);
    return { status: 204 };
  },
});

const getMemberSettings = defineRoute({
  method: "GET",
  path: "/v1/member-settings",
  operationId: "getMemberSettings",
  summary: "Member and points settings",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  responses: { 200: { description: "The settings.", schema: memberSettingsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant }) {
    return { status: 200, body: await onecode.points.settings(tenant) };
  },
});

const updateMemberSettings = defineRoute({
  method: "PATCH",
  path: "/v1/member-settings",
  operationId: "updateMemberSettings",
  summary: "Change member and points settings",
  description: "Needs `promotions.manage`; audited. Only the fields given change.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: memberSettingsPatchSchema,
  coreCheck: (body) => checkMemberSettingsPatch(body),
  responses: { 200: { description: "The settings.", schema: memberSettingsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.points.updateSettings(tenant, body) };
  },
});

const listMemberTags = defineRoute({
  method: "GET",
  path: "/v1/member-tags",
  operationId: "listMemberTags",
  summary: "Customer tags",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  responses: { 200: { description: "The tags.", schema: memberTagListSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant }) {
    return { status: 200, body: { items: await onecode.memberTags.list(tenant) } };
  },
});

const createMemberTag = defineRoute({
  method: "POST",
  path: "/v1/member-tags",
  operationId: "createMemberTag",
  summary: "Add a customer tag",
  description: "Needs `promotions.manage`; audited. Names are unique per tenant.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: memberTagInputSchema,
  responses: { 201: { description: "The tag.", schema: memberTagSchema } },
  errors: ["FORBIDDEN", "MEMBER_TAG_NAME_TAKEN"],
  async handler({ onecode, tenant, body }) {
    return { status: 201, body: await onecode.memberTags.create(tenant, body.name) };
  },
});

const renameMemberTag = defineRoute({
  method: "PATCH",
  path: "/v1/member-tags/{tagId}",
  operationId: "renameMemberTag",
  summary: "Rename a customer tag",
  description: "Needs `promotions.manage`; audited.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: tagIdParams,
  body: memberTagInputSchema,
  responses: { 200: { description: "The tag.", schema: memberTagSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "MEMBER_TAG_NAME_TAKEN"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.memberTags.rename(tenant, params.tagId, body.name) };
  },
});

const deleteMemberTag = defineRoute({
  method: "DELETE",
  path: "/v1/member-tags/{tagId}",
  operationId: "deleteMemberTag",
  summary: "Delete a customer tag, taking it off its customers",
  description: "Needs `promotions.manage`; audited.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: tagIdParams,
  responses: { 200: { description: "How many customers lost it.", schema: tagRemovalSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.memberTags.remove(tenant, params.tagId) };
  },
});

const assignMemberTag = defineRoute({
  method: "PUT",
  path: "/v1/member-tags/{tagId}/customers/{customerId}",
  operationId: "assignMemberTag",
  summary: "Put a tag on a customer",
  description: "Needs `promotions.manage`; audited. Idempotent.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: tagCustomerParams,
  responses: { 200: { description: "The customer.", schema: customerSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    await onecode.memberTags.assign(tenant, params.tagId, params.customerId);
    return { status: 200, body: await onecode.customers.get(tenant, params.customerId) };
  },
});

const unassignMemberTag = defineRoute({
  method: "DELETE",
  path: "/v1/member-tags/{tagId}/customers/{customerId}",
  operationId: "unassignMemberTag",
  summary: "Take a tag off a customer",
  description: "Needs `promotions.manage`; audited. Idempotent.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: tagCustomerParams,
  responses: { 200: { description: "The customer.", schema: customerSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    await onecode.memberTags.unassign(tenant, params.tagId, params.customerId);
    return { status: 200, body: await onecode.customers.get(tenant, params.customerId) };
  },
});

/** Staff routes of member levels, member settings and customer tags. */
export const memberRoutes: readonly Route[] = [
  listMemberLevels,
  createMemberLevel,
  updateMemberLevel,
  deleteMemberLevel,
  getMemberSettings,
  updateMemberSettings,
  listMemberTags,
  createMemberTag,
  renameMemberTag,
  deleteMemberTag,
  assignMemberTag,
  unassignMemberTag,
];
