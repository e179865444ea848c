import { fieldChanges } from "../../kernel/audit/audit-summary.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { MAX_PAGE_LIMIT } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { requireBatch } from "../batches/batch-references.js";
import type { TraceBatch } from "../batches/trace-batch.js";
import { invalidateBatch, type TraceRuntime } from "../trace-runtime.js";
import type { SealService } from "../trace-services.js";
import type { LedgerEntry } from "./ledger.js";
import { anchorPendingEntries } from "./ledger-anchoring.js";
import { appendSeal } from "./ledger-append.js";
import { verifyBatchSeal, verifyTenantChain } from "./ledger-verification.js";
import {
  batchSealContent,
  contentHashOf,
  sealedProductOf,
  taskSealContent,
} from "./seal-hashes.js";

/** Sealing retries when the batch changed between reading and sealing it. */
const SEAL_ATTEMPTS = 8;

/** The batch changed after its content was hashed: seal again from a fresh read. */
class BatchChanged extends Error {}

function alreadySealed(kind: string, id: string, sequence?: number): OneCodeError<"SEALED"> {
  const where = sequence === undefined ? "" : ` (ledger entry ${sequence})`;
  return new OneCodeError("SEALED", `${kind} ${id} is sealed already${where}`, {
    id,
    ...(sequence !== undefined && { sequence }),
  });
}

// Verifying and listing need `trace.read`; sealing needs `trace.seal`.

/** Builds the sealing (上链) use cases. */
export function sealService(runtime: TraceRuntime): SealService {
  const { storage } = runtime.ports;
  const recordAudit = auditRecorder(runtime.ports);
  const sealChanges = (seal: { sequence: number; hash: string }, contentHash: string) =>
    fieldChanges({
      sealSequence: { before: null, after: seal.sequence },
      contentHash: { after: contentHash },
      entryHash: { after: seal.hash },
    });

  const sealBatchOnce = async (ctx: TenantContext, batchId: string) => {
    const batch = await requireBatch(runtime, ctx.tenantId, batchId);
    if (batch.seal !== null) throw alreadySealed("trace batch", batchId, batch.seal.sequence);
    const packages = await storage.traceBatches.listPackages(ctx.tenantId, batchId);
    if (packages.length === 0) {
      throw new OneCodeError(
        "BATCH_HAS_NO_CODES",
        `trace batch ${batchId} has no code package bound; bind one before sealing`,
        { id: batchId },
      );
    }
    const product = await storage.products.get(ctx.tenantId, batch.productId);
    if (!product) throw notFound("product", batch.productId);
    const sealedProduct = sealedProductOf(product);
    const contentHash = contentHashOf(batchSealContent(batch, sealedProduct));
    let sealed: TraceBatch | null = null;
    const entry = await appendSeal(
      runtime,
      { tenantId: ctx.tenantId, kind: "batch", id: batchId, contentHash },
      async (tx, seal) => {
        // The version check makes the hashed fields exactly the ones sealed.
        const marked = await tx.traceBatches.markSealed(
          ctx.tenantId,
          batchId,
          seal,
          sealedProduct,
          batch.version,
        );
        if (marked.outcome === "updated") sealed = marked.batch;
        else if (marked.outcome === "not_found") throw notFound("trace batch", batchId);
        else if (marked.outcome === "sealed") throw alreadySealed("trace batch", batchId);
        else throw new BatchChanged();
        await recordAudit(tx, ctx, {
          action: "trace.batch.sealed",
          target: { type: "trace_batch", id: batchId },
          changes: sealChanges(seal, contentHash),
        });
      },
    );
    const version = (sealed as TraceBatch | null)?.version ?? null;
    await invalidateBatch(runtime, ctx.tenantId, batchId, version, "sealed");
    return entry;
  };

  return {
    async sealBatch(ctx, batchId) {
      requireCapability(ctx, "trace.seal");
      for (let attempt = 1; ; attempt++) {
        try {
          return await sealBatchOnce(ctx, batchId);
        } catch (error) {
          if (!(error instanceof BatchChanged) || attempt >= SEAL_ATTEMPTS) throw error;
        }
      }
    },
    async sealTask(ctx, taskId) {
      requireCapability(ctx, "trace.seal");
      const task = await storage.production.getTask(ctx.tenantId, taskId);
      if (!task) throw notFound("production task", taskId);
      if (task.seal !== null) throw alreadySealed("production task", taskId, task.seal.sequence);
      if (task.status !== "effective") {
        throw new OneCodeError(
          "INVALID_STATE_TRANSITION",
          `production task ${taskId} is ${task.status}; only effective tasks can be sealed`,
          { id: taskId, from: task.status, required: "effective" },
        );
      }
      const contentHash = contentHashOf(taskSealContent(task));
      const entry = await appendSeal(
        runtime,
        { tenantId: ctx.tenantId, kind: "production_task", id: taskId, contentHash },
        async (tx, seal) => {
          const marked = await tx.production.markTaskSealed(ctx.tenantId, taskId, seal);
          if (marked.outcome === "updated") {
            await recordAudit(tx, ctx, {
              action: "trace.production_task.sealed",
              target: { type: "production_task", id: taskId },
              changes: sealChanges(seal, contentHash),
            });
            return;
          }
          if (marked.outcome === "not_found") throw notFound("production task", taskId);
          if (marked.outcome === "sealed") throw alreadySealed("production task", taskId);
          throw new OneCodeError(
            "INVALID_STATE_TRANSITION",
            `production task ${taskId} is ${marked.status}; only effective tasks can be sealed`,
            { id: taskId, from: marked.status, required: "effective" },
          );
        },
      );
      await invalidateBatch(runtime, ctx.tenantId, task.batchId, null, "production");
      return entry;
    },
    async verifySeal(ctx, batchId) {
      requireCapability(ctx, "trace.read");
      const batch = await requireBatch(runtime, ctx.tenantId, batchId);
      if (batch.seal === null) {
        const entry = await storage.ledger.findBySubject(ctx.tenantId, "batch", batchId);
        // An entry for a batch that no longer records its seal: the batch row was changed.
        if (entry) {
          const problem = "content_mismatch" as const;
          const { sequence, subjectKind, subjectId } = entry;
          return {
            valid: false,
            entries: 1,
            problems: [{ sequence, problem, subjectKind, subjectId }],
          };
        }
        throw notFound("seal of trace batch", batchId);
      }
      return verifyBatchSeal(storage, { ...batch, seal: batch.seal });
    },
    async verifyChain(ctx) {
      requireCapability(ctx, "trace.read");
      return verifyTenantChain(storage, ctx.tenantId);
    },
    async listEntries(ctx, query = {}): Promise<LedgerEntry[]> {
      requireCapability(ctx, "trace.read");
      const check = new InputCheck();
      const afterSequence = query.afterSequence ?? 0;
      const limit = query.limit ?? 50;
      if (!Number.isSafeInteger(afterSequence) || afterSequence < 0) {
        check.fail("afterSequence", "range", "afterSequence must be a whole number from 0");
      }
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
        check.fail("limit", "range", `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
      }
      check.done();
      return storage.ledger.list(ctx.tenantId, afterSequence, limit);
    },
    anchorPending: (options = {}) => anchorPendingEntries(runtime, options.limit),
  };
}
