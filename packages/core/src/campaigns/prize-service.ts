import type { PrizeService } from "./campaign-services.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";

// PLACEHOLDER: replaced before this lands.
export function prizeService(_runtime: CampaignsRuntime): PrizeService {
  return new Proxy({} as PrizeService, {
    get: () => () => {
      throw new Error("prizeService is not built yet");
    },
  });
}
