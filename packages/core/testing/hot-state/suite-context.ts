import type { HotState } from "../../src/ports/hot-state.js";
import type { Capability } from "../capability.js";

/** A hot-state instance plus a way to let time pass for it. */
export interface HotStateUnderTest {
  readonly hotState: HotState;
  /**
   * Lets `ms` milliseconds pass as the adapter sees time: advance a manual
   * clock for adapters that read the clock port, or really wait for adapters
   * whose server keeps time (Redis expiry).
   */
  readonly advanceTime: (ms: number) => Promise<void>;
}

/** What the hot-state suite needs from an adapter. */
export interface HotStateSuiteOptions {
  /** Shown in the suite title, e.g. `"redis"`. */
  readonly name: string;
  /** Opens a ready-to-use hot state. Called once per suite. */
  readonly create: () => Promise<HotStateUnderTest>;
  /** Closes what `create` opened. */
  readonly destroy?: (subject: HotStateUnderTest) => Promise<void>;
  /** When set, the whole suite is skipped with this reason printed. Never set it in CI. */
  readonly skip?: string;
  readonly capabilities: {
    /**
     * Opens a second instance over the same state (another connection or
     * process view), sharing the first one's notion of time, to prove that
     * limits and locks hold across application instances.
     */
    readonly sharedAcrossInstances: Capability<(first: HotStateUnderTest) => Promise<HotState>>;
  };
}

/** Handed to each test group. */
export interface HotStateSuiteContext {
  readonly subject: () => HotStateUnderTest;
  readonly options: HotStateSuiteOptions;
}
