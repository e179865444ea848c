import type { CampaignRepositories } from "@onecode/core";
import type { StatementScope } from "./statement-scope.js";

// PLACEHOLDER: replaced by the PostgreSQL campaign repositories before this lands.
export function campaignRepositories(_scope: StatementScope): CampaignRepositories {
  const missing = () => {
    throw new Error("campaign repositories are not built yet");
  };
  const repository = <T>() => new Proxy({}, { get: () => missing }) as T;
  return {
    prizes: repository(),
    campaigns: repository(),
    activityBatches: repository(),
    draws: repository(),
  };
}
