import { paginate } from "../kernel/pagination.js";
import type { DrawService } from "./campaign-services.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import { drawLookupsOf } from "./draw-caches.js";
import { claimPrize } from "./draw-claim.js";
import { consumerOf, drawResultOf, playCode } from "./draw-engine.js";
import { drawViews } from "./draw-views.js";

/**
 * Builds {@link DrawService} (`onecode.draws`): the consumer's draw, own
 * draws and claim, and the operators' views of winners and shipping.
 */
export function drawService(runtime: CampaignsRuntime): DrawService {
  const { storage } = runtime.ports;
  return {
    draw: (ctx, input) => playCode(runtime, ctx, input),
    async myDraws(ctx, page) {
      const accountId = consumerOf(ctx);
      const draws = await paginate(page, (query) =>
        storage.draws.ofAccount(ctx.tenantId, accountId, query),
      );
      const prizes = drawLookupsOf(runtime).prize;
      const items = await Promise.all(
        draws.items.map(async (draw) => {
          const prize = draw.prizeId ? await prizes.get(ctx.tenantId, draw.prizeId) : null;
          return drawResultOf(draw, prize?.coverImage ?? null);
        }),
      );
      return { ...draws, items };
    },
    claim: (ctx, drawId, input) => claimPrize(runtime, ctx, drawId, input),
    ...drawViews(runtime),
  };
}
