// The promotion engine's pricing (§4.4) in process, on the BUILT core: how
// long one `price` takes through promotionPricing with in-memory pricing
// sources that return preloaded terms, as the promotion modules' caches do.
//
//   npm run bench -- pricing [--pricings 10000] [--warmup 2000]
//
// The load: 200 running activities of mixed kinds (tiered and every-X
// spend-and-save, spend-and-discount by amount and by count, free shipping,
// gift coupons) over varied scopes (all products, or 1-6 of 40 products)
// and audiences (everyone, member levels, listed customers, first order);
// a wallet of 50 coupons (fixed and percentage, some with thresholds and
// scopes), the pricing naming one of them in turn; a 20-line cart (3 lines
// with flash-sale prices, one of them exclusive); a gold member (90%) who
// spends 100 points. --warmup pricings run first, then --pricings are timed
// one by one.
//
// Before the load the §4.4 worked example (A 60.00 spend 50 save 15, B 40.00
// 10% off over 30, shipping 1.00 free over 50, coupon 2.00 off, gold 90%, 10
// points at 1.00) is priced through the same engine: example_total_fen must
// be 6110.
//
// Last line, JSON: median_us, p99_us (per pricing), example_total_fen.
import { factorRate, money, percentRate, promotionPricing, zheRate } from "@onecode/core";
import { numberOption } from "./support/bench-options.mjs";

const PRICINGS = numberOption("--pricings", 10_000);
const WARMUP = numberOption("--warmup", 2000);
const AT = "2026-05-01T02:00:00.000Z";

/** A source handing over preloaded terms; `coupon` picks the wallet's coupon named by the request. */
function memorySource({ member, activities, unitPrices, wallet }) {
  const source = {};
  if (member) source.member = async () => member;
  if (activities) source.activities = async () => activities;
  if (unitPrices) source.unitPrices = async () => unitPrices;
  if (wallet) {
    const byCode = new Map(wallet.map((coupon) => [coupon.codeId, coupon]));
    source.coupon = async (request) => byCode.get(request.options.couponCode) ?? null;
  }
  return source;
}

const sku = (productId, price) => ({
  tenantId: "bench",
  id: `sku-${productId}`,
  productId,
  code: `SKU-${productId}`,
  spec: {},
  price: money(price, "CNY"),
  stock: 100,
  weightGrams: 500,
  lowStockThreshold: null,
  createdAt: AT,
  updatedAt: AT,
});

const request = (lines, shipping, options) => ({
  tenantId: "bench",
  customerId: "buyer-1",
  lines: lines.map(([productId, price, quantity], index) => ({
    lineId: `l${index + 1}`,
    sku: sku(productId, price),
    productTitle: productId,
    quantity,
  })),
  delivery: { method: "express", regionCode: "CN-ZJ" },
  shipping: money(shipping, "CNY"),
  currency: "CNY",
  options,
  at: AT,
});

const goldMember = (balance, redemption) => ({
  customerId: "buyer-1",
  level: { id: "lvl-gold", name: "Gold", rate: factorRate("0.9") },
  firstOrder: false,
  blacklisted: false,
  pointsBalance: balance,
  pointsRedemption: redemption,
});

// The §4.4 example (the same terms as example44Terms of the core's pricing test kit).
async function exampleTotal() {
  const activities = [
    {
      id: "act-a",
      name: "Spend 50 save 15",
      scope: { kind: "products", productIds: ["prd-a"] },
      audience: { kind: "everyone" },
      terms: { kind: "spend_save", mode: "tiered", tiers: [{ threshold: 5000, save: 1500 }] },
    },
    {
      id: "act-b",
      name: "Spend 30 get 10% off",
      scope: { kind: "products", productIds: ["prd-b"] },
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
      terms: { kind: "free_shipping", threshold: 5000, excludedRegions: [], methods: ["express"] },
    },
  ];
  const coupon = {
    couponId: "cpn-2off",
    codeId: "code-2off",
    name: "2.00 off",
    value: { kind: "fixed", amount: 200 },
    threshold: 0,
    scope: { kind: "all" },
  };
  const engine = promotionPricing([
    memorySource({ member: goldMember(100, { points: 1, amount: 100, cap: percentRate(100) }) }),
    memorySource({ activities }),
    memorySource({ wallet: [coupon] }),
  ]);
  const result = await engine.price(
    request(
      [
        ["prd-a", 6000, 1],
        ["prd-b", 4000, 1],
      ],
      100,
      { couponCode: "code-2off", points: 10 },
    ),
  );
  const lines = result.lines.reduce(
    (sum, line) =>
      sum + line.adjustments.reduce((s, adjustment) => s + adjustment.amount.amount, 0),
    10_000,
  );
  return lines + result.shipping.amount;
}

// A deterministic generator, so every run prices the same load.
let seed = 42;
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = (items) => items[Math.floor(next() * items.length)];
// 1000 products; each price activity covers its own 1-6 of them (§4.1: a product is in at most
// one activity, free shipping excepted), and the cart's 20 products are spread over them.
const products = Array.from({ length: 1000 }, (_, i) => `prd-${i}`);
let nextProduct = 0;
const ownProducts = () =>
  Array.from({ length: 1 + Math.floor(next() * 6) }, () => products[nextProduct++ % 1000]);
const audiences = [
  { kind: "everyone" },
  { kind: "levels", levelIds: ["lvl-gold", "lvl-silver"] },
  { kind: "levels", levelIds: ["lvl-silver"] },
  { kind: "customers", customerIds: ["buyer-1", "buyer-2"] },
  { kind: "first_order" },
];
const kinds = [
  () => ({
    kind: "spend_save",
    mode: "tiered",
    tiers: [
      { threshold: 2000, save: 200 },
      { threshold: 10_000, save: 1200 },
    ],
  }),
  () => ({ kind: "spend_save", mode: "every", every: 3000, save: 300, cap: 1500 }),
  () => ({
    kind: "spend_discount",
    basis: "amount",
    tiers: [{ threshold: 5000, rate: zheRate("9.5") }],
  }),
  () => ({
    kind: "spend_discount",
    basis: "count",
    tiers: [{ threshold: 2, rate: zheRate("8.8") }],
  }),
  () => ({
    kind: "free_shipping",
    threshold: 9900,
    excludedRegions: ["CN-XZ"],
    methods: ["express"],
  }),
  () => ({ kind: "gift_coupon", threshold: 5000, couponId: "cpn-gift" }),
];
/** Free shipping and gift coupons often cover every product; the others their own products. */
const activityOf = (terms) => ({
  terms,
  scope:
    (terms.kind === "free_shipping" || terms.kind === "gift_coupon") && next() < 0.5
      ? { kind: "all" }
      : { kind: "products", productIds: ownProducts() },
});
const activities = Array.from({ length: 200 }, (_, i) => ({
  id: `act-${i}`,
  name: `Activity ${i}`,
  ...activityOf(pick(kinds)()),
  audience: pick(audiences),
}));
const wallet = Array.from({ length: 50 }, (_, i) => ({
  couponId: `cpn-${i}`,
  codeId: `code-${i}`,
  name: `Coupon ${i}`,
  value:
    i % 2 === 0
      ? { kind: "fixed", amount: 100 + i * 10 }
      : { kind: "percent", off: percentRate(5 + (i % 10)), cap: 2000 },
  threshold: i % 3 === 0 ? 0 : 1000,
  scope:
    i % 5 === 0
      ? { kind: "products", productIds: ["prd-23", "prd-46", "prd-69"] }
      : { kind: "all" },
}));
const cartLines = Array.from({ length: 20 }, (_, i) => [
  products[i * 23],
  990 + i * 500,
  1 + (i % 3),
]);
const unitPrices = [0, 5, 9].map((index, i) => ({
  lineId: `l${index + 1}`,
  source: { kind: "flash_sale", id: `fs-${i}` },
  label: "Flash sale",
  units: 1,
  unitPrice: 500,
  exclusive: i === 2,
  payWithinMinutes: 30,
}));
const engine = promotionPricing([
  memorySource({ member: goldMember(100_000, { points: 100, amount: 100, cap: percentRate(50) }) }),
  memorySource({ activities }),
  memorySource({ unitPrices }),
  memorySource({ wallet }),
]);
const requests = wallet.map((coupon) =>
  request(cartLines, 1200, { couponCode: coupon.codeId, points: 100 }),
);

const exampleTotalFen = await exampleTotal();
console.log(`§4.4 example: ${(exampleTotalFen / 100).toFixed(2)} to pay (expected 61.10)`);

for (let i = 0; i < WARMUP; i++) await engine.price(requests[i % requests.length]);
const times = new Float64Array(PRICINGS);
let adjustments = 0;
for (let i = 0; i < PRICINGS; i++) {
  const started = process.hrtime.bigint();
  const result = await engine.price(requests[i % requests.length]);
  times[i] = Number(process.hrtime.bigint() - started) / 1000;
  adjustments += result.adjustments.length;
}
times.sort();
const median = times[Math.floor(PRICINGS / 2)];
const p99 = times[Math.min(PRICINGS - 1, Math.floor(PRICINGS * 0.99))];
console.log(
  `pricings: ${PRICINGS} after ${WARMUP} warm-up; 200 activities, 50 coupons, 20 lines; ${(adjustments / PRICINGS).toFixed(1)} order adjustments per pricing`,
);
console.log(
  `per pricing: median ${median.toFixed(1)} µs, p99 ${p99.toFixed(1)} µs (target median ≤ 200 µs)`,
);
console.log(
  JSON.stringify({
    median_us: Math.round(median * 10) / 10,
    p99_us: Math.round(p99 * 10) / 10,
    example_total_fen: exampleTotalFen,
  }),
);
if (exampleTotalFen !== 6110) process.exit(1);
