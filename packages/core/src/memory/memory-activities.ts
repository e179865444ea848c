import type { Activity, ActivityGift } from "../promotions/activities/activity.js";
import { activityState } from "../promotions/activities/activity.js";
import {
  findActivityConflict,
  windowsOverlap,
} from "../promotions/activities/activity-conflict.js";
import type { ActivityRepository } from "../promotions/activities/ports.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** Gift coupons earned, keyed like `id` = `orderId NUL activityId`. */
type StoredGift = ActivityGift & { readonly id: string };

/** The memory activity tables. */
export class MemoryActivityTables {
  readonly activities = new MemoryTable<Activity>();
  readonly gifts = new MemoryTable<StoredGift>();
}

/**
 * The memory activity repository. Memory storage runs one call or
 * transaction at a time, so the conflict check and the write of `insert`
 * and `replace` cannot interleave with another write.
 */
export function memoryActivityRepository(
  tables: MemoryActivityTables,
  undo: UndoLog | null,
): ActivityRepository {
  const { activities, gifts } = tables;
  const overlapping = (candidate: Activity) =>
    activities
      .some(candidate.tenantId, (row) => windowsOverlap(row, candidate))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    async insert(activity) {
      const conflict = findActivityConflict(activity, overlapping(activity));
      if (conflict) return { outcome: "conflict", conflict: structuredClone(conflict) };
      activities.put(activity, undo);
      return { outcome: "inserted" };
    },
    async replace(activity, expectedVersion, guard) {
      const before = activities.get(activity.tenantId, activity.id);
      if (!before) return { outcome: "not_found" };
      if (before.version !== expectedVersion) return { outcome: "stale" };
      if (guard && before.startsAt <= guard.notStartedAt) return { outcome: "started" };
      const conflict = findActivityConflict(activity, overlapping(activity));
      if (conflict) return { outcome: "conflict", conflict: structuredClone(conflict) };
      activities.put({ ...activity, createdAt: before.createdAt }, undo);
      return { outcome: "replaced" };
    },
    async get(tenantId, id) {
      return activities.get(tenantId, id);
    },
    async list(tenantId, filter, page) {
      return activities.list(
        tenantId,
        (row) =>
          (filter.kind === undefined || row.terms.kind === filter.kind) &&
          (filter.state === undefined || activityState(row, filter.at) === filter.state),
        page.beforeId,
        page.limit,
      );
    },
    async listLive(tenantId, at) {
      return activities
        .list(
          tenantId,
          (row) => row.endsAt === null || row.endsAt > at,
          null,
          Number.MAX_SAFE_INTEGER,
        )
        .reverse();
    },
    async deleteScheduled(tenantId, id, at) {
      const row = activities.get(tenantId, id);
      if (!row) return "not_found";
      if (row.startsAt <= at) return "started";
      activities.remove(tenantId, id, undo);
      return "deleted";
    },
    async recordGifts(batch) {
      for (const gift of batch) {
        const id = `${gift.orderId}\u0000${gift.activityId}`;
        if (!gifts.get(gift.tenantId, id)) gifts.put({ ...gift, id }, undo);
      }
    },
    async listGifts(tenantId, orderId) {
      return gifts
        .some(tenantId, (gift) => gift.orderId === orderId)
        .sort((a, b) => (a.activityId < b.activityId ? -1 : 1))
        .map(({ id: _id, ...gift }) => structuredClone(gift));
    },
  };
}
