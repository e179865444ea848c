import { createOneCode } from "../src/create-one-code.js";
import { ManualClock } from "../src/kernel/clock.js";
import { isOneCodeError } from "../src/kernel/errors.js";
import { seededRandom } from "../src/kernel/random.js";
import { tenantContext } from "../src/kernel/tenant.js";
import type { HotState } from "../src/ports/hot-state.js";

const NOW = "2026-06-18T02:00:00.000Z";
const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const buyer = (id: string) => tenantContext("acme", { id, kind: "consumer" });
const delivery = {
  method: "express",
  address: { name: "Li Lei", phone: "13800138000", regionCode: "CN-ZJ", line: "1 Wensan Road" },
} as const;

/** What {@link flashSaleRace} saw. */
export interface FlashSaleRaceResult {
  readonly stock: number;
  readonly perPersonLimit: number;
  /** Units of the orders placed. */
  readonly placedUnits: number;
  /** Units the sale's counter says were sold. */
  readonly countedUnits: number;
  /** Units placed per buyer. */
  readonly unitsByBuyer: Readonly<Record<string, number>>;
  /** Error codes of the refused orders (each a flash-sale refusal when all is well). */
  readonly refusals: readonly string[];
}

/**
 * Places many orders in parallel on a flash sale with small stock and
 * per-person limit, on the given hot state (memory, Redis, PostgreSQL), and
 * reports what was placed: a sound adapter never sells past the stock and
 * no buyer passes the limit.
 */
export async function flashSaleRace(options: {
  readonly hotState?: HotState;
  readonly stock?: number;
  readonly perPersonLimit?: number;
  readonly buyers?: number;
}): Promise<FlashSaleRaceResult> {
  const stock = options.stock ?? 7;
  const perPersonLimit = options.perPersonLimit ?? 2;
  const clock = new ManualClock(NOW);
  const onecode = createOneCode({
    clock,
    random: seededRandom("flash-sale-race"),
    ...(options.hotState && { hotState: options.hotState }),
  });
  const merchant = await onecode.merchants.create(admin, {
    name: "Acme Tea",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
  });
  const product = await onecode.products.create(admin, { merchantId: merchant.id, name: "Tea" });
  const [tea] = await onecode.skus.configure(admin, product.id, {
    policy: "reserve_on_create",
    dimensions: [],
    skus: [{ spec: {}, code: "TEA", price: 3990, stock: 1000, weightGrams: 500 }],
  });
  if (!tea) throw new Error("the SKU was not configured");
  const sale = await onecode.flashSales.create(admin, {
    name: "Race",
    startsAt: NOW,
    endsAt: new Date(clock.nowMs() + 60 * 60_000).toISOString(),
    items: [{ skuId: tea.id, price: 990, stock, perPersonLimit }],
  });
  const buyers = Array.from({ length: options.buyers ?? 6 }, (_, i) => `racer-${i + 1}`);
  const results = await Promise.allSettled(
    buyers.flatMap((id) =>
      [1, 1, 2].map((quantity) =>
        onecode.orders.create(buyer(id), { lines: [{ skuId: tea.id, quantity }], delivery }),
      ),
    ),
  );
  const unitsByBuyer: Record<string, number> = {};
  const refusals: string[] = [];
  let placedUnits = 0;
  for (const result of results) {
    if (result.status === "fulfilled") {
      const units = result.value.lines[0]?.quantity ?? 0;
      placedUnits += units;
      unitsByBuyer[result.value.customerId] = (unitsByBuyer[result.value.customerId] ?? 0) + units;
    } else {
      refusals.push(isOneCodeError(result.reason) ? result.reason.code : String(result.reason));
    }
  }
  const [sold] = await onecode.flashSales.soldUnits(admin, sale.id);
  return {
    stock,
    perPersonLimit,
    placedUnits,
    countedUnits: sold?.sold ?? 0,
    unitsByBuyer,
    refusals,
  };
}
