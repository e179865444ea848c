/**
 * What the pricing pipeline (§4.4) reads from the promotion modules. Each
 * module turns its stored records into these plain, already-checked terms;
 * the pipeline is pure arithmetic over them, so a pricing is cheap enough
 * to run on every cart change. Amounts are integer minor units of the
 * request's currency.
 */
import type { Rate } from "../../kernel/rates.js";
import type { PricingRequest, PricingUndo } from "../../orders/checkout/order-pricing.js";
import type { Order, OrderDeliveryMethod } from "../../orders/order.js";
import type { StorageRepositories } from "../../ports/storage.js";

/** Which products a promotion covers. */
export type PromotionScope =
  | { readonly kind: "all" }
  | { readonly kind: "products"; readonly productIds: readonly string[] };

/** Who a promotion is for. */
export type PromotionAudience =
  | { readonly kind: "everyone" }
  | { readonly kind: "levels"; readonly levelIds: readonly string[] }
  | { readonly kind: "customers"; readonly customerIds: readonly string[] }
  /** Customers who have no order yet (see {@link MemberStanding.firstOrder}). */
  | { readonly kind: "first_order" };

/** The terms of an activity (§4.1), as step 1 applies them. */
export type ActivityTerms =
  /** 满减, tiered: only the highest tier whose threshold the scoped amount reaches applies. */
  | {
      readonly kind: "spend_save";
      readonly mode: "tiered";
      /** Ascending by threshold; `save` ≤ `threshold`. */
      readonly tiers: readonly { readonly threshold: number; readonly save: number }[];
    }
  /** 每满减: `save` for every full `every` of the scoped amount, at most `cap` in all (null: no cap). */
  | {
      readonly kind: "spend_save";
      readonly mode: "every";
      readonly every: number;
      readonly save: number;
      readonly cap: number | null;
    }
  /**
   * 满折: the highest reached tier's rate (what is paid, e.g. `zheRate("9")`)
   * applies to the scoped amount; thresholds are minor units (`amount`) or
   * a number of items (`count`).
   */
  | {
      readonly kind: "spend_discount";
      readonly basis: "amount" | "count";
      readonly tiers: readonly { readonly threshold: number; readonly rate: Rate }[];
    }
  /**
   * 满免邮: shipping becomes zero when the scoped amount reaches `threshold`,
   * the delivery method is listed and the region is not excluded (a
   * listed code excludes itself and every code it prefixes: `44` excludes
   * `440300`).
   */
  | {
      readonly kind: "free_shipping";
      readonly threshold: number;
      readonly excludedRegions: readonly string[];
      readonly methods: readonly OrderDeliveryMethod[];
    }
  /** 满赠券: no price effect; the coupon is issued when the order completes. */
  | { readonly kind: "gift_coupon"; readonly threshold: number; readonly couponId: string };

/** An activity running at the pricing instant. */
export interface ActivityRule {
  readonly id: string;
  /** Shown on the receipt, e.g. "Spend 50 save 15". */
  readonly name: string;
  readonly scope: PromotionScope;
  readonly audience: PromotionAudience;
  readonly terms: ActivityTerms;
}

/**
 * A special unit price for some units of one cart line (flash sale,
 * time-limited discount, presale), applied first in step 1. Lines with an
 * override that is `exclusive` take part in no activity and no coupon
 * (§4.3: a time-limited discount does not combine with them).
 */
export interface UnitPriceOverride {
  readonly lineId: string;
  readonly source: {
    readonly kind: "flash_sale" | "limited_discount" | "presale";
    readonly id: string;
  };
  readonly label: string;
  /** Units of the line sold at `unitPrice`; the rest stay at list price ("only the first N"). */
  readonly units: number;
  /** Minor units per unit, ≥ 0 and ≤ the list price. */
  readonly unitPrice: number;
  readonly exclusive: boolean;
  /** Minutes the buyer has to pay for an order with these units (a flash sale's 30); absent: the tenant's timeout. */
  readonly payWithinMinutes?: number;
}

/** The coupon the buyer chose (step 2), already checked as theirs, unused and valid now. */
export interface CouponTerms {
  /** The coupon (券) id. */
  readonly couponId: string;
  /** The buyer's code of it (the one that becomes used). */
  readonly codeId: string;
  readonly name: string;
  readonly value:
    | { readonly kind: "fixed"; readonly amount: number }
    /** `off` is the share taken off, e.g. `percentRate(10)` for 10% off; `cap` limits it (null: none). */
    | { readonly kind: "percent"; readonly off: Rate; readonly cap: number | null };
  /** The scoped amount entering step 2 must reach it (0: no threshold). */
  readonly threshold: number;
  readonly scope: PromotionScope;
}

/** The buyer as steps 3 and 4 and the audiences see them. */
export interface MemberStanding {
  readonly customerId: string;
  /** The member level, or null for a customer without one. */
  readonly level: {
    readonly id: string;
    readonly name: string;
    /** What is paid, e.g. `factorRate("0.9")`; null when the level gives no discount. */
    readonly rate: Rate | null;
  } | null;
  /** True when the customer has no order yet. */
  readonly firstOrder: boolean;
  /** Blacklisted customers cannot order: the engine refuses them. */
  readonly blacklisted: boolean;
  /** Points the customer can spend now. */
  readonly pointsBalance: number;
  /** How points pay (step 4); null when the tenant does not let points pay. */
  readonly pointsRedemption: {
    /** `points` points pay `amount` minor units (10 points at 1 point = 1.00: points 1, amount 100). */
    readonly points: number;
    readonly amount: number;
    /** Largest share of the amount entering step 4 (goods and shipping) points may pay, e.g. `percentRate(50)`. */
    readonly cap: Rate;
  } | null;
}

/**
 * What one pricing used, as the engine hands it to each source's `commit`
 * (and keeps nowhere else): a module finds its own part in it.
 */
export interface PricingUse {
  readonly member: MemberStanding;
  /** The overrides that priced units (after exclusions). */
  readonly unitPrices: readonly UnitPriceOverride[];
  /** Activities that changed the price or were reached (gift coupons), with what they took off (minor units, ≥ 0). */
  readonly activities: readonly {
    readonly rule: ActivityRule;
    readonly amountOff: number;
  }[];
  /** The coupon applied, or null (none named, or its threshold not reached: then the order is refused). */
  readonly coupon: CouponTerms | null;
  /** Points spent and the minor units they paid. */
  readonly points: { readonly used: number; readonly amount: number };
}

/**
 * One promotion module's part of pricing: what it contributes to a cart,
 * and how it makes that final when the order is placed. Each method is
 * optional; the engine calls them in the §4.4 order.
 */
export interface PricingSource {
  /** Activities running at `at` for the tenant (cached by the module; called on every pricing). */
  activities?(tenantId: string, at: string): Promise<readonly ActivityRule[]>;
  /** Special unit prices for the request's lines; throws to refuse a cart (a per-person limit of "cannot order more"). */
  unitPrices?(
    request: PricingRequest,
    member: MemberStanding,
  ): Promise<readonly UnitPriceOverride[]>;
  /** The coupon named by `request.options.couponCode`, checked for this buyer; null when none is named. */
  coupon?(request: PricingRequest): Promise<CouponTerms | null>;
  /** The buyer's level, points and flags. */
  member?(tenantId: string, customerId: string): Promise<MemberStanding>;
  /**
   * In the order's transaction: takes what this module's terms gave the
   * order (see `OrderPricing.commit`): marks the coupon used, debits the
   * points, takes flash-sale units through a gate (returning its undo).
   */
  commit?(
    tx: StorageRepositories,
    order: Order,
    request: PricingRequest,
    use: PricingUse,
  ): Promise<readonly PricingUndo[] | undefined>;
}
