import type {
  ActivityTerms,
  PromotionAudience,
  PromotionScope,
} from "../pricing/pricing-sources.js";

/** The four activity kinds of §4.1: 满减, 满折, 满免邮, 满赠券. */
export type ActivityKind = "spend_save" | "spend_discount" | "free_shipping" | "gift_coupon";

/** Every {@link ActivityKind}. */
export const ACTIVITY_KINDS: readonly ActivityKind[] = Object.freeze([
  "spend_save",
  "spend_discount",
  "free_shipping",
  "gift_coupon",
]);

/**
 * Where an activity stands at an instant, derived from its window
 * `[startsAt, endsAt)`: before it `scheduled`, inside it `running`, from
 * `endsAt` on `ended` (ending early moves `endsAt` to the moment it ended).
 */
export type ActivityState = "scheduled" | "running" | "ended";

/** Every {@link ActivityState}. */
export const ACTIVITY_STATES: readonly ActivityState[] = Object.freeze([
  "scheduled",
  "running",
  "ended",
]);

/**
 * An activity's terms as stored: the pricing contract's `ActivityTerms`
 * with 折 rates kept as the decimal text staff entered (`"8.5"` = pay 85%),
 * so a record is plain JSON; `activityRule` turns them into `Rate`s.
 */
export type StoredActivityTerms =
  | Exclude<ActivityTerms, { readonly kind: "spend_discount" }>
  | {
      readonly kind: "spend_discount";
      readonly basis: "amount" | "count";
      /** `zhe` is the 折 rate, 0.1 to 9.99 with at most two decimals. */
      readonly tiers: readonly { readonly threshold: number; readonly zhe: string }[];
    };

/** A stored promotion activity (营销活动) of one tenant. */
export interface Activity {
  readonly tenantId: string;
  /** `act_…`, time-sortable. */
  readonly id: string;
  readonly name: string;
  readonly terms: StoredActivityTerms;
  readonly scope: PromotionScope;
  readonly audience: PromotionAudience;
  /** ISO-8601 instant it starts (inclusive). */
  readonly startsAt: string;
  /** ISO-8601 instant it ends (exclusive), or `null` for a permanent activity. */
  readonly endsAt: string | null;
  /** Starts at 1; each change adds one (compare-and-set). */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An activity as the service answers it: the record and its state at the time of the call. */
export interface ActivityView extends Activity {
  readonly state: ActivityState;
}

/** The activity's state at `at` (ISO-8601). */
export function activityState(
  activity: Pick<Activity, "startsAt" | "endsAt">,
  at: string,
): ActivityState {
  if (at < activity.startsAt) return "scheduled";
  if (activity.endsAt !== null && at >= activity.endsAt) return "ended";
  return "running";
}

/** The order an activity gave a gift coupon (满赠券), kept until the order completes. */
export interface ActivityGift {
  readonly tenantId: string;
  readonly orderId: string;
  readonly activityId: string;
  readonly couponId: string;
  readonly customerId: string;
  readonly createdAt: string;
}
