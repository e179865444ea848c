import type { DrawService } from "./campaign-services.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";

/** The operators' views of draws: winners, their CSV export, the to-ship list and shipping. */
export type DrawViews = Pick<DrawService, "winners" | "exportWinners" | "toShip" | "markShipped">;

// PLACEHOLDER: replaced before this lands.
export function drawViews(_runtime: CampaignsRuntime): DrawViews {
  return new Proxy({} as DrawViews, {
    get: () => () => {
      throw new Error("drawViews is not built yet");
    },
  });
}
