import type { ActivityBatchService } from "./campaign-services.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";

// PLACEHOLDER: replaced before this lands.
export function activityBatchService(_runtime: CampaignsRuntime): ActivityBatchService {
  return new Proxy({} as ActivityBatchService, {
    get: () => () => {
      throw new Error("activityBatchService is not built yet");
    },
  });
}
