/**
 * `@onecode/core/adapter-kit`: building blocks for adapter authors (storage,
 * hot state, HTTP bindings), not for application code. The first-party
 * adapters use them so every adapter checks arguments, classifies failures
 * and names cache entries the same way: the hot-state argument checks and
 * the token-bucket step that the conformance suites expect, the error
 * constructors and failure classifiers, and the helpers that map stored rows
 * (sealed batch fields, Digital Link serial tokens, id pattern), and the
 * code generator with its inputs, which benchmarks drive directly.
 *
 * It also holds `SerialQueue` and `serializedRepositories`, which the memory
 * and PostgreSQL storages share. Hosts use `@onecode/core`; these names may
 * change between minor versions as adapters need.
 *
 * @module @onecode/core/adapter-kit
 * @packageDocumentation
 */

export { mergedReservationLines } from "./catalog/skus/reservation-lines.js";
export { ALPHABETS } from "./codes/alphabets.js";
export { type CodeGenerator, codeGenerator } from "./codes/code-generator.js";
export { type GenerationMoment, generationMoment } from "./codes/generation-moment.js";
export {
  invalidField,
  isTransientFailure,
  notFound,
  serviceUnavailable,
  validationError,
} from "./kernel/errors.js";
export { ID_PATTERN } from "./kernel/ids.js";
export { isNetworkFailure } from "./kernel/network-errors.js";
export { randomBelow } from "./kernel/random.js";
export { SerialQueue } from "./memory/serial-queue.js";
export { serializedRepositories } from "./memory/serialized-repositories.js";
export { checkedHotState } from "./ports/checked-hot-state.js";
export {
  checkKey,
  checkNonNegativeInteger,
  checkPositiveInteger,
  checkRatePolicy,
  checkTenantId,
  checkTtl,
  checkValue,
} from "./ports/hot-state-arguments.js";
export {
  type TokenBucketState,
  type TokenBucketStep,
  tokenBucketStep,
} from "./ports/token-bucket.js";
export { activityState } from "./promotions/activities/activity.js";
export {
  findActivityConflict,
  windowsOverlap,
} from "./promotions/activities/activity-conflict.js";
export { SEALED_BATCH_FIELDS } from "./trace/batches/trace-batch-check.js";
export { serialTokenOf } from "./trace/gs1/digital-link.js";
export { checkSuspicionThreshold } from "./trace/scans/scan.js";
export { batchCacheKey } from "./trace/trace-runtime.js";
