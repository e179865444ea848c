import {
  createdChanges,
  deletedChanges,
  updatedChanges,
} from "../../kernel/audit/audit-summary.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError, validationError } from "../../kernel/errors.js";
import { InputCheck } from "../../kernel/input-check.js";
import { type Page, type PageRequest, paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { PromotionsRuntime } from "../promotions-runtime.js";
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATES,
  type Activity,
  type ActivityKind,
  type ActivityState,
  type ActivityView,
  activityState,
} from "./activity.js";
import type { ActivityCache } from "./activity-cache.js";
import type { ActivityConflict } from "./activity-conflict.js";
import { type ActivityInput, type ActivityPatch, checkActivityInput } from "./activity-input.js";

/** What `activities.list` filters on, beside the page. */
export interface ActivityListFilter extends PageRequest {
  readonly kind?: ActivityKind;
  readonly state?: ActivityState;
}

/**
 * Promotion activities (`onecode.activities`, 营销活动 §4.1): spend-and-save
 * (满减), spend-and-discount (满折), free shipping (满免邮) and gift coupon
 * (满赠券), for all or listed products, for everyone, member levels, listed
 * customers or first orders, from `startsAt` (maybe in the future) until
 * `endsAt` (or permanently). A product is in at most one activity at a
 * time, free shipping excepted: a write that would break this is refused
 * with `ACTIVITY_CONFLICT` naming the other activity. Reads need
 * `promotions.read`, writes `promotions.manage`; every write is audited.
 *
 * What may change when: a `scheduled` activity changes freely (a start in
 * the past means now); a `running` one only its `name` and `endsAt` (not
 * before now), since orders were priced with its terms; an `ended` one
 * nothing. Only a `scheduled` activity is deleted (a started one is named
 * by orders' adjustments); a `running` one is ended early with `end`.
 */
export interface ActivityService {
  /**
   * Creates an activity; audited as `promotions.activity.created`.
   *
   * @throws `VALIDATION_FAILED` (every broken rule, e.g. `terms.tiers.1.threshold`
   *   `thresholds_ascending`, `endsAt` `after_start`), `NOT_FOUND` (a listed
   *   product, `details.field` names it), `ACTIVITY_CONFLICT`.
   *
   * @example
   * ```ts
   * const activity = await onecode.activities.create(ctx, {
   *   name: "Spend 50 save 15",
   *   terms: { kind: "spend_save", mode: "tiered", tiers: [{ threshold: 5000, save: 1500 }] },
   *   scope: { kind: "products", productIds: [product.id] },
   * });
   * ```
   */
  create(ctx: TenantContext, input: ActivityInput): Promise<ActivityView>;
  /** One activity. @throws `NOT_FOUND`. */
  get(ctx: TenantContext, id: string): Promise<ActivityView>;
  /** A page of activities, newest first, optionally of one kind and state (judged now). */
  list(ctx: TenantContext, filter?: ActivityListFilter): Promise<Page<ActivityView>>;
  /**
   * Changes the given fields (see the interface for what may change when);
   * audited as `promotions.activity.updated`. An empty patch writes nothing.
   *
   * @throws `VALIDATION_FAILED`, `NOT_FOUND`, `FIELD_IMMUTABLE` (a running
   *   activity's terms, scope, audience or start), `INVALID_STATE_TRANSITION`
   *   (an ended activity), `ACTIVITY_CONFLICT`, `BUSY` (changed concurrently).
   */
  update(ctx: TenantContext, id: string, patch: ActivityPatch): Promise<ActivityView>;
  /**
   * Ends a running activity now (`endsAt` becomes now); audited as
   * `promotions.activity.ended`.
   *
   * @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION` (not running: delete a
   *   scheduled one instead), `BUSY`.
   */
  end(ctx: TenantContext, id: string): Promise<ActivityView>;
  /**
   * Deletes an activity that has not started; audited as
   * `promotions.activity.deleted`.
   *
   * @throws `NOT_FOUND`, `INVALID_STATE_TRANSITION` (it started: end it instead).
   */
  delete(ctx: TenantContext, id: string): Promise<void>;
}

const target = (id: string) => ({ type: "promotion_activity", id });

/** `ACTIVITY_CONFLICT` naming the activity and product in the way. */
export function activityConflictError(
  conflict: ActivityConflict,
): OneCodeError<"ACTIVITY_CONFLICT"> {
  const { activity, productId } = conflict;
  const what = productId === null ? "all products" : `product ${productId}`;
  return new OneCodeError(
    "ACTIVITY_CONFLICT",
    `activity ${activity.id} ("${activity.name}") already covers ${what} in an overlapping period; a product can be in one activity at a time (free shipping excepted)`,
    { activityId: activity.id, activityName: activity.name, productId },
  );
}

function busy(): OneCodeError<"BUSY"> {
  return new OneCodeError("BUSY", "the activity changed meanwhile; retry", {
    resource: "promotion_activity",
    attempts: 1,
  });
}

const view = (activity: Activity, at: string): ActivityView => ({
  ...activity,
  state: activityState(activity, at),
});

/** Fields a running activity keeps: orders were priced with them. */
const FROZEN_WHEN_RUNNING = ["terms", "scope", "audience", "startsAt"] as const;

/**
 * Builds the activity use cases; `cache` is the pricing source's, emptied
 * for a tenant after each of its writes here.
 */
export function activityService(runtime: PromotionsRuntime, cache: ActivityCache): ActivityService {
  const { storage, clock, ids } = runtime.ports;

  async function productsExist(tx: StorageRepositories, ctx: TenantContext, activity: Activity) {
    if (activity.scope.kind !== "products") return;
    for (const [index, productId] of activity.scope.productIds.entries()) {
      if (!(await tx.products.get(ctx.tenantId, productId))) {
        throw notFound("product", productId, `scope.productIds.${index}`);
      }
    }
  }

  function endsInFuture(endsAt: string | null, now: string): void {
    if (endsAt !== null && endsAt <= now) {
      throw validationError([
        { field: "endsAt", rule: "in_future", message: "endsAt must be in the future" },
      ]);
    }
  }

  async function read(ctx: TenantContext, id: string): Promise<Activity> {
    const activity = await storage.activities.get(ctx.tenantId, id);
    if (!activity) throw notFound("promotion activity", id);
    return activity;
  }

  function checkListFilter(filter: ActivityListFilter): void {
    const check = new InputCheck();
    if (filter.kind !== undefined) check.oneOf("kind", filter.kind, ACTIVITY_KINDS);
    if (filter.state !== undefined) check.oneOf("state", filter.state, ACTIVITY_STATES);
    check.done();
  }

  const service: ActivityService = {
    async create(ctx, input) {
      requireCapability(ctx, "promotions.manage");
      const checked = checkActivityInput(input);
      const now = isoNow(clock);
      const startsAt = checked.startsAt !== null && checked.startsAt > now ? checked.startsAt : now;
      endsInFuture(checked.endsAt, now);
      const activity: Activity = {
        tenantId: ctx.tenantId,
        id: ids.newId("act"),
        name: checked.name,
        terms: checked.terms,
        scope: checked.scope,
        audience: checked.audience,
        startsAt,
        endsAt: checked.endsAt,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        await productsExist(tx, ctx, activity);
        const inserted = await tx.activities.insert(activity);
        if (inserted.outcome === "conflict") throw activityConflictError(inserted.conflict);
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.activity.created",
          target: target(activity.id),
          changes: createdChanges(activity),
        });
      });
      cache.invalidate(ctx.tenantId);
      return view(activity, now);
    },

    async get(ctx, id) {
      requireCapability(ctx, "promotions.read");
      return view(await read(ctx, id), isoNow(clock));
    },

    async list(ctx, filter = {}) {
      requireCapability(ctx, "promotions.read");
      checkListFilter(filter);
      const at = isoNow(clock);
      const { kind, state, ...page } = filter;
      const found = await paginate(page, (query) =>
        storage.activities.list(
          ctx.tenantId,
          { ...(kind !== undefined && { kind }), ...(state !== undefined && { state }), at },
          query,
        ),
      );
      return { ...found, items: found.items.map((activity) => view(activity, at)) };
    },

    async update(ctx, id, patch) {
      requireCapability(ctx, "promotions.manage");
      const given = Object.fromEntries(
        Object.entries(patch ?? {}).filter(([, value]) => value !== undefined),
      ) as ActivityPatch;
      const current = await read(ctx, id);
      if (Object.keys(given).length === 0) return view(current, isoNow(clock));
      const now = isoNow(clock);
      const state = activityState(current, now);
      if (state === "ended") {
        throw new OneCodeError("INVALID_STATE_TRANSITION", `activity ${id} has ended`, {
          id,
          from: state,
          to: "updated",
          required: "scheduled or running",
        });
      }
      const checked = checkActivityInput({
        name: current.name,
        terms: current.terms,
        scope: current.scope,
        audience: current.audience,
        startsAt: current.startsAt,
        endsAt: current.endsAt,
        ...given,
      });
      if (state === "running") {
        for (const field of FROZEN_WHEN_RUNNING) {
          const after = field === "startsAt" ? checked.startsAt : checked[field];
          if (field in given && JSON.stringify(after) !== JSON.stringify(current[field])) {
            throw new OneCodeError(
              "FIELD_IMMUTABLE",
              `${field} of a running activity cannot change (end it and create another)`,
              { field, current: JSON.stringify(current[field]) },
            );
          }
        }
      }
      endsInFuture(checked.endsAt, now);
      const startsAt =
        state === "running" || (checked.startsAt !== null && checked.startsAt > now)
          ? (checked.startsAt ?? now)
          : now;
      const next: Activity = {
        ...current,
        name: checked.name,
        terms: checked.terms,
        scope: checked.scope,
        audience: checked.audience,
        startsAt,
        endsAt: checked.endsAt,
        version: current.version + 1,
        updatedAt: now,
      };
      // A scheduled activity's terms change only while it has still not started when written.
      const frozenChange = FROZEN_WHEN_RUNNING.some(
        (field) => JSON.stringify(next[field]) !== JSON.stringify(current[field]),
      );
      const guard = state === "scheduled" && frozenChange ? { notStartedAt: now } : undefined;
      const written = await storage.transaction(async (tx) => {
        if ("scope" in given) await productsExist(tx, ctx, next);
        const replaced = await tx.activities.replace(next, current.version, guard);
        if (replaced.outcome === "conflict") throw activityConflictError(replaced.conflict);
        if (replaced.outcome === "not_found") throw notFound("promotion activity", id);
        if (replaced.outcome === "stale") throw busy();
        if (replaced.outcome === "started") return false;
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.activity.updated",
          target: target(id),
          changes: updatedChanges(current, next, [
            "name",
            "terms",
            "scope",
            "audience",
            "startsAt",
            "endsAt",
          ]),
        });
        return true;
      });
      // It started meanwhile: judge the patch again as a running activity's.
      if (!written) return service.update(ctx, id, patch);
      cache.invalidate(ctx.tenantId);
      return view(next, now);
    },

    async end(ctx, id) {
      requireCapability(ctx, "promotions.manage");
      const current = await read(ctx, id);
      const now = isoNow(clock);
      const state = activityState(current, now);
      if (state !== "running") {
        throw new OneCodeError(
          "INVALID_STATE_TRANSITION",
          state === "scheduled"
            ? `activity ${id} has not started: delete it instead`
            : `activity ${id} has ended already`,
          { id, from: state, to: "ended", required: "running" },
        );
      }
      const next: Activity = {
        ...current,
        endsAt: now,
        version: current.version + 1,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        const replaced = await tx.activities.replace(next, current.version);
        if (replaced.outcome === "not_found") throw notFound("promotion activity", id);
        // Ending only shrinks the window, so it cannot conflict; anything else lost a race.
        if (replaced.outcome !== "replaced") throw busy();
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.activity.ended",
          target: target(id),
          changes: updatedChanges(current, next, ["endsAt"]),
        });
      });
      cache.invalidate(ctx.tenantId);
      return view(next, now);
    },

    async delete(ctx, id) {
      requireCapability(ctx, "promotions.manage");
      const now = isoNow(clock);
      await storage.transaction(async (tx) => {
        const current = await tx.activities.get(ctx.tenantId, id);
        const outcome = await tx.activities.deleteScheduled(ctx.tenantId, id, now);
        if (outcome === "not_found" || !current) throw notFound("promotion activity", id);
        if (outcome === "started") {
          const from = activityState(current, now);
          throw new OneCodeError(
            "INVALID_STATE_TRANSITION",
            `activity ${id} has started: ${from === "running" ? "end it" : "it stays"} instead`,
            { id, from, to: "deleted", required: "scheduled" },
          );
        }
        await runtime.recordAudit(tx, ctx, {
          action: "promotions.activity.deleted",
          target: target(id),
          changes: deletedChanges(current),
        });
      });
      cache.invalidate(ctx.tenantId);
    },
  };
  return service;
}
