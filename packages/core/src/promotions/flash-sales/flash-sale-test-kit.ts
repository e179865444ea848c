import { ordersTestKit } from "../../orders/orders-test-kit.js";
import type { HotState } from "../../ports/hot-state.js";
import { presalePricingSource } from "../presales/presale-pricing.js";
import type { PricingSource } from "../pricing/pricing-sources.js";
import { promotionPricing } from "../pricing/promotion-pricing.js";
import { flashSalePricingSource } from "./flash-sale-pricing.js";

/** The orders test kit priced by the promotion engine over the flash-sale and presale sources only. */
export function flashSaleTestKit(options: { readonly hotState?: HotState } = {}) {
  const sources: PricingSource[] = [];
  const kit = ordersTestKit({ pricing: promotionPricing(sources), ...options });
  const runtime = { ports: kit.onecode.ports };
  sources.push(flashSalePricingSource(runtime), presalePricingSource(runtime));
  /** Runs due timers and delivers outbox events until nothing is left. */
  const settle = async () => {
    for (let round = 0; round < 5; round++) {
      await kit.onecode.timers.runDue();
      await kit.onecode.outbox.dispatch();
    }
  };
  const later = (minutes: number) => new Date(kit.clock.nowMs() + minutes * 60_000).toISOString();
  return { ...kit, settle, later };
}
