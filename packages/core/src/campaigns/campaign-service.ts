import type { CampaignService } from "./campaign-services.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";

// PLACEHOLDER: replaced before this lands.
export function campaignService(_runtime: CampaignsRuntime): CampaignService {
  return new Proxy({} as CampaignService, {
    get: () => () => {
      throw new Error("campaignService is not built yet");
    },
  });
}
