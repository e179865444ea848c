import type { CampaignRepositories } from "@onecode/core";
import { activityBatchRepository } from "./activity-batch-repository.js";
import { campaignRepository } from "./campaign-repository.js";
import { drawRepository } from "./draw-repository.js";
import { prizeRepository } from "./prize-repository.js";
import type { StatementScope } from "./statement-scope.js";

/** The campaigns module's repositories (migration 0028) over `scope`. */
export function campaignRepositories(scope: StatementScope): CampaignRepositories {
  return {
    prizes: prizeRepository(scope),
    campaigns: campaignRepository(scope),
    activityBatches: activityBatchRepository(scope),
    draws: drawRepository(scope),
  };
}
