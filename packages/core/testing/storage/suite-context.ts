import type { Storage } from "../../src/ports/storage.js";
import type { Capability } from "../capability.js";
import type { StorageTamperer } from "./storage-tamperer.js";

/** What the storage suite needs from an adapter. */
export interface StorageSuiteOptions {
  /** Shown in the suite title, e.g. `"postgres (PGlite)"`. */
  readonly name: string;
  /** Opens a ready-to-use storage (schema migrated). Called once per suite. */
  readonly create: () => Promise<Storage>;
  /** Closes what `create` opened. */
  readonly destroy?: (storage: Storage) => Promise<void>;
  /**
   * When set, the whole suite is skipped and this reason is printed (e.g. a
   * server that is not reachable on a developer laptop). Never set it in CI.
   */
  readonly skip?: string;
  readonly capabilities: {
    /**
     * Opens a second, independent storage on the same data (new connections
     * or a reopened file), to prove committed writes are durable.
     */
    readonly reopen: Capability<() => Promise<Storage>>;
    /**
     * Rewrites stored rows directly (raw SQL in a database adapter), so the
     * seal tests can prove verification detects tampering. Leaving it out
     * skips those tests, saying so.
     */
    readonly tamper?: Capability<(storage: Storage) => StorageTamperer>;
  };
}

/** Handed to each test group: the live storage, resolved lazily after `beforeAll`. */
export interface StorageSuiteContext {
  readonly storage: () => Storage;
  readonly options: StorageSuiteOptions;
}
