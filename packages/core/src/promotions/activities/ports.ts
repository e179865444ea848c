import type { Activity, ActivityGift, ActivityKind, ActivityState } from "./activity.js";
import type { ActivityConflict } from "./activity-conflict.js";

/** Result of {@link ActivityRepository.insert}. */
export type ActivityInsert =
  | { readonly outcome: "inserted" }
  /** Another activity covers a product in an overlapping window; nothing was written. */
  | { readonly outcome: "conflict"; readonly conflict: ActivityConflict };

/** Result of {@link ActivityRepository.replace}. */
export type ActivityReplace =
  | { readonly outcome: "replaced" }
  | { readonly outcome: "conflict"; readonly conflict: ActivityConflict }
  /** The stored version is not the expected one (changed meanwhile); nothing was written. */
  | { readonly outcome: "stale" }
  /** The guard's activity had started by `notStartedAt`; nothing was written. */
  | { readonly outcome: "started" }
  | { readonly outcome: "not_found" };

/** Result of {@link ActivityRepository.deleteScheduled}. */
export type ActivityDeletion = "deleted" | "started" | "not_found";

/** What {@link ActivityRepository.list} filters on; `state` is judged at `at`. */
export interface ActivityFilter {
  readonly kind?: ActivityKind;
  readonly state?: ActivityState;
  /** ISO-8601 instant the states are judged at. */
  readonly at: string;
}

/**
 * Storage of promotion activities and the gift coupons orders earned,
 * scoped by tenant. `insert` and `replace` check §4.1's "one activity per
 * product at a time" and write in one step serialised per tenant, so two
 * concurrent writes that would conflict cannot both succeed.
 */
export interface ActivityRepository {
  /** Stores a new activity unless `findActivityConflict` finds a conflict among the tenant's. */
  insert(activity: Activity): Promise<ActivityInsert>;
  /**
   * Replaces the stored activity (every field but `createdAt`) when its
   * version is `expectedVersion` and no other activity conflicts with
   * `activity`; `activity.version` is the new version. With `guard`, only
   * while the stored activity starts after `guard.notStartedAt` (terms
   * that orders may have been priced with never change).
   */
  replace(
    activity: Activity,
    expectedVersion: number,
    guard?: { readonly notStartedAt: string },
  ): Promise<ActivityReplace>;
  /** The activity, or `null`. */
  get(tenantId: string, id: string): Promise<Activity | null>;
  /** Up to `limit` activities, newest (highest id) first, with ids below `beforeId` when given. */
  list(
    tenantId: string,
    filter: ActivityFilter,
    page: { readonly beforeId: string | null; readonly limit: number },
  ): Promise<Activity[]>;
  /** Every activity not ended at `at` (running or scheduled), ordered by id. */
  listLive(tenantId: string, at: string): Promise<Activity[]>;
  /** Deletes the activity only when it has not started at `at`, atomically. */
  deleteScheduled(tenantId: string, id: string, at: string): Promise<ActivityDeletion>;
  /** Records gift coupons earned; a gift already recorded (tenant, order, activity) is kept as it was. */
  recordGifts(gifts: readonly ActivityGift[]): Promise<void>;
  /** The gifts the order earned, ordered by activity id. */
  listGifts(tenantId: string, orderId: string): Promise<ActivityGift[]>;
}

/** The activity part of the storage port. */
export interface ActivityRepositories {
  readonly activities: ActivityRepository;
}
