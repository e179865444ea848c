import { checkStaff, checkStaffPatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  newStaffSchema,
  staffIdParams,
  staffListQuery,
  staffMemberPageSchema,
  staffMemberSchema,
  staffPatchSchema,
} from "../schemas/staff-schemas.js";

const tags = ["distribution"];

const createStaffMember = defineRoute({
  method: "POST",
  path: "/v1/staff",
  operationId: "createStaffMember",
  summary: "Create a member of the staff app",
  description:
    "Needs the `admin` role. The member's `id` is the actor id the host's `authenticate` must give their requests.",
  tags,
  auth: "staff",
  body: newStaffSchema,
  coreCheck: checkStaff,
  responses: {
    201: {
      description: "The new staff member.",
      schema: staffMemberSchema,
      headers: { Location: "Path of the new staff member." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "LOGIN_NAME_TAKEN"],
  async handler({ onecode, tenant, body, basePath }) {
    const member = await onecode.distribution.createStaff(tenant, body);
    const location = `${basePath}/v1/staff/${encodeURIComponent(member.id)}`;
    return { status: 201, body: member, headers: { location } };
  },
});

const listStaffMembers = defineRoute({
  method: "GET",
  path: "/v1/staff",
  operationId: "listStaffMembers",
  summary: "List staff members, newest first",
  tags,
  auth: "staff",
  query: staffListQuery,
  responses: { 200: { description: "One page of staff members.", schema: staffMemberPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.distribution.listStaff(tenant, query) };
  },
});

const getStaffMember = defineRoute({
  method: "GET",
  path: "/v1/staff/{staffId}",
  operationId: "getStaffMember",
  summary: "Get a staff member",
  tags,
  auth: "staff",
  params: staffIdParams,
  responses: { 200: { description: "The staff member.", schema: staffMemberSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.distribution.getStaff(tenant, params.staffId) };
  },
});

const updateStaffMember = defineRoute({
  method: "PATCH",
  path: "/v1/staff/{staffId}",
  operationId: "updateStaffMember",
  summary: "Change a staff member's login name, roles or enterprises",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  params: staffIdParams,
  body: staffPatchSchema,
  coreCheck: checkStaffPatch,
  responses: { 200: { description: "The updated staff member.", schema: staffMemberSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "LOGIN_NAME_TAKEN"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.distribution.updateStaff(tenant, params.staffId, body),
    };
  },
});

const deleteStaffMember = defineRoute({
  method: "DELETE",
  path: "/v1/staff/{staffId}",
  operationId: "deleteStaffMember",
  summary: "Delete a staff member",
  description: "Needs the `admin` role. Records they made keep their id.",
  tags,
  auth: "staff",
  params: staffIdParams,
  responses: { 204: { description: "The staff member was deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    await onecode.distribution.deleteStaff(tenant, params.staffId);
    return { status: 204 };
  },
});

/** The staff routes (`/v1/staff`): members of the brand's staff app. */
export const staffRoutes: readonly Route[] = [
  createStaffMember,
  listStaffMembers,
  getStaffMember,
  updateStaffMember,
  deleteStaffMember,
];
