import { requireReady } from "../codes/csv-export.js";
import {
  countChanges,
  createdChanges,
  deletedChanges,
  fieldChanges,
  updatedChanges,
} from "../kernel/audit/audit-summary.js";
import { isoNow } from "../kernel/clock.js";
import { invalidField, notFound, OneCodeError } from "../kernel/errors.js";
import { InputCheck } from "../kernel/input-check.js";
import { paginate } from "../kernel/pagination.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { StorageRepositories } from "../ports/storage.js";
import type { ActivityBatch, ActivityBatchStatus } from "./activity-batch.js";
import { checkActivityBatchPatch, checkNewActivityBatch } from "./campaign-input.js";
import type { ActivityBatchService } from "./campaign-services.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import { forgetPackageBindings } from "./draw-caches.js";

const BATCH_STATUSES: readonly ActivityBatchStatus[] = ["inactive", "active", "frozen"];

function numberTaken(batchNumber: string): OneCodeError<"BATCH_NUMBER_TAKEN"> {
  return new OneCodeError(
    "BATCH_NUMBER_TAKEN",
    `activity batch number ${batchNumber} is taken in this tenant`,
    { field: "batchNumber", batchNumber },
  );
}

function stateError(
  batch: ActivityBatch,
  to: string,
  required: string,
): OneCodeError<"INVALID_STATE_TRANSITION"> {
  return new OneCodeError(
    "INVALID_STATE_TRANSITION",
    `activity batch ${batch.id} is ${batch.status}; ${to} needs it ${required}`,
    { id: batch.id, from: batch.status, to, required },
  );
}

/** The batch, or `NOT_FOUND`. */
async function requireBatch(
  storage: Pick<StorageRepositories, "activityBatches">,
  tenantId: string,
  id: string,
): Promise<ActivityBatch> {
  const batch = await storage.activityBatches.get(tenantId, id);
  if (!batch) throw notFound("activity batch", id);
  return batch;
}

/**
 * Checks what a batch names: the campaign exists and is not offline, the
 * merchant exists, the product exists and is the merchant's. `NOT_FOUND`
 * names the field.
 */
async function checkReferences(
  storage: StorageRepositories,
  tenantId: string,
  refs: { readonly campaignId: string; readonly merchantId: string; readonly productId: string },
): Promise<void> {
  const campaign = await storage.campaigns.get(tenantId, refs.campaignId);
  if (!campaign) throw notFound("campaign", refs.campaignId, "campaignId");
  if (campaign.status === "offline") {
    throw invalidField(
      "campaignId",
      "campaign_offline",
      "campaignId names a campaign that is offline",
    );
  }
  const merchant = await storage.merchants.get(tenantId, refs.merchantId);
  if (!merchant) throw notFound("merchant", refs.merchantId, "merchantId");
  const product = await storage.products.get(tenantId, refs.productId);
  if (!product) throw notFound("product", refs.productId, "productId");
  if (product.merchantId !== refs.merchantId) {
    throw invalidField(
      "productId",
      "merchant_mismatch",
      `productId must be a product of merchant ${refs.merchantId}`,
    );
  }
}

/**
 * Builds the {@link ActivityBatchService}. States as trace batches:
 * `inactive → active ⇄ frozen`; packages bind only while inactive, a
 * package to one activity batch ever; every change is audited.
 */
export function activityBatchService(runtime: CampaignsRuntime): ActivityBatchService {
  const { ports } = runtime;
  const { storage } = ports;
  const audit = (
    tx: StorageRepositories,
    ctx: TenantContext,
    id: string,
    verb: string,
    changes: Parameters<CampaignsRuntime["recordAudit"]>[2]["changes"],
  ) =>
    runtime.recordAudit(tx, ctx, {
      action: `campaigns.activity_batch.${verb}`,
      target: { type: "activity_batch", id },
      changes,
    });

  /** Writes `after` over `before` (version-checked) and audits `verb`. */
  const write = async (
    ctx: TenantContext,
    before: ActivityBatch,
    after: ActivityBatch,
    verb: string,
    tx: StorageRepositories,
  ) => {
    const written = await tx.activityBatches.update(after, before.version);
    if (written === "number_taken") throw numberTaken(after.batchNumber);
    if (written === "conflict") {
      throw new OneCodeError("BUSY", `activity batch ${before.id} changed concurrently`, {
        resource: "activity_batch",
        attempts: 1,
      });
    }
    // The version moves with every write; the entry names what the operator changed.
    await audit(
      tx,
      ctx,
      before.id,
      verb,
      updatedChanges({ ...before, version: undefined }, { ...after, version: undefined }),
    );
    return after;
  };

  /** Moves the status from one of `from` to `to`. */
  const move = (
    ctx: TenantContext,
    id: string,
    from: readonly ActivityBatchStatus[],
    to: ActivityBatchStatus,
    verb: string,
  ) =>
    storage
      .transaction(async (tx) => {
        const before = await requireBatch(tx, ctx.tenantId, id);
        if (!from.includes(before.status)) throw stateError(before, to, from.join(" or "));
        if (to === "active" && before.packageIds.length === 0) {
          throw new OneCodeError(
            "BATCH_HAS_NO_CODES",
            `activity batch ${id} has no code package bound; bind one before activating it`,
            { id },
          );
        }
        const now = isoNow(ports.clock);
        const after: ActivityBatch = {
          ...before,
          status: to,
          activatedAt: before.activatedAt ?? (to === "active" ? now : null),
          version: before.version + 1,
          updatedAt: now,
        };
        return write(ctx, before, after, verb, tx);
      })
      .then(forgotten);

  /**
   * Drops this process's cached bindings of a batch's packages once its
   * change committed, so draws and scans here see it at once (others within
   * `DRAW_LOOKUP_TTL_MS`).
   */
  const forgotten = (batch: ActivityBatch): ActivityBatch => {
    forgetPackageBindings(runtime, batch.tenantId, batch.packageIds);
    return batch;
  };

  const insert = async (ctx: TenantContext, batch: ActivityBatch, verb: string, from?: string) => {
    await storage.transaction(async (tx) => {
      if ((await tx.activityBatches.insert(batch)) === "number_taken") {
        throw numberTaken(batch.batchNumber);
      }
      await audit(tx, ctx, batch.id, verb, {
        ...createdChanges({ ...batch, version: undefined }),
        ...(from !== undefined && fieldChanges({ copiedFrom: { after: from } })),
      });
    });
    return batch;
  };

  const newBatch = (
    ctx: TenantContext,
    fields: Pick<
      ActivityBatch,
      "batchNumber" | "campaignId" | "merchantId" | "productId" | "remark"
    >,
  ): ActivityBatch => {
    const now = isoNow(ports.clock);
    return {
      tenantId: ctx.tenantId,
      id: ports.ids.newId("acb"),
      ...fields,
      status: "inactive",
      packageIds: [],
      codeCount: 0,
      activatedAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
  };

  return {
    async create(ctx, input) {
      requireCapability(ctx, "campaigns.manage");
      const checked = checkNewActivityBatch(input);
      await checkReferences(storage, ctx.tenantId, checked);
      return insert(ctx, newBatch(ctx, checked), "created");
    },

    async get(ctx, batchId) {
      requireCapability(ctx, "campaigns.read");
      return requireBatch(storage, ctx.tenantId, batchId);
    },

    async list(ctx, filter = {}) {
      requireCapability(ctx, "campaigns.read");
      const check = new InputCheck();
      const status =
        filter.status === undefined
          ? undefined
          : check.oneOf("status", filter.status, BATCH_STATUSES);
      check.done();
      const { campaignId, merchantId, productId } = filter;
      return paginate(filter, (query) =>
        storage.activityBatches.list(
          ctx.tenantId,
          {
            ...(campaignId !== undefined && { campaignId }),
            ...(merchantId !== undefined && { merchantId }),
            ...(productId !== undefined && { productId }),
            ...(status !== undefined && { status }),
          },
          query,
        ),
      );
    },

    async update(ctx, batchId, input) {
      requireCapability(ctx, "campaigns.manage");
      const patch = checkActivityBatchPatch(input);
      const loaded = await requireBatch(storage, ctx.tenantId, batchId);
      const fixed = (["batchNumber", "campaignId", "merchantId", "productId"] as const).filter(
        (field) => patch[field] !== undefined && patch[field] !== loaded[field],
      );
      if (loaded.status !== "inactive" && fixed.length > 0) {
        // An active or frozen batch has codes in consumers' hands: only its remark may change.
        throw stateError(loaded, `change ${fixed.join(", ")}`, "inactive");
      }
      const merged = { ...loaded, ...patch };
      if (fixed.some((field) => field !== "batchNumber")) {
        await checkReferences(storage, ctx.tenantId, merged);
      }
      return storage
        .transaction(async (tx) => {
          const before = await requireBatch(tx, ctx.tenantId, batchId);
          if (before.version !== loaded.version) {
            throw new OneCodeError("BUSY", `activity batch ${batchId} changed concurrently`, {
              resource: "activity_batch",
              attempts: 1,
            });
          }
          const after: ActivityBatch = {
            ...before,
            ...patch,
            version: before.version + 1,
            updatedAt: isoNow(ports.clock),
          };
          return write(ctx, before, after, "updated", tx);
        })
        .then(forgotten);
    },

    async copy(ctx, batchId, input) {
      requireCapability(ctx, "campaigns.manage");
      const check = new InputCheck();
      const batchNumber = check.text("batchNumber", input?.batchNumber, { max: 50 });
      check.done();
      const source = await requireBatch(storage, ctx.tenantId, batchId);
      await checkReferences(storage, ctx.tenantId, source);
      const { campaignId, merchantId, productId, remark } = source;
      return insert(
        ctx,
        newBatch(ctx, { batchNumber, campaignId, merchantId, productId, remark }),
        "copied",
        batchId,
      );
    },

    async bindPackage(ctx, batchId, packageId) {
      requireCapability(ctx, "campaigns.manage");
      const batch = await requireBatch(storage, ctx.tenantId, batchId);
      if (batch.status !== "inactive") throw stateError(batch, "bind a package", "inactive");
      const pkg = await storage.codePackages.get(ctx.tenantId, packageId);
      if (!pkg) throw notFound("code package", packageId, "packageId");
      // A package's merchant never changes, so reading it before the bind is race-free.
      if (pkg.merchantId !== batch.merchantId) {
        throw invalidField(
          "packageId",
          "merchant_mismatch",
          `packageId must be a package of the batch's merchant ${batch.merchantId}`,
        );
      }
      if (pkg.productId !== null && pkg.productId !== batch.productId) {
        // Codes made for one product must not lead to another product's campaign.
        throw invalidField(
          "packageId",
          "product_mismatch",
          `packageId names product ${pkg.productId}; only packages of the batch's product or of no product can be bound`,
        );
      }
      requireReady(pkg);
      return storage
        .transaction(async (tx) => {
          const current = await requireBatch(tx, ctx.tenantId, batchId);
          if (current.status !== "inactive")
            throw stateError(current, "bind a package", "inactive");
          const bound = await tx.activityBatches.bindPackage(
            ctx.tenantId,
            batchId,
            packageId,
            pkg.total,
            isoNow(ports.clock),
          );
          if (bound.outcome === "not_found") throw notFound("activity batch", batchId);
          if (bound.outcome === "taken") {
            throw new OneCodeError(
              "PACKAGE_ALREADY_BOUND",
              `code package ${packageId} is bound to activity batch ${bound.batchId} already; a code plays in one batch only`,
              { packageId, batchId: bound.batchId },
            );
          }
          await audit(tx, ctx, batchId, "package_bound", {
            ...fieldChanges({ packageId: { after: packageId } }),
            ...countChanges({ codeCount: pkg.total }),
          });
          return bound.batch;
        })
        .then(forgotten);
    },

    async activate(ctx, batchId) {
      requireCapability(ctx, "campaigns.manage");
      return move(ctx, batchId, ["inactive", "frozen"], "active", "activated");
    },

    async freeze(ctx, batchId) {
      requireCapability(ctx, "campaigns.manage");
      return move(ctx, batchId, ["active"], "frozen", "frozen");
    },

    async delete(ctx, batchId) {
      requireCapability(ctx, "campaigns.manage");
      const deleted = await storage.transaction(async (tx) => {
        const batch = await requireBatch(tx, ctx.tenantId, batchId);
        if (batch.status !== "inactive") throw stateError(batch, "delete", "inactive");
        await tx.activityBatches.delete(ctx.tenantId, batchId);
        await audit(tx, ctx, batchId, "deleted", deletedChanges({ ...batch, version: undefined }));
        return batch;
      });
      forgotten(deleted);
    },
  };
}
