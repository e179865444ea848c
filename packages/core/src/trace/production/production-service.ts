import {
  createdChanges,
  deletedChanges,
  fieldChanges,
  updatedChanges,
} from "../../kernel/audit/audit-summary.js";
import { deleteAudited } from "../../kernel/audit/audited-deletion.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { invalidateBatch, type TraceRuntime } from "../trace-runtime.js";
import type { ProductionService } from "../trace-services.js";
import type {
  ProductionLine,
  ProductionLineInput,
  ProductionTask,
  ProductionTaskInput,
  ProductionTaskStatus,
} from "./production.js";
import {
  checkProductionLine,
  checkProductionTask,
  PRODUCTION_TASK_STATUSES,
} from "./production-check.js";

type TaskChangeOutcome =
  | { readonly outcome: "not_found" }
  | { readonly outcome: "wrong_status"; readonly status: ProductionTaskStatus }
  | { readonly outcome: "sealed" }
  | { readonly outcome: "batch_not_found" | "line_not_found" };

/** Only present keys of a patch, so `undefined` never overwrites a stored value. */
function presentKeys<T extends object>(patch: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(patch ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** The error for a task change the repository refused; `task` names the batch and line it referenced. */
function refusal(
  id: string,
  result: TaskChangeOutcome,
  action: string,
  task?: Pick<ProductionTask, "batchId" | "lineId">,
): never {
  switch (result.outcome) {
    case "not_found":
      throw notFound("production task", id);
    case "batch_not_found":
      throw notFound("trace batch", String(task?.batchId), "batchId");
    case "line_not_found":
      throw notFound("production line", String(task?.lineId), "lineId");
    case "sealed":
      throw new OneCodeError("SEALED", `production task ${id} is sealed and can never change`, {
        id,
      });
    case "wrong_status":
      throw new OneCodeError(
        "INVALID_STATE_TRANSITION",
        `production task ${id} is ${result.status}; only drafts can be ${action}`,
        { id, from: result.status, required: "draft" },
      );
  }
}

/** Builds the production line and task use cases. */
export function productionService(runtime: TraceRuntime): ProductionService {
  const { storage, clock, ids } = runtime.ports;
  const recordAudit = auditRecorder(runtime.ports);
  const lineTarget = (id: string) => ({ type: "production_line", id });
  const taskTarget = (id: string) => ({ type: "production_task", id });

  const getLine = async (ctx: TenantContext, id: string) => {
    requireCapability(ctx, "trace.read");
    const line = await storage.production.getLine(ctx.tenantId, id);
    if (!line) throw notFound("production line", id);
    return line;
  };
  const getTask = async (ctx: TenantContext, id: string) => {
    requireCapability(ctx, "trace.read");
    const task = await storage.production.getTask(ctx.tenantId, id);
    if (!task) throw notFound("production task", id);
    return task;
  };

  return {
    async createLine(ctx, input) {
      requireCapability(ctx, "trace.manage");
      const now = isoNow(clock);
      const line: ProductionLine = {
        id: ids.newId("line"),
        tenantId: ctx.tenantId,
        ...checkProductionLine(input),
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        await tx.production.insertLine(line);
        await recordAudit(tx, ctx, {
          action: "trace.production_line.created",
          target: lineTarget(line.id),
          changes: createdChanges(line),
        });
      });
      return line;
    },
    getLine,
    async listLines(ctx, page) {
      requireCapability(ctx, "trace.read");
      return paginate(page, (query) => storage.production.listLines(ctx.tenantId, query));
    },
    async updateLine(ctx, id, patch) {
      requireCapability(ctx, "trace.manage");
      const current = await getLine(ctx, id);
      const merged: ProductionLineInput = { ...current, ...presentKeys(patch) };
      const line = { ...current, ...checkProductionLine(merged), updatedAt: isoNow(clock) };
      return storage.transaction(async (tx) => {
        const updated = await tx.production.updateLine(ctx.tenantId, line);
        if (!updated) throw notFound("production line", id);
        await recordAudit(tx, ctx, {
          action: "trace.production_line.updated",
          target: lineTarget(id),
          changes: updatedChanges(current, updated),
        });
        return updated;
      });
    },
    async deleteLine(ctx, id) {
      requireCapability(ctx, "trace.manage");
      const result = await deleteAudited(storage, recordAudit, ctx, {
        read: (tx) => tx.production.getLine(ctx.tenantId, id),
        remove: (tx) => tx.production.deleteLine(ctx.tenantId, id),
        action: "trace.production_line.deleted",
        target: lineTarget(id),
      });
      if (result.outcome === "not_found") throw notFound("production line", id);
      if (result.outcome === "has_tasks") {
        throw new OneCodeError(
          "PRODUCTION_LINE_IN_USE",
          `production line ${id} has ${result.taskCount} task(s), so it cannot be deleted`,
          { id, taskCount: result.taskCount },
        );
      }
    },
    async createTask(ctx, input) {
      requireCapability(ctx, "trace.manage");
      const fields = checkProductionTask(input);
      const now = isoNow(clock);
      const task: ProductionTask = {
        id: ids.newId("task"),
        tenantId: ctx.tenantId,
        ...fields,
        status: "draft",
        line: null,
        seal: null,
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        const result = await tx.production.insertTask(task);
        if (result.outcome !== "inserted") refusal(task.id, result, "created", task);
        await recordAudit(tx, ctx, {
          action: "trace.production_task.created",
          target: taskTarget(task.id),
          changes: createdChanges(task),
        });
      });
      return task;
    },
    getTask,
    async listTasks(ctx, filter = {}, page) {
      requireCapability(ctx, "trace.read");
      const check = new InputCheck();
      if (filter.status !== undefined)
        check.oneOf("status", filter.status, PRODUCTION_TASK_STATUSES);
      check.done();
      return paginate(page, (query) => storage.production.listTasks(ctx.tenantId, filter, query));
    },
    async updateTask(ctx, id, patch) {
      requireCapability(ctx, "trace.manage");
      const current = await getTask(ctx, id);
      const merged: ProductionTaskInput = { ...current, ...presentKeys(patch) };
      const task = { ...current, ...checkProductionTask(merged), updatedAt: isoNow(clock) };
      return storage.transaction(async (tx) => {
        const result = await tx.production.updateDraft(ctx.tenantId, task);
        if (result.outcome !== "updated") return refusal(id, result, "edited", task);
        await recordAudit(tx, ctx, {
          action: "trace.production_task.updated",
          target: taskTarget(id),
          changes: updatedChanges(current, result.task),
        });
        return result.task;
      });
    },
    async setTaskStatus(ctx, id, status) {
      requireCapability(ctx, "trace.manage");
      const check = new InputCheck();
      const to = check.oneOf("status", status, ["effective", "ineffective"] as const);
      check.done();
      const current = await getTask(ctx, id);
      const from: ProductionTaskStatus = to === "effective" ? "draft" : "effective";
      // The snapshot is what the scan page shows; later line edits never reach an effective task.
      const line =
        to === "effective"
          ? await getLine(ctx, current.lineId).then(({ name, lineCode, workshop, factory }) => ({
              name,
              lineCode,
              workshop,
              factory,
            }))
          : current.line;
      const result = await storage.transaction(async (tx) => {
        const moved = await tx.production.setTaskStatus(ctx.tenantId, id, from, {
          status: to,
          line,
          updatedAt: isoNow(clock),
        });
        if (moved.outcome === "not_found") throw notFound("production task", id);
        if (moved.outcome === "wrong_status" || moved.outcome === "sealed") {
          const state = moved.outcome === "sealed" ? current.status : moved.status;
          throw new OneCodeError(
            "INVALID_STATE_TRANSITION",
            `production task ${id} is ${state}; tasks move draft → effective → ineffective, so it cannot become ${to}`,
            { id, from: state, to },
          );
        }
        await recordAudit(tx, ctx, {
          action: `trace.production_task.${to === "effective" ? "made_effective" : "made_ineffective"}`,
          target: taskTarget(id),
          changes: fieldChanges({ status: { before: from, after: to } }),
        });
        return moved;
      });
      await invalidateBatch(runtime, ctx.tenantId, result.task.batchId, null, "production");
      return result.task;
    },
    async deleteTask(ctx, id) {
      requireCapability(ctx, "trace.manage");
      await storage.transaction(async (tx) => {
        const current = await tx.production.getTask(ctx.tenantId, id);
        const result = await tx.production.deleteDraft(ctx.tenantId, id);
        if (result.outcome !== "deleted" && result.outcome !== "updated") {
          refusal(id, result, "deleted");
        }
        if (current) {
          await recordAudit(tx, ctx, {
            action: "trace.production_task.deleted",
            target: taskTarget(id),
            changes: deletedChanges(current),
          });
        }
      });
    },
  };
}
