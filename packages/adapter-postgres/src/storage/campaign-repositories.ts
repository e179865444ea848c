import type { CampaignRepositories, Draw, DrawInsert } from "@onecode/core";
import { activityBatchRepository } from "./activity-batch-repository.js";
import { campaignRepository } from "./campaign-repository.js";
import { drawRepository } from "./draw-repository.js";
import { prizeRepository } from "./prize-repository.js";
import type { ReadBatcher } from "./read-batcher.js";
import type { StatementScope } from "./statement-scope.js";

/**
 * The campaigns module's repositories (migration 0028) over `scope`; on the
 * pool scope, draws are stored through `drawInserts` (group commit).
 */
export function campaignRepositories(
  scope: StatementScope,
  drawInserts?: ReadBatcher<Draw, DrawInsert>,
): CampaignRepositories {
  return {
    prizes: prizeRepository(scope),
    campaigns: campaignRepository(scope),
    activityBatches: activityBatchRepository(scope),
    draws: drawRepository(scope, drawInserts),
  };
}
