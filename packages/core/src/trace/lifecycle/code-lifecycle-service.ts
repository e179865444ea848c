import type { TraceRuntime } from "../trace-runtime.js";
import { aggregationUseCases } from "./aggregation-use-cases.js";
import type { CodeLifecycleService } from "./service-types.js";
import { voidUseCases } from "./void-use-cases.js";

/**
 * Builds the code lifecycle use cases (`onecode.codeLifecycle`): voids and
 * recalls with their restores, the lifecycle entries (destruction records
 * included), and unpacking and re-packing with the aggregation history.
 */
export function codeLifecycleService(runtime: TraceRuntime): CodeLifecycleService {
  return { ...voidUseCases(runtime), ...aggregationUseCases(runtime) };
}
