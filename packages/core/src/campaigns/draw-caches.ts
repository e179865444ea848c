import { LruMap } from "../kernel/lru-map.js";
import type { ActivityBatch } from "./activity-batch.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";
import type { Prize } from "./prize.js";

/**
 * How long a process trusts a cached package → activity batch binding or
 * prize: a draw or a scan must not read them from storage every time. A
 * batch frozen in another process stops its draws within this time; a
 * campaign's freeze stops them at once through the gate's paused flag.
 */
export const DRAW_LOOKUP_TTL_MS = 1_000;
const MAX_ENTRIES = 10_000;

/** A small in-process cache of values read from storage, each trusted for `ttlMs`. */
class TtlLookup<V> {
  readonly #entries = new LruMap<string, { value: V; untilMs: number }>(MAX_ENTRIES);
  /** Reads in flight, so concurrent draws of one package share one storage read. */
  readonly #loading = new Map<string, Promise<V>>();

  constructor(
    private readonly nowMs: () => number,
    private readonly load: (tenantId: string, id: string) => Promise<V>,
  ) {}

  async get(tenantId: string, id: string): Promise<V> {
    const key = `${tenantId}\u0000${id}`;
    const cached = this.#entries.get(key);
    if (cached && cached.untilMs > this.nowMs()) return cached.value;
    const loading = this.#loading.get(key);
    if (loading) return loading;
    const read = this.load(tenantId, id).then(
      (value) => {
        this.#entries.set(key, { value, untilMs: this.nowMs() + DRAW_LOOKUP_TTL_MS });
        this.#loading.delete(key);
        return value;
      },
      (error: unknown) => {
        this.#loading.delete(key);
        throw error;
      },
    );
    this.#loading.set(key, read);
    return read;
  }

  invalidate(tenantId: string, id: string): void {
    this.#entries.delete(`${tenantId}\u0000${id}`);
  }
}

/** The in-process look-ups of draws and scans. */
export interface DrawLookups {
  /** The activity batch a code package is bound to (`null`: none). */
  readonly batchOfPackage: TtlLookup<ActivityBatch | null>;
  /** A prize as draws show it (name, kind, images, redirect link). */
  readonly prize: TtlLookup<Prize | null>;
}

const lookups = new WeakMap<CampaignsRuntime, DrawLookups>();

/** The look-ups of a campaigns runtime, made on first use and shared by draws and scans. */
export function drawLookupsOf(runtime: CampaignsRuntime): DrawLookups {
  let found = lookups.get(runtime);
  if (!found) {
    const { storage, clock } = runtime.ports;
    const nowMs = () => clock.nowMs();
    found = {
      batchOfPackage: new TtlLookup(nowMs, (tenantId, packageId) =>
        storage.activityBatches.batchOfPackage(tenantId, packageId),
      ),
      prize: new TtlLookup(nowMs, (tenantId, prizeId) => storage.prizes.get(tenantId, prizeId)),
    };
    lookups.set(runtime, found);
  }
  return found;
}

/**
 * Drops this process's cached bindings of `packageIds` after an activity
 * batch changed (bound, activated, frozen, deleted), so draws and scans
 * here see the change at once; other processes see it within
 * {@link DRAW_LOOKUP_TTL_MS}.
 */
export function forgetPackageBindings(
  runtime: CampaignsRuntime,
  tenantId: string,
  packageIds: readonly string[],
): void {
  const { batchOfPackage } = drawLookupsOf(runtime);
  for (const packageId of packageIds) batchOfPackage.invalidate(tenantId, packageId);
}

/** Drops this process's cached prize after its presentation changed. */
export function forgetPrize(runtime: CampaignsRuntime, tenantId: string, prizeId: string): void {
  drawLookupsOf(runtime).prize.invalidate(tenantId, prizeId);
}
