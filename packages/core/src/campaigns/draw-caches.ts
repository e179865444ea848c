import { TtlLookup } from "../kernel/ttl-lookup.js";
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
    found = {
      batchOfPackage: new TtlLookup(clock, DRAW_LOOKUP_TTL_MS, (tenantId, packageId) =>
        storage.activityBatches.batchOfPackage(tenantId, packageId),
      ),
      prize: new TtlLookup(clock, DRAW_LOOKUP_TTL_MS, (tenantId, prizeId) =>
        storage.prizes.get(tenantId, prizeId),
      ),
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
