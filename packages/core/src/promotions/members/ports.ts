import type {
  MemberCustomer,
  MemberLevel,
  MemberSettings,
  MemberTag,
  PointsEntry,
} from "./member-records.js";

/**
 * Which customers {@link MemberCustomerRepository.list} and `count` match:
 * every field given must hold (an empty query is every customer).
 */
export interface CustomerQuery {
  /** Carrying at least one of these tags. */
  readonly tagIds?: readonly string[];
  /** Level score (experience, or points earned) inside at least one range, `max` exclusive (null: none). */
  readonly scoreRanges?: {
    readonly field: "experience" | "points_earned";
    readonly ranges: readonly { readonly min: number; readonly max: number | null }[];
  };
  readonly blacklisted?: boolean;
  /** Only customers with a positive points balance. */
  readonly withPoints?: boolean;
  readonly minOrders?: number;
  readonly maxOrders?: number;
  readonly minSpent?: number;
  /** `lastOrderAt` at or after. */
  readonly orderedSince?: string;
  /** No order at or after (never ordered included). */
  readonly notOrderedSince?: string;
  /** `lastSeenAt` at or after. */
  readonly activeSince?: string;
}

/** Storage of customers, scoped by tenant. */
export interface MemberCustomerRepository {
  /** Stores a new customer (version 1); `false` when the tenant has it already (nothing written). */
  insert(customer: MemberCustomer): Promise<boolean>;
  get(tenantId: string, id: string): Promise<MemberCustomer | null>;
  /**
   * Replaces every field but `tenantId`, `id`, `registeredAt` and
   * `pointsBalance`/`pointsEarned` (the ledger's) when the stored version is
   * `expectedVersion`; `customer.version` must be `expectedVersion + 1`.
   * `false` when another change won (nothing written).
   */
  update(customer: MemberCustomer, expectedVersion: number): Promise<boolean>;
  /** Matching customers by ascending id after `afterId` (exclusive), at most `limit`. */
  list(
    tenantId: string,
    query: CustomerQuery,
    page: { readonly afterId: string | null; readonly limit: number },
  ): Promise<MemberCustomer[]>;
  count(tenantId: string, query: CustomerQuery): Promise<number>;
  /** Takes the tag off every customer carrying it (bumping their version); answers how many. */
  removeTag(tenantId: string, tagId: string, at: string): Promise<number>;
}

/** Result of {@link PointsLedgerRepository.record}. */
export type PointsRecording =
  | { readonly outcome: "recorded"; readonly entry: PointsEntry }
  /** The balance would go below zero; nothing written. */
  | { readonly outcome: "insufficient"; readonly balance: number }
  /** An entry with this key exists (the change was applied before); nothing written. */
  | { readonly outcome: "duplicate"; readonly entry: PointsEntry }
  | { readonly outcome: "no_customer" };

/** The points ledger: every change of a balance, applied atomically with it. */
export interface PointsLedgerRepository {
  /**
   * Atomically: refuses a duplicate key, adds `delta` to the customer's
   * balance unless it would fall below zero (and `delta` of `earn` entries to
   * `pointsEarned`), and appends the entry with the new balance.
   */
  record(entry: Omit<PointsEntry, "balanceAfter">): Promise<PointsRecording>;
  getByKey(tenantId: string, key: string): Promise<PointsEntry | null>;
  /** The customer's entries, newest first, ids below `beforeId`. */
  list(
    tenantId: string,
    customerId: string,
    page: { readonly beforeId: string | null; readonly limit: number },
  ): Promise<PointsEntry[]>;
  /** Σ positive deltas of the customer's entries credited in years after `year`. */
  creditedAfter(tenantId: string, customerId: string, year: number): Promise<number>;
}

/** Storage of member levels. */
export interface MemberLevelRepository {
  /** The tenant's levels by ascending threshold, then id. */
  list(tenantId: string): Promise<MemberLevel[]>;
  get(tenantId: string, id: string): Promise<MemberLevel | null>;
  /** Inserts the level; `false` when the id exists (nothing written). */
  insert(level: MemberLevel): Promise<boolean>;
  /** Replaces the level; `false` when there is none. */
  update(level: MemberLevel): Promise<boolean>;
  /** Deletes a level that is not the default; `false` when none was deleted. */
  remove(tenantId: string, id: string): Promise<boolean>;
}

/** Result of {@link MemberTagRepository.insert} and `update`. */
export type MemberTagWrite =
  | { readonly outcome: "written" }
  | { readonly outcome: "name_taken" }
  | { readonly outcome: "not_found" };

/** Storage of customer tags; names are unique per tenant. */
export interface MemberTagRepository {
  /** By ascending id. */
  list(tenantId: string): Promise<MemberTag[]>;
  get(tenantId: string, id: string): Promise<MemberTag | null>;
  insert(tag: MemberTag): Promise<MemberTagWrite>;
  update(tag: MemberTag): Promise<MemberTagWrite>;
  remove(tenantId: string, id: string): Promise<boolean>;
}

/** Storage of member settings. */
export interface MemberSettingsRepository {
  get(tenantId: string): Promise<MemberSettings | null>;
  save(settings: MemberSettings): Promise<void>;
}

/** The members part of the storage port. */
export interface MemberRepositories {
  readonly memberCustomers: MemberCustomerRepository;
  readonly memberLevels: MemberLevelRepository;
  readonly memberTags: MemberTagRepository;
  readonly memberSettings: MemberSettingsRepository;
  readonly pointsLedger: PointsLedgerRepository;
}
