import type {
  Coupon,
  CouponCode,
  CouponCodeState,
  CouponCodeVia,
  CouponKind,
  CouponStatus,
  CouponValue,
} from "@onecode/core";
import type { Insertable, Selectable } from "kysely";
import { type CouponCodesTable, type CouponsTable, countFromColumn } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";

const isoOrNull = (value: Date | string | null) => (value === null ? null : isoTimestamp(value));

/** A coupon from its row. */
export function couponFromRow(row: Selectable<CouponsTable>): Coupon {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    kind: row.kind as CouponKind,
    name: row.name,
    status: row.status as CouponStatus,
    value: row.value as CouponValue,
    threshold: countFromColumn(row.threshold),
    validFrom: isoTimestamp(row.valid_from),
    validUntil: isoTimestamp(row.valid_until),
    scope: row.scope as Coupon["scope"],
    perCustomerLimit: row.per_customer_limit,
    codePrefix: row.code_prefix,
    code: row.code,
    useLimit: row.use_limit === null ? null : countFromColumn(row.use_limit),
    useCount: countFromColumn(row.use_count),
    claimToken: row.claim_token,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
    publishedAt: isoOrNull(row.published_at),
    abandonedAt: isoOrNull(row.abandoned_at),
  };
}

/** A coupon's row. */
export function couponToRow(coupon: Coupon): Insertable<CouponsTable> {
  return {
    tenant_id: coupon.tenantId,
    id: coupon.id,
    kind: coupon.kind,
    name: coupon.name,
    status: coupon.status,
    value: JSON.stringify(coupon.value),
    threshold: coupon.threshold,
    valid_from: coupon.validFrom,
    valid_until: coupon.validUntil,
    scope: JSON.stringify(coupon.scope),
    per_customer_limit: coupon.perCustomerLimit,
    code_prefix: coupon.codePrefix,
    code: coupon.code,
    use_limit: coupon.useLimit,
    use_count: coupon.useCount,
    claim_token: coupon.claimToken,
    created_at: coupon.createdAt,
    updated_at: coupon.updatedAt,
    published_at: coupon.publishedAt,
    abandoned_at: coupon.abandonedAt,
  };
}

/** A coupon code from its row. */
export function couponCodeFromRow(row: Selectable<CouponCodesTable>): CouponCode {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    couponId: row.coupon_id,
    code: row.code,
    state: row.state as CouponCodeState,
    holderId: row.holder_id,
    via: row.via as CouponCodeVia | null,
    grantKey: row.grant_key,
    heldAt: isoOrNull(row.held_at),
    orderId: row.order_id,
    usedAt: isoOrNull(row.used_at),
  };
}

/** A coupon code's row. */
export function couponCodeToRow(code: CouponCode): Insertable<CouponCodesTable> {
  return {
    tenant_id: code.tenantId,
    id: code.id,
    coupon_id: code.couponId,
    code: code.code,
    state: code.state,
    holder_id: code.holderId,
    via: code.via,
    grant_key: code.grantKey,
    held_at: code.heldAt,
    order_id: code.orderId,
    used_at: code.usedAt,
  };
}
