import { checkPatchWith, InputCheck } from "../../kernel/input-check.js";
import { zheRate } from "../../kernel/rates.js";
import { ORDER_DELIVERY_METHODS, type OrderDeliveryMethod } from "../../orders/order.js";
import type { PromotionAudience, PromotionScope } from "../pricing/pricing-sources.js";
import type { ActivityKind, StoredActivityTerms } from "./activity.js";

/** Limits of activity input. */
export const ACTIVITY_LIMITS = Object.freeze({
  nameMax: 100,
  tiersMax: 10,
  productsMax: 500,
  audienceIdsMax: 1000,
  regionsMax: 200,
  idMax: 100,
});

/** A region code as freight and addresses use them: `CN-ZJ`, or a division code such as `44` / `440300`. */
const REGION_CODE = /^[A-Z0-9][A-Z0-9-]{0,19}$/;

/** Terms as callers give them: like the stored ones, with 折 rates as number or text and optional defaults. */
export type ActivityTermsInput =
  | {
      readonly kind: "spend_save";
      readonly mode: "tiered";
      readonly tiers: readonly { readonly threshold: number; readonly save: number }[];
    }
  | {
      readonly kind: "spend_save";
      readonly mode: "every";
      readonly every: number;
      readonly save: number;
      /** Most taken off in all; absent or `null`: no cap. */
      readonly cap?: number | null;
    }
  | {
      readonly kind: "spend_discount";
      readonly basis: "amount" | "count";
      readonly tiers: readonly { readonly threshold: number; readonly zhe: number | string }[];
    }
  | {
      readonly kind: "free_shipping";
      /** Default 0: free shipping whatever the amount. */
      readonly threshold?: number;
      /** Default none. */
      readonly excludedRegions?: readonly string[];
      /** Default `["express"]`. */
      readonly methods?: readonly OrderDeliveryMethod[];
    }
  | { readonly kind: "gift_coupon"; readonly threshold: number; readonly couponId: string };

/** What `activities.create` takes. */
export interface ActivityInput {
  readonly name: string;
  readonly terms: ActivityTermsInput;
  /** Default all products. */
  readonly scope?: PromotionScope;
  /** Default everyone. */
  readonly audience?: PromotionAudience;
  /** ISO-8601; absent, `null` or past: now. May be in the future. */
  readonly startsAt?: string | null;
  /** ISO-8601 after `startsAt`; absent or `null`: permanent. */
  readonly endsAt?: string | null;
}

/** What `activities.update` takes: the fields to change. */
export type ActivityPatch = Partial<ActivityInput>;

/** A checked {@link ActivityInput}; times are canonical ISO-8601 (or null when absent). */
export interface CheckedActivityInput {
  readonly name: string;
  readonly terms: StoredActivityTerms;
  readonly scope: PromotionScope;
  readonly audience: PromotionAudience;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
}

function amount(check: InputCheck, field: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    check.fail(
      field,
      min > 0 ? "positive_integer" : "non_negative_integer",
      `${field} must be an integer of minor units${min > 0 ? " above 0" : " from 0"}`,
    );
    return min;
  }
  return value;
}

function idText(check: InputCheck, field: string, value: unknown): string {
  return check.text(field, value, { max: ACTIVITY_LIMITS.idMax });
}

/** Thresholds strictly ascending, or a `thresholds_ascending` issue on the first one out of order. */
function ascending(
  check: InputCheck,
  field: string,
  tiers: readonly { threshold: number }[],
): void {
  for (let i = 1; i < tiers.length; i++) {
    const [previous, tier] = [tiers[i - 1], tiers[i]];
    if (previous && tier && tier.threshold <= previous.threshold) {
      check.fail(
        `${field}.${i}.threshold`,
        "thresholds_ascending",
        `${field}.${i}.threshold must be above the previous tier's threshold`,
      );
      return;
    }
  }
}

function termsOf(check: InputCheck, value: unknown): StoredActivityTerms {
  const raw = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof value !== "object" || value === null) {
    check.fail("terms", "required", "terms is required and must be an object");
  }
  const kinds = ["spend_save", "spend_discount", "free_shipping", "gift_coupon"] as const;
  const kind = check.oneOf("terms.kind", raw.kind, kinds);
  // An unknown kind has no rules to check further: its other fields mean nothing yet.
  if (!kinds.includes(raw.kind as ActivityKind)) {
    return { kind: "gift_coupon", threshold: 0, couponId: "" };
  }
  const tierList = <T>(item: (field: string, tier: Record<string, unknown>) => T): T[] =>
    check.list("terms.tiers", raw.tiers, { min: 1, max: ACTIVITY_LIMITS.tiersMax }, (field, tier) =>
      item(
        field,
        (typeof tier === "object" && tier !== null ? tier : {}) as Record<string, unknown>,
      ),
    );
  switch (kind) {
    case "spend_save": {
      const mode = check.oneOf("terms.mode", raw.mode, ["tiered", "every"] as const);
      if (mode === "every") {
        const every = amount(check, "terms.every", raw.every, 1);
        const save = amount(check, "terms.save", raw.save, 1);
        if (save > every) {
          check.fail(
            "terms.save",
            "save_within_threshold",
            "terms.save must not exceed terms.every",
          );
        }
        const cap =
          raw.cap === undefined || raw.cap === null ? null : amount(check, "terms.cap", raw.cap, 1);
        if (cap !== null && cap < save) {
          check.fail("terms.cap", "cap_below_save", "terms.cap must be at least terms.save");
        }
        return { kind, mode, every, save, cap };
      }
      const tiers = tierList((field, tier) => {
        const threshold = amount(check, `${field}.threshold`, tier.threshold, 1);
        const save = amount(check, `${field}.save`, tier.save, 1);
        if (save > threshold) {
          check.fail(
            `${field}.save`,
            "save_within_threshold",
            `${field}.save must not exceed ${field}.threshold`,
          );
        }
        return { threshold, save };
      });
      ascending(check, "terms.tiers", tiers);
      return { kind, mode, tiers };
    }
    case "spend_discount": {
      const basis = check.oneOf("terms.basis", raw.basis, ["amount", "count"] as const);
      const tiers = tierList((field, tier) => {
        const threshold = amount(check, `${field}.threshold`, tier.threshold, 1);
        const zhe =
          typeof tier.zhe === "number" || typeof tier.zhe === "string"
            ? String(tier.zhe).trim()
            : "";
        check.include(() => zheRate(zhe, `${field}.zhe`), null);
        return { threshold, zhe };
      });
      ascending(check, "terms.tiers", tiers);
      return { kind, basis, tiers };
    }
    case "free_shipping": {
      const threshold =
        raw.threshold === undefined ? 0 : amount(check, "terms.threshold", raw.threshold, 0);
      const excludedRegions = check.list(
        "terms.excludedRegions",
        raw.excludedRegions,
        { max: ACTIVITY_LIMITS.regionsMax },
        (field, code) =>
          check.text(field, code, {
            max: 20,
            pattern: REGION_CODE,
            patternRule: "region_code",
            patternMessage: `${field} must be a region code such as CN-ZJ or 440300`,
          }),
      );
      const methods =
        raw.methods === undefined
          ? (["express"] as OrderDeliveryMethod[])
          : check.list("terms.methods", raw.methods, { min: 1, max: 3 }, (field, method) =>
              check.oneOf(field, method, ORDER_DELIVERY_METHODS),
            );
      if (new Set(methods).size !== methods.length) {
        check.fail("terms.methods", "unique", "terms.methods must not repeat a method");
      }
      return { kind, threshold, excludedRegions: [...new Set(excludedRegions)], methods };
    }
    case "gift_coupon":
      return {
        kind,
        threshold: amount(check, "terms.threshold", raw.threshold, 0),
        couponId: idText(check, "terms.couponId", raw.couponId),
      };
  }
}

function scopeOf(check: InputCheck, value: unknown): PromotionScope {
  if (value === undefined || value === null) return { kind: "all" };
  const raw = value as Record<string, unknown>;
  const kind = check.oneOf("scope.kind", raw?.kind, ["all", "products"] as const);
  if (kind === "all") return { kind };
  const productIds = check.list(
    "scope.productIds",
    raw.productIds,
    { min: 1, max: ACTIVITY_LIMITS.productsMax },
    (field, id) => idText(check, field, id),
  );
  return { kind, productIds: [...new Set(productIds)] };
}

function audienceOf(check: InputCheck, value: unknown): PromotionAudience {
  if (value === undefined || value === null) return { kind: "everyone" };
  const raw = value as Record<string, unknown>;
  const kind = check.oneOf("audience.kind", raw?.kind, [
    "everyone",
    "levels",
    "customers",
    "first_order",
  ] as const);
  const ids = (field: "levelIds" | "customerIds") => [
    ...new Set(
      check.list(
        `audience.${field}`,
        raw[field],
        { min: 1, max: ACTIVITY_LIMITS.audienceIdsMax },
        (item, id) => idText(check, item, id),
      ),
    ),
  ];
  if (kind === "levels") return { kind, levelIds: ids("levelIds") };
  if (kind === "customers") return { kind, customerIds: ids("customerIds") };
  return { kind };
}

/** A canonical ISO-8601 instant, `null` when absent. */
function instant(check: InputCheck, field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value as string)) {
    check.fail(
      field,
      "iso_datetime",
      `${field} must be an ISO-8601 date-time such as 2026-05-01T00:00:00Z`,
    );
    return null;
  }
  return new Date(ms).toISOString();
}

/**
 * Checks an activity's input, reporting every broken rule at once
 * (`VALIDATION_FAILED`): name, terms (at least one tier, thresholds
 * ascending, a save within its threshold, 折 rates 0.1–9.99, delivery
 * methods known), scope, audience and the window (`endsAt` after
 * `startsAt`). Product existence and the clock are the service's part.
 */
export function checkActivityInput(input: ActivityInput): CheckedActivityInput {
  const check = new InputCheck();
  const raw = (input ?? {}) as unknown as Record<string, unknown>;
  const name = check.text("name", raw.name, { max: ACTIVITY_LIMITS.nameMax });
  const terms = termsOf(check, raw.terms);
  const scope = scopeOf(check, raw.scope);
  const audience = audienceOf(check, raw.audience);
  const startsAt = instant(check, "startsAt", raw.startsAt);
  const endsAt = instant(check, "endsAt", raw.endsAt);
  if (startsAt !== null && endsAt !== null && endsAt <= startsAt) {
    check.fail("endsAt", "after_start", "endsAt must be after startsAt");
  }
  check.done();
  return { name, terms, scope, audience, startsAt, endsAt };
}

/**
 * Checks the fields a patch holds by the rules of a whole input (the
 * window's order against the stored record is the service's part).
 */
export function checkActivityPatch(patch: ActivityPatch): void {
  checkPatchWith(checkActivityInput, patch ?? {});
}
