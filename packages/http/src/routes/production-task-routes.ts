import { checkProductionTask, checkProductionTaskPatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import { ledgerEntrySchema } from "../schemas/ledger-schemas.js";
import {
  newProductionTaskSchema,
  productionTaskListQuery,
  productionTaskPageSchema,
  productionTaskPatchSchema,
  productionTaskSchema,
  productionTaskStatusChangeSchema,
  taskIdParams,
} from "../schemas/production-schemas.js";

const tags = ["production"];

const createProductionTask = defineRoute({
  method: "POST",
  path: "/v1/production-tasks",
  operationId: "createProductionTask",
  summary: "Create a production task (a draft)",
  description:
    "Needs the `admin` role. `NOT_FOUND` names `batchId` or `lineId` when the batch or line is missing.",
  tags,
  auth: "staff",
  body: newProductionTaskSchema,
  coreCheck: checkProductionTask,
  responses: {
    201: {
      description: "The new draft task.",
      schema: productionTaskSchema,
      headers: { Location: "Path of the new task." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, body, basePath }) {
    const task = await onecode.production.createTask(tenant, body);
    const location = `${basePath}/v1/production-tasks/${encodeURIComponent(task.id)}`;
    return { status: 201, body: task, headers: { location } };
  },
});

const listProductionTasks = defineRoute({
  method: "GET",
  path: "/v1/production-tasks",
  operationId: "listProductionTasks",
  summary: "List production tasks, newest first",
  tags,
  auth: "staff",
  query: productionTaskListQuery,
  responses: { 200: { description: "One page of tasks.", schema: productionTaskPageSchema } },
  async handler({ onecode, tenant, query }) {
    const { limit, cursor, ...filter } = query;
    return {
      status: 200,
      body: await onecode.production.listTasks(tenant, filter, { limit, cursor }),
    };
  },
});

const getProductionTask = defineRoute({
  method: "GET",
  path: "/v1/production-tasks/{taskId}",
  operationId: "getProductionTask",
  summary: "Get a production task",
  tags,
  auth: "staff",
  params: taskIdParams,
  responses: { 200: { description: "The task.", schema: productionTaskSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.production.getTask(tenant, params.taskId) };
  },
});

const updateProductionTask = defineRoute({
  method: "PATCH",
  path: "/v1/production-tasks/{taskId}",
  operationId: "updateProductionTask",
  summary: "Change fields of a draft production task",
  description:
    "Needs the `admin` role. Effective and ineffective tasks never change (`INVALID_STATE_TRANSITION`).",
  tags,
  auth: "staff",
  params: taskIdParams,
  body: productionTaskPatchSchema,
  coreCheck: checkProductionTaskPatch,
  responses: { 200: { description: "The updated task.", schema: productionTaskSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "SEALED"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.production.updateTask(tenant, params.taskId, body) };
  },
});

const deleteProductionTask = defineRoute({
  method: "DELETE",
  path: "/v1/production-tasks/{taskId}",
  operationId: "deleteProductionTask",
  summary: "Delete a draft production task",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  params: taskIdParams,
  responses: { 204: { description: "The task was deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "SEALED"],
  async handler({ onecode, tenant, params }) {
    await onecode.production.deleteTask(tenant, params.taskId);
    return { status: 204 };
  },
});

const setProductionTaskStatus = defineRoute({
  method: "POST",
  path: "/v1/production-tasks/{taskId}/status",
  operationId: "setProductionTaskStatus",
  summary: "Make a production task effective or ineffective",
  description:
    "Needs the `admin` role. `draft → effective` snapshots the line and shows the task on scan; `effective → ineffective` hides it and keeps its history.",
  tags,
  auth: "staff",
  params: taskIdParams,
  body: productionTaskStatusChangeSchema,
  responses: { 200: { description: "The task in its new state.", schema: productionTaskSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "SEALED"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.production.setTaskStatus(tenant, params.taskId, body.status),
    };
  },
});

const sealProductionTask = defineRoute({
  method: "POST",
  path: "/v1/production-tasks/{taskId}/seal",
  operationId: "sealProductionTask",
  summary: "Seal an effective production task (上链)",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  params: taskIdParams,
  responses: { 201: { description: "The new ledger entry.", schema: ledgerEntrySchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "SEALED", "BUSY"],
  async handler({ onecode, tenant, params }) {
    return { status: 201, body: await onecode.seals.sealTask(tenant, params.taskId) };
  },
});

/** The production task routes (`/v1/production-tasks`). */
export const productionTaskRoutes: readonly Route[] = [
  createProductionTask,
  listProductionTasks,
  getProductionTask,
  updateProductionTask,
  deleteProductionTask,
  setProductionTaskStatus,
  sealProductionTask,
];
