import type { TraceRuntime } from "../trace-runtime.js";
import type { DistributionService } from "../trace-services.js";
import { enterpriseUseCases } from "./enterprise-use-cases.js";
import { inspectionUseCases } from "./inspection-use-cases.js";
import { staffUseCases } from "./staff-use-cases.js";
import { stockUseCases } from "./stock-use-cases.js";

/**
 * Builds the distribution use cases (`onecode.distribution`): the
 * enterprise tree, staff, stock documents with scanning, code location and
 * field inspection. `timeZoneOf` gives the tenant's zone, which dates stock
 * document numbers.
 */
export function distributionService(
  runtime: TraceRuntime,
  options: { readonly timeZoneOf: (tenantId: string) => Promise<string> },
): DistributionService {
  return {
    ...enterpriseUseCases(runtime),
    ...staffUseCases(runtime),
    ...stockUseCases(runtime, options),
    ...inspectionUseCases(runtime),
  };
}
