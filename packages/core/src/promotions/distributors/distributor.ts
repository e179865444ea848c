/** The tenant default before any settings are saved: 0% (no commission). */
export const DEFAULT_DISTRIBUTOR_RATE = "0";

/** Event recorded when staff approve a withdrawal; its handler pays it out. */
export const WITHDRAWAL_APPROVED_EVENT = "distributor.withdrawal_approved";

/** A tenant's distribution settings (分销设置). */
export interface DistributorSettings {
  readonly tenantId: string;
  /** Commission percentage of an order's paid goods amount, e.g. `"5"` for 5% (kernel `percentRate`). */
  readonly defaultRate: string;
  readonly updatedAt: string | null;
}

/** Where an application stands: waiting, approved (earns commission), or rejected (may apply again). */
export type DistributorStatus = "pending" | "approved" | "rejected";

/**
 * A distributor (分销员): a customer who applied to earn commission on
 * orders placed with their code, with their commission balances (minor
 * units of the tenant's currency).
 */
export interface Distributor {
  readonly tenantId: string;
  /** `dsr_…` */
  readonly id: string;
  /** The customer (consumer actor id); one distributor per customer. */
  readonly customerId: string;
  /** What buyers pass as `pricingOptions.distributorCode`; unique within the tenant. */
  readonly code: string;
  readonly status: DistributorStatus;
  /** The distributor's own commission percentage, or `null` for the tenant's default. */
  readonly rate: string | null;
  /** Mainland mobile number for SMS (a paid withdrawal's `withdrawal.paid` notification), or `null`. */
  readonly phone: string | null;
  /** The applicant's note, then the staff's reason of a rejection. */
  readonly note: string | null;
  /** Commission credited (completed orders), less reversals. */
  readonly earned: number;
  /** Withdrawals requested or approved, not yet paid out. */
  readonly withdrawing: number;
  /** Withdrawals paid out. */
  readonly withdrawn: number;
  readonly appliedAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
  readonly updatedAt: string;
}

/**
 * Commission of one order (id = the order id): `attributed` when the order
 * was placed with the distributor's code, `earned` when it completed,
 * `void` when it closed without completing.
 */
export interface Commission {
  readonly tenantId: string;
  /** The order id. */
  readonly id: string;
  readonly distributorId: string;
  readonly buyerId: string;
  /** The percentage in force when the order was placed. */
  readonly rate: string;
  /** The order's goods amount when placed (what the estimate is computed on). */
  readonly base: number;
  readonly status: "attributed" | "earned" | "void";
  /** Credited commission (0 until earned). */
  readonly amount: number;
  /** Part of `amount` taken back by refunds. */
  readonly reversed: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Where a withdrawal stands: `requested → approved → paid | failed`, or `requested → rejected`. */
export type WithdrawalStatus = "requested" | "approved" | "rejected" | "paid" | "failed";

/** A distributor's request to be paid commission (提现). */
export interface Withdrawal {
  readonly tenantId: string;
  /** `wdr_…`; also the idempotency key of its transfer. */
  readonly id: string;
  readonly distributorId: string;
  readonly customerId: string;
  /** Minor units, at least 100 (1.00). */
  readonly amount: number;
  readonly status: WithdrawalStatus;
  /** Staff's reason of a rejection. */
  readonly reason: string | null;
  /** The payment port's id of the transfer. */
  readonly paymentId: string | null;
  /** Why the transfer failed. */
  readonly failureCode: string | null;
  readonly requestedAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
  readonly updatedAt: string;
}

/** A distributor's money at a glance (minor units). */
export interface DistributorStatistics {
  /** Commission credited for completed orders, less reversals. */
  readonly earned: number;
  /** Estimated commission of attributed orders not completed yet. */
  readonly pending: number;
  /** Requested or approved withdrawals not paid yet. */
  readonly withdrawing: number;
  readonly withdrawn: number;
  /** What can be withdrawn now: earned − withdrawing − withdrawn (negative after a reversal of withdrawn money). */
  readonly available: number;
  /** Orders attributed, in all. */
  readonly orders: number;
}
