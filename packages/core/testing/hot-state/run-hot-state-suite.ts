import { afterAll, beforeAll, describe } from "vitest";
import { argumentTests } from "./argument-tests.js";
import { cacheTests } from "./cache-tests.js";
import { counterTests } from "./counter-tests.js";
import { gateTests } from "./gate-tests.js";
import { idempotencyTests } from "./idempotency-tests.js";
import { lockTests } from "./lock-tests.js";
import { rateLimiterTests } from "./rate-limiter-tests.js";
import { sharedInstanceTests } from "./shared-instance-tests.js";
import type {
  HotStateSuiteContext,
  HotStateSuiteOptions,
  HotStateUnderTest,
} from "./suite-context.js";

/**
 * The hot-state conformance suite: gates, counters, rate limiter, cache, locks and
 * idempotency keys, each with tenant-isolation and concurrency tests (N
 * parallel calls never exceed a limit or grant a lock twice). Every hot-state
 * adapter runs it.
 *
 * @example
 * ```ts
 * import { runHotStateSuite } from "@onecode/core/testing";
 * runHotStateSuite({
 *   name: "my adapter",
 *   create: async () => ({ hotState: myHotState(), advanceTime: (ms) => sleep(ms) }),
 *   capabilities: { sharedAcrossInstances: async () => myHotState() },
 * });
 * ```
 */
export function runHotStateSuite(options: HotStateSuiteOptions): void {
  const title = `hot-state conformance: ${options.name}${options.skip ? ` (skipped: ${options.skip})` : ""}`;
  describe.skipIf(Boolean(options.skip))(title, () => {
    let subject: HotStateUnderTest | undefined;
    beforeAll(async () => {
      subject = await options.create();
    });
    afterAll(async () => {
      if (subject) await (options.destroy ? options.destroy(subject) : subject.hotState.close());
    });
    const context: HotStateSuiteContext = {
      options,
      subject: () => {
        if (!subject) throw new Error("hot-state suite: create() has not finished");
        return subject;
      },
    };
    gateTests(context);
    counterTests(context);
    rateLimiterTests(context);
    cacheTests(context);
    lockTests(context);
    idempotencyTests(context);
    sharedInstanceTests(context);
    argumentTests(context);
  });
}
