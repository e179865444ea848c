import { isOneCodeError } from "../src/kernel/errors.js";
import type { HotState } from "../src/ports/hot-state.js";
import { flashSaleTestKit } from "../src/promotions/flash-sales/flash-sale-test-kit.js";

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
  const kit = flashSaleTestKit(options.hotState ? { hotState: options.hotState } : {});
  const tea = await kit.sku({ price: 3990, stock: 1000 });
  const sale = await kit.onecode.flashSales.create(kit.admin, {
    name: "Race",
    startsAt: kit.later(0),
    endsAt: kit.later(60),
    items: [{ skuId: tea.id, price: 990, stock, perPersonLimit }],
  });
  const buyers = Array.from({ length: options.buyers ?? 6 }, (_, i) => `racer-${i + 1}`);
  const results = await Promise.allSettled(
    buyers.flatMap((id) =>
      [1, 1, 2].map((quantity) =>
        kit.onecode.orders.create(kit.buyer(id), kit.orderInput(tea.id, quantity)),
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
  const [sold] = await kit.onecode.flashSales.soldUnits(kit.admin, sale.id);
  return {
    stock,
    perPersonLimit,
    placedUnits,
    countedUnits: sold?.sold ?? 0,
    unitsByBuyer,
    refusals,
  };
}
