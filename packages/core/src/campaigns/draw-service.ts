import type { DrawService } from "./campaign-services.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";

// PLACEHOLDER: replaced before this lands.
export function drawService(_runtime: CampaignsRuntime): DrawService {
  return new Proxy({} as DrawService, {
    get: () => () => {
      throw new Error("drawService is not built yet");
    },
  });
}
