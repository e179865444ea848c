/** Activity batch states, as trace batches: `inactive → active ⇄ frozen`. */
export type ActivityBatchStatus = "inactive" | "active" | "frozen";

/**
 * An activity batch (活动批次): binds a campaign to a merchant's product and
 * to code packages; once active, scanning one of its codes leads to the
 * campaign. A package is bound to at most one activity batch, ever, and each
 * code plays at most once.
 */
export interface ActivityBatch {
  readonly tenantId: string;
  /** `acb_…` from the ids port. */
  readonly id: string;
  /** 1-50 characters, unique within the tenant. */
  readonly batchNumber: string;
  readonly campaignId: string;
  readonly merchantId: string;
  readonly productId: string;
  readonly remark: string;
  readonly status: ActivityBatchStatus;
  /** Ids of the bound code packages, in binding order. */
  readonly packageIds: readonly string[];
  /** Codes in the bound packages. */
  readonly codeCount: number;
  /** When first activated, or `null`. */
  readonly activatedAt: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `activityBatches.create`. */
export interface ActivityBatchInput {
  readonly batchNumber: string;
  readonly campaignId: string;
  readonly merchantId: string;
  readonly productId: string;
  readonly remark?: string;
}

/** A change of an inactive batch (an active or frozen one keeps its campaign, merchant and product). */
export interface ActivityBatchPatch {
  readonly batchNumber?: string;
  readonly campaignId?: string;
  readonly merchantId?: string;
  readonly productId?: string;
  readonly remark?: string;
}
