import type {
  Commission,
  Distributor,
  DistributorSettings,
  DistributorStatus,
  Withdrawal,
  WithdrawalStatus,
} from "./distributor.js";

/** Result of {@link DistributorRepository.insert}. */
export type DistributorInsertion =
  | { readonly outcome: "inserted" }
  /** The customer has a distributor record already; nothing was stored. */
  | { readonly outcome: "customer_exists"; readonly distributor: Distributor }
  | { readonly outcome: "code_taken" };

/** A decision on an application (see {@link DistributorRepository.decide}). */
export interface DistributorDecision {
  readonly status: DistributorStatus;
  readonly rate: string | null;
  readonly note: string | null;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
}

/** Result of {@link DistributorRepository.requestWithdrawal}. */
export type WithdrawalRequestOutcome =
  | { readonly outcome: "requested" }
  /** Less is available than asked; nothing was requested. */
  | { readonly outcome: "insufficient"; readonly available: number }
  | { readonly outcome: "not_found" };

/** The fields a withdrawal move sets (see {@link DistributorRepository.moveWithdrawal}). */
export interface WithdrawalMove {
  readonly status: WithdrawalStatus;
  readonly reason?: string | null;
  readonly paymentId?: string | null;
  readonly failureCode?: string | null;
  readonly decidedAt?: string | null;
  readonly decidedBy?: string | null;
  readonly updatedAt: string;
}

/**
 * Storage of distribution (分销): settings, distributors and their
 * balances, commissions per order and withdrawals, scoped by tenant. Every
 * method that moves money between balances is one atomic step.
 */
export interface DistributorRepository {
  getSettings(tenantId: string): Promise<DistributorSettings | null>;
  saveSettings(settings: DistributorSettings): Promise<void>;
  /** Stores a new distributor unless the customer has one or the code is taken. */
  insert(distributor: Distributor): Promise<DistributorInsertion>;
  get(tenantId: string, id: string): Promise<Distributor | null>;
  getByCustomer(tenantId: string, customerId: string): Promise<Distributor | null>;
  getByCode(tenantId: string, code: string): Promise<Distributor | null>;
  /** Newest first; `status` null for all. */
  list(
    tenantId: string,
    options: {
      readonly status: DistributorStatus | null;
      readonly beforeId: string | null;
      readonly limit: number;
    },
  ): Promise<Distributor[]>;
  /**
   * Sets status, rate, note and decision of a distributor whose status is
   * `from` (compare-and-set; balances untouched); `null` when it is not.
   */
  decide(
    tenantId: string,
    id: string,
    from: DistributorStatus,
    decision: DistributorDecision & { readonly updatedAt: string },
  ): Promise<Distributor | null>;
  /** Stores the order's commission; false (nothing stored) when the order has one. */
  attribute(commission: Commission): Promise<boolean>;
  getCommission(tenantId: string, orderId: string): Promise<Commission | null>;
  /** The distributor's commissions, newest first. */
  listCommissions(
    tenantId: string,
    distributorId: string,
    options: { readonly beforeId: string | null; readonly limit: number },
  ): Promise<Commission[]>;
  /** Σ `base` and count of the distributor's `attributed` commissions (the estimate is the caller's). */
  attributedOf(
    tenantId: string,
    distributorId: string,
  ): Promise<{ readonly commissions: readonly Commission[]; readonly orders: number }>;
  /**
   * Marks an `attributed` commission earned with `amount` and credits it to
   * the distributor's `earned`, atomically, once; `null` when it was not attributed.
   */
  earn(tenantId: string, orderId: string, amount: number, at: string): Promise<Commission | null>;
  /**
   * Raises an earned commission's `reversed` to `reversed` (never lowers
   * it, never above its amount) and takes the difference off `earned`,
   * atomically; an `attributed` one becomes `void`. `null` when unknown.
   */
  reverseTo(
    tenantId: string,
    orderId: string,
    reversed: number,
    at: string,
  ): Promise<Commission | null>;
  /**
   * Stores a `requested` withdrawal and adds its amount to `withdrawing`
   * only if `earned − withdrawing − withdrawn` covers it, atomically: two
   * concurrent requests never withdraw the same money.
   */
  requestWithdrawal(withdrawal: Withdrawal): Promise<WithdrawalRequestOutcome>;
  getWithdrawal(tenantId: string, id: string): Promise<Withdrawal | null>;
  /** Newest first; null filters match all. */
  listWithdrawals(
    tenantId: string,
    options: {
      readonly distributorId: string | null;
      readonly status: WithdrawalStatus | null;
      readonly beforeId: string | null;
      readonly limit: number;
    },
  ): Promise<Withdrawal[]>;
  /**
   * Moves a withdrawal whose status is `from` (compare-and-set) and its
   * distributor's balances with it: to `rejected` or `failed` the amount
   * leaves `withdrawing` (available again); to `paid` it moves from
   * `withdrawing` to `withdrawn`. `null` when its status is not `from`.
   */
  moveWithdrawal(
    tenantId: string,
    id: string,
    from: WithdrawalStatus,
    move: WithdrawalMove,
  ): Promise<Withdrawal | null>;
}

/** The distribution part of the storage port. */
export interface DistributorRepositories {
  readonly distributors: DistributorRepository;
}
