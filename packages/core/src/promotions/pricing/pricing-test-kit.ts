/**
 * Test terms of the pricing pipeline: the §4.4 worked example (61.10 to
 * pay) and in-memory {@link PricingSource}s that hand over preloaded terms,
 * as the promotion modules' caches would. For tests, benchmarks and guides.
 */
import { factorRate, percentRate, zheRate } from "../../kernel/rates.js";
import type { PricingUndo } from "../../orders/checkout/order-pricing.js";
import type { PipelineInput } from "./pricing-receipt.js";
import type {
  ActivityRule,
  CouponTerms,
  MemberStanding,
  PricingSource,
  PricingUse,
  UnitPriceOverride,
} from "./pricing-sources.js";

/** The terms one in-memory source hands over; a missing part is a method the source lacks. */
export interface FakeSourceTerms {
  readonly member?: MemberStanding;
  readonly unitPrices?: readonly UnitPriceOverride[];
  readonly activities?: readonly ActivityRule[];
  readonly coupon?: CouponTerms | null;
}

/** A source over preloaded terms that records each `commit` it is called with. */
export interface FakePricingSource extends PricingSource {
  readonly commits: PricingUse[];
}

/** An in-memory {@link PricingSource} handing over `terms`; `undo` is returned by each commit. */
export function fakePricingSource(terms: FakeSourceTerms, undo?: PricingUndo): FakePricingSource {
  const commits: PricingUse[] = [];
  const source: FakePricingSource = {
    commits,
    async commit(_tx, _order, _request, use) {
      commits.push(use);
      return undo ? [undo] : undefined;
    },
  };
  const { member, unitPrices, activities, coupon } = terms;
  return Object.assign(
    source,
    member !== undefined && { member: async () => member },
    unitPrices !== undefined && { unitPrices: async () => unitPrices },
    activities !== undefined && { activities: async () => activities },
    coupon !== undefined && { coupon: async () => coupon },
  );
}

/** A customer with no level, no points and no flags. */
export function plainMember(customerId = "buyer-1"): MemberStanding {
  return {
    customerId,
    level: null,
    firstOrder: false,
    blacklisted: false,
    pointsBalance: 0,
    pointsRedemption: null,
  };
}

/** The terms of the §4.4 worked example, over the products of items A and B. */
export function example44Terms(productA = "prd-a", productB = "prd-b", customerId = "buyer-1") {
  const activities: ActivityRule[] = [
    {
      id: "act-a",
      name: "Spend 50 save 15",
      scope: { kind: "products", productIds: [productA] },
      audience: { kind: "everyone" },
      terms: { kind: "spend_save", mode: "tiered", tiers: [{ threshold: 5000, save: 1500 }] },
    },
    {
      id: "act-b",
      name: "Spend 30 get 10% off",
      scope: { kind: "products", productIds: [productB] },
      audience: { kind: "everyone" },
      terms: {
        kind: "spend_discount",
        basis: "amount",
        tiers: [{ threshold: 3000, rate: zheRate("9") }],
      },
    },
    {
      id: "act-ship",
      name: "Free shipping over 50",
      scope: { kind: "all" },
      audience: { kind: "everyone" },
      terms: {
        kind: "free_shipping",
        threshold: 5000,
        excludedRegions: [],
        methods: ["express", "self_pickup", "in_store"],
      },
    },
  ];
  const coupon: CouponTerms = {
    couponId: "cpn-2off",
    codeId: "code-2off",
    name: "2.00 off",
    value: { kind: "fixed", amount: 200 },
    threshold: 0,
    scope: { kind: "all" },
  };
  const member: MemberStanding = {
    customerId,
    level: { id: "lvl-gold", name: "Gold", rate: factorRate("0.9") },
    firstOrder: false,
    blacklisted: false,
    pointsBalance: 100,
    pointsRedemption: { points: 1, amount: 100, cap: percentRate(100) },
  };
  return { activities, coupon, member, points: 10 };
}

/** The §4.4 example as the pure pipeline's input: A 60.00, B 40.00, shipping 1.00, express to CN-ZJ. */
export function example44Input(): PipelineInput {
  const terms = example44Terms();
  return {
    currency: "CNY",
    lines: [
      { lineId: "l1", productId: "prd-a", skuId: "sku-a", unitPrice: 6000, quantity: 1 },
      { lineId: "l2", productId: "prd-b", skuId: "sku-b", unitPrice: 4000, quantity: 1 },
    ],
    shipping: 100,
    delivery: { method: "express", regionCode: "CN-ZJ" },
    member: terms.member,
    unitPrices: [],
    activities: terms.activities,
    coupon: terms.coupon,
    points: terms.points,
  };
}

/** The §4.4 example split across sources as the modules would hand it: member, activities, coupon. */
export function example44Sources(productA: string, productB: string, customerId = "buyer-1") {
  const terms = example44Terms(productA, productB, customerId);
  return [
    fakePricingSource({ member: terms.member }),
    fakePricingSource({ activities: terms.activities }),
    fakePricingSource({ coupon: terms.coupon }),
  ];
}
