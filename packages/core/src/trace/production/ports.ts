import type { PageQuery } from "../../kernel/pagination.js";
import type { SealReference } from "../batches/trace-batch.js";
import type { ProductionLine, ProductionTask, ProductionTaskStatus } from "./production.js";

/** Result of deleting a production line. */
export type ProductionLineDeletion =
  | { readonly outcome: "deleted" }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "has_tasks"; readonly taskCount: number };

/** Result of a conditional task change. */
export type ProductionTaskChange =
  | { readonly outcome: "updated"; readonly task: ProductionTask }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "wrong_status"; readonly status: ProductionTaskStatus }
  | { readonly outcome: "sealed" };

/** Storage of production lines and tasks, scoped by tenant. */
export interface ProductionRepository {
  insertLine(line: ProductionLine): Promise<void>;
  getLine(tenantId: string, id: string): Promise<ProductionLine | null>;
  listLines(tenantId: string, page: PageQuery): Promise<ProductionLine[]>;
  /**
   * Replaces the line's editable fields (`name`, `lineCode`, `workshop`,
   * `factory`, `customFields`, `updatedAt`) atomically; `null` when absent.
   */
  updateLine(tenantId: string, line: ProductionLine): Promise<ProductionLine | null>;
  /** Deletes a line without tasks, atomically. */
  deleteLine(tenantId: string, id: string): Promise<ProductionLineDeletion>;
  /** Stores a draft task; refuses when its batch or line is missing. */
  insertTask(
    task: ProductionTask,
  ): Promise<
    { readonly outcome: "inserted" } | { readonly outcome: "batch_not_found" | "line_not_found" }
  >;
  getTask(tenantId: string, id: string): Promise<ProductionTask | null>;
  listTasks(
    tenantId: string,
    filter: {
      readonly batchId?: string;
      readonly lineId?: string;
      readonly status?: ProductionTaskStatus;
    },
    page: PageQuery,
  ): Promise<ProductionTask[]>;
  /**
   * Replaces a draft's editable fields (`name`, `batchId`, `lineId`,
   * `personInCharge`, `executedAt`, `customFields`, `updatedAt`; the rest is
   * kept) only while it is a draft (atomic check); like `insertTask`, refuses
   * a batch or line that does not exist.
   */
  updateDraft(
    tenantId: string,
    task: ProductionTask,
  ): Promise<ProductionTaskChange | { readonly outcome: "batch_not_found" | "line_not_found" }>;
  /** Moves the status if it is `from`; `line` is stored when the task becomes effective. */
  setTaskStatus(
    tenantId: string,
    id: string,
    from: ProductionTaskStatus,
    change: Pick<ProductionTask, "status" | "line" | "updatedAt">,
  ): Promise<ProductionTaskChange>;
  /** Deletes a draft task only. */
  deleteDraft(
    tenantId: string,
    id: string,
  ): Promise<ProductionTaskChange | { readonly outcome: "deleted" }>;
  /** Marks an effective, unsealed task sealed (inside the ledger transaction); `updatedAt` becomes `seal.sealedAt`. */
  markTaskSealed(tenantId: string, id: string, seal: SealReference): Promise<ProductionTaskChange>;
}
