import type { ActivityBatch, Campaign, Draw, Prize } from "@onecode/core";
import type { Insertable, Selectable } from "kysely";
import {
  type ActivityBatchesTable,
  type CampaignsTable,
  countFromColumn,
  type DrawsTable,
  type PrizesTable,
} from "../database.js";
import { isoTimestamp } from "./row-mapping.js";

// node-postgres and PGlite both hand jsonb back parsed; text is parsed in case a driver does not.
function parsed<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

const nullableIso = (value: Date | string | null) => (value === null ? null : isoTimestamp(value));
const nullableNumber = (value: string | bigint | number | null) =>
  value === null ? null : countFromColumn(value);
const nullableJson = (value: unknown) => (value === null ? null : JSON.stringify(value));

/** The core record of a `onecode_prizes` row. */
export function prizeFromRow(row: Selectable<PrizesTable>): Prize {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    description: row.description,
    coverImage: row.cover_image,
    detailImage: row.detail_image,
    kind: row.kind,
    totalStock: row.total_stock,
    allocated: row.allocated,
    redirectUrl: row.redirect_url,
    cashAmount: nullableNumber(row.cash_amount),
    points: nullableNumber(row.points),
    couponId: row.coupon_id,
    purchase: row.purchase === null ? null : parsed(row.purchase),
    funds:
      row.funds_status === null
        ? null
        : {
            holdId: row.funds_hold_id,
            status: row.funds_status,
            frozen: countFromColumn(row.funds_frozen ?? 0),
            settled: countFromColumn(row.funds_settled ?? 0),
            released: countFromColumn(row.funds_released ?? 0),
          },
    cdkHandedOut: row.cdk_handed_out,
    version: row.version,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The `onecode_prizes` row of a core record. */
export function prizeToRow(prize: Prize): Insertable<PrizesTable> {
  return {
    tenant_id: prize.tenantId,
    id: prize.id,
    name: prize.name,
    description: prize.description,
    cover_image: prize.coverImage,
    detail_image: prize.detailImage,
    kind: prize.kind,
    total_stock: prize.totalStock,
    allocated: prize.allocated,
    redirect_url: prize.redirectUrl,
    cash_amount: prize.cashAmount,
    points: prize.points,
    coupon_id: prize.couponId,
    purchase: nullableJson(prize.purchase),
    funds_hold_id: prize.funds?.holdId ?? null,
    funds_status: prize.funds?.status ?? null,
    funds_frozen: prize.funds?.frozen ?? null,
    funds_settled: prize.funds?.settled ?? null,
    funds_released: prize.funds?.released ?? null,
    cdk_handed_out: prize.cdkHandedOut,
    version: prize.version,
    created_at: prize.createdAt,
    updated_at: prize.updatedAt,
  };
}

/** The core record of a `onecode_campaigns` row. */
export function campaignFromRow(row: Selectable<CampaignsTable>): Campaign {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    template: row.template,
    title: row.title,
    startsAt: isoTimestamp(row.starts_at),
    endsAt: isoTimestamp(row.ends_at),
    rules: row.rules,
    topImage: row.top_image,
    slots: parsed(row.slots),
    status: row.status,
    publishedAt: nullableIso(row.published_at),
    version: row.version,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The `onecode_campaigns` row of a core record. */
export function campaignToRow(campaign: Campaign): Insertable<CampaignsTable> {
  return {
    tenant_id: campaign.tenantId,
    id: campaign.id,
    template: campaign.template,
    title: campaign.title,
    starts_at: campaign.startsAt,
    ends_at: campaign.endsAt,
    rules: campaign.rules,
    top_image: campaign.topImage,
    slots: JSON.stringify(campaign.slots),
    status: campaign.status,
    published_at: campaign.publishedAt,
    version: campaign.version,
    created_at: campaign.createdAt,
    updated_at: campaign.updatedAt,
  };
}

/** The core record of a `onecode_activity_batches` row. */
export function activityBatchFromRow(row: Selectable<ActivityBatchesTable>): ActivityBatch {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    batchNumber: row.batch_number,
    campaignId: row.campaign_id,
    merchantId: row.merchant_id,
    productId: row.product_id,
    remark: row.remark,
    status: row.status,
    packageIds: row.package_ids,
    codeCount: countFromColumn(row.code_count),
    activatedAt: nullableIso(row.activated_at),
    version: row.version,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The `onecode_activity_batches` row of a core record. */
export function activityBatchToRow(batch: ActivityBatch): Insertable<ActivityBatchesTable> {
  return {
    tenant_id: batch.tenantId,
    id: batch.id,
    batch_number: batch.batchNumber,
    campaign_id: batch.campaignId,
    merchant_id: batch.merchantId,
    product_id: batch.productId,
    remark: batch.remark,
    status: batch.status,
    package_ids: [...batch.packageIds],
    code_count: batch.codeCount,
    activated_at: batch.activatedAt,
    version: batch.version,
    created_at: batch.createdAt,
    updated_at: batch.updatedAt,
  };
}

/** The core record of a `onecode_draws` row. */
export function drawFromRow(row: Selectable<DrawsTable>): Draw {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    campaignId: row.campaign_id,
    activityBatchId: row.activity_batch_id,
    code: row.code,
    accountId: row.account_id,
    slot: row.slot,
    prizeId: row.prize_id,
    prizeKind: row.prize_kind,
    prizeName: row.prize_name,
    noPrizeReason: row.no_prize_reason,
    prizeState: row.prize_state,
    receipt: parsed(row.receipt),
    drawnAt: isoTimestamp(row.drawn_at),
    claimedAt: nullableIso(row.claimed_at),
    claimBy: nullableIso(row.claim_by),
    cdkKey: row.cdk_key,
    recipient: row.recipient === null ? null : parsed(row.recipient),
    shipping: row.shipping === null ? null : parsed(row.shipping),
    payoutStatus: row.payout_status,
    paidAmount: countFromColumn(row.paid_amount),
    returnedAmount: countFromColumn(row.returned_amount),
  };
}

/** The `onecode_draws` row of a core record. */
export function drawToRow(draw: Draw): Insertable<DrawsTable> {
  return {
    tenant_id: draw.tenantId,
    id: draw.id,
    campaign_id: draw.campaignId,
    activity_batch_id: draw.activityBatchId,
    code: draw.code,
    account_id: draw.accountId,
    slot: draw.slot,
    prize_id: draw.prizeId,
    prize_kind: draw.prizeKind,
    prize_name: draw.prizeName,
    no_prize_reason: draw.noPrizeReason,
    prize_state: draw.prizeState,
    receipt: JSON.stringify(draw.receipt),
    drawn_at: draw.drawnAt,
    claimed_at: draw.claimedAt,
    claim_by: draw.claimBy,
    cdk_key: draw.cdkKey,
    recipient: nullableJson(draw.recipient),
    shipping: nullableJson(draw.shipping),
    payout_status: draw.payoutStatus,
    paid_amount: draw.paidAmount,
    returned_amount: draw.returnedAmount,
  };
}
