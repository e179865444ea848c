import type { ActivityInput, ActivityPatch } from "@onecode/core";
import { checkActivityInput, checkActivityPatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  activityIdParams,
  activityInputSchema,
  activityListQuery,
  activityPageSchema,
  activityPatchSchema,
  activitySchema,
} from "../schemas/activity-schemas.js";

const tags = ["promotion-activities"];

const createActivity = defineRoute({
  method: "POST",
  path: "/v1/promotions/activities",
  operationId: "createActivity",
  summary: "Create a promotion activity",
  description:
    "Needs `promotions.manage`. A product is in at most one activity at a time (free shipping excepted): `ACTIVITY_CONFLICT` names the activity and product in the way.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: activityInputSchema,
  coreCheck: checkActivityInput,
  responses: {
    201: {
      description: "The new activity.",
      schema: activitySchema,
      headers: { Location: "Path of the new activity." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "ACTIVITY_CONFLICT"],
  async handler({ onecode, tenant, body, basePath }) {
    // The schema gives the terms' shape loosely (one object for every kind); core checks the kind's fields.
    const activity = await onecode.activities.create(tenant, body as ActivityInput);
    const location = `${basePath}/v1/promotions/activities/${encodeURIComponent(activity.id)}`;
    return { status: 201, body: activity, headers: { location } };
  },
});

const listActivities = defineRoute({
  method: "GET",
  path: "/v1/promotions/activities",
  operationId: "listActivities",
  summary: "List promotion activities, newest first",
  description: "Needs `promotions.read`. `state` is judged now.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  query: activityListQuery,
  responses: { 200: { description: "One page of activities.", schema: activityPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.activities.list(tenant, query) };
  },
});

const getActivity = defineRoute({
  method: "GET",
  path: "/v1/promotions/activities/{activityId}",
  operationId: "getActivity",
  summary: "Get a promotion activity",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: activityIdParams,
  responses: { 200: { description: "The activity.", schema: activitySchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.activities.get(tenant, params.activityId) };
  },
});

const updateActivity = defineRoute({
  method: "PATCH",
  path: "/v1/promotions/activities/{activityId}",
  operationId: "updateActivity",
  summary: "Change a promotion activity",
  description:
    "Needs `promotions.manage`. Before the start anything changes; while running only `name` and `endsAt` (`FIELD_IMMUTABLE` otherwise); an ended activity nothing (`INVALID_STATE_TRANSITION`).",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: activityIdParams,
  body: activityPatchSchema,
  coreCheck: checkActivityPatch,
  responses: { 200: { description: "The updated activity.", schema: activitySchema } },
  errors: [
    "FORBIDDEN",
    "NOT_FOUND",
    "FIELD_IMMUTABLE",
    "INVALID_STATE_TRANSITION",
    "ACTIVITY_CONFLICT",
    "BUSY",
  ],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.activities.update(tenant, params.activityId, body as ActivityPatch),
    };
  },
});

const endActivity = defineRoute({
  method: "POST",
  path: "/v1/promotions/activities/{activityId}/end",
  operationId: "endActivity",
  summary: "End a running promotion activity now",
  description:
    "Needs `promotions.manage`. Only a running activity ends early; delete a scheduled one instead.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: activityIdParams,
  responses: { 200: { description: "The ended activity.", schema: activitySchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "BUSY"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.activities.end(tenant, params.activityId) };
  },
});

const deleteActivity = defineRoute({
  method: "DELETE",
  path: "/v1/promotions/activities/{activityId}",
  operationId: "deleteActivity",
  summary: "Delete a promotion activity that has not started",
  description:
    "Needs `promotions.manage`. A started activity stays (orders name it): end it instead (`INVALID_STATE_TRANSITION`).",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: activityIdParams,
  responses: { 204: { description: "The activity was deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params }) {
    await onecode.activities.delete(tenant, params.activityId);
    return { status: 204 };
  },
});

/** The promotion activity routes (`/v1/promotions/activities`). */
export const activityRoutes: readonly Route[] = [
  createActivity,
  listActivities,
  getActivity,
  updateActivity,
  endActivity,
  deleteActivity,
];
