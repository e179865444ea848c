import { ManualClock } from "../../src/kernel/clock.js";
import { sortableIds } from "../../src/kernel/ids.js";
import { seededRandom } from "../../src/kernel/random.js";
import { tenantContext } from "../../src/kernel/tenant.js";
import { timersService } from "../../src/kernel/timers/timer-service.js";
import type { TimersService } from "../../src/kernel/timers/timers.js";
import { tenantSettingsReader } from "../../src/settings/tenant-settings-service.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

/** The Saturday before New York's 2026 spring DST change, noon UTC. */
export const TIMER_START = "2026-03-07T12:00:00.000Z";

/** An admin of `tenantId`. */
export const timerAdmin = (tenantId: string) =>
  tenantContext(tenantId, { id: "alice", kind: "staff", roles: ["admin"] });

/** A kind no other test (or other run on a shared database) claims: claims span all tenants. */
export const freshTimerKind = () => `conformance.${freshTenantId()}`;

/**
 * A runner process over the suite's storage: its own registry and ids, the
 * given clock, tenant zones read from storage.
 */
export function timerRunner(
  { storage }: StorageSuiteContext,
  clock: ManualClock,
  seed = "a",
): TimersService {
  const ports = { storage: storage(), clock, ids: sortableIds(clock, seededRandom(seed)) };
  const reader = tenantSettingsReader(ports);
  return timersService({ ...ports, timeZoneOf: reader.timeZoneOf });
}

/** A fresh clock at {@link TIMER_START}. */
export const timerClock = () => new ManualClock(TIMER_START);
