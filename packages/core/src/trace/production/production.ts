import type { SealReference } from "../batches/trace-batch.js";
import type { CustomField, CustomFieldInput } from "../custom-field.js";

/** A production line (生产线). */
export interface ProductionLine {
  readonly id: string;
  readonly tenantId: string;
  /** 1-50 characters. */
  readonly name: string;
  /** The factory's own line id, up to 50 characters. */
  readonly lineCode: string;
  readonly workshop: string;
  readonly factory: string;
  readonly customFields: readonly CustomField[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `production.createLine` / `updateLine`. */
export interface ProductionLineInput {
  readonly name: string;
  readonly lineCode?: string;
  readonly workshop?: string;
  readonly factory?: string;
  readonly customFields?: readonly CustomFieldInput[];
}

/**
 * Task states: `draft → effective → ineffective`. Effective tasks are shown
 * on scan and never change again; making one ineffective keeps its history.
 */
export type ProductionTaskStatus = "draft" | "effective" | "ineffective";

/** Line details frozen into a task when it becomes effective. */
export interface ProductionLineSnapshot {
  readonly name: string;
  readonly lineCode: string;
  readonly workshop: string;
  readonly factory: string;
}

/** A production task (生产任务) of a trace batch on a production line. */
export interface ProductionTask {
  readonly id: string;
  readonly tenantId: string;
  /** 1-50 characters. */
  readonly name: string;
  readonly batchId: string;
  readonly lineId: string;
  readonly personInCharge: string;
  /** ISO-8601. */
  readonly executedAt: string;
  readonly customFields: readonly CustomField[];
  readonly status: ProductionTaskStatus;
  /** Set when the task becomes effective. */
  readonly line: ProductionLineSnapshot | null;
  readonly seal: SealReference | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `production.createTask` / `updateTask` (drafts only). */
export interface ProductionTaskInput {
  readonly name: string;
  readonly batchId: string;
  readonly lineId: string;
  readonly personInCharge?: string;
  readonly executedAt: string;
  readonly customFields?: readonly CustomFieldInput[];
}
