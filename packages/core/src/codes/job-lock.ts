import { encodeBase64Url } from "../kernel/base64url.js";
import type { CodesRuntime } from "./codes-runtime.js";

/** The hot-state lock that keeps one runner per job. */
const lockKey = (id: string) => `codes:job:${id}`;
/** Who holds a job's lock, when the holder has an `instanceId`: read by its own next incarnation. */
const holderKey = (id: string) => `codes:job-holder:${id}`;

/** The holder record of a job lock. */
interface LockHolder {
  /** `codes.instanceId` of the holder. */
  readonly instance: string;
  /** Random per process: tells a previous run of the same instance from this one. */
  readonly incarnation: string;
  readonly token: string;
}

function parseHolder(value: string | null): LockHolder | null {
  if (value === null) return null;
  try {
    const holder = JSON.parse(value) as Partial<LockHolder>;
    const { instance, incarnation, token } = holder;
    return typeof instance === "string" &&
      typeof incarnation === "string" &&
      typeof token === "string"
      ? { instance, incarnation, token }
      : null;
  } catch {
    return null;
  }
}

/** Job locks of one process: one runner per job at a time, across processes. */
export interface JobLocks {
  /**
   * A token when this process now holds the job's lock, else `null` (another
   * runner holds it). A lock held by a previous incarnation of this
   * instance (same `codes.instanceId`, a process that died) is taken over
   * at once rather than after its lease.
   */
  acquire(tenantId: string, id: string): Promise<string | null>;
  /** Extends the lease; false when the lock was lost to another runner. */
  renew(tenantId: string, id: string, token: string): Promise<boolean>;
  /** Frees the lock (best effort: a lease that runs out frees it too). */
  release(tenantId: string, id: string, token: string): Promise<void>;
}

/**
 * The job locks of a runtime. With `codes.instanceId`, every lock this
 * process takes is recorded (instance, incarnation, token) in the hot-state
 * cache for the lease's time, which is what lets the restarted instance
 * free the locks of its dead predecessor. Two live processes with the same
 * instance id would take each other's jobs over; storage still keeps every
 * chunk written once, but they would waste work.
 */
export function jobLocks(runtime: CodesRuntime): JobLocks {
  const { hotState, random } = runtime.ports;
  const { jobLeaseMs, instanceId } = runtime.options;
  const incarnation = encodeBase64Url(random.fill(new Uint8Array(12)));

  const recordHolder = async (tenantId: string, id: string, token: string) => {
    if (instanceId === null) return;
    const holder: LockHolder = { instance: instanceId, incarnation, token };
    await hotState.cache.set(tenantId, holderKey(id), JSON.stringify(holder), jobLeaseMs);
  };

  /** Frees a lock left by a dead incarnation of this instance, then takes it. */
  const takeOver = async (tenantId: string, id: string): Promise<string | null> => {
    if (instanceId === null) return null;
    const holder = parseHolder(await hotState.cache.get(tenantId, holderKey(id)));
    if (!holder || holder.instance !== instanceId || holder.incarnation === incarnation)
      return null;
    await hotState.locks.release(tenantId, lockKey(id), holder.token);
    return hotState.locks.acquire(tenantId, lockKey(id), jobLeaseMs);
  };

  return {
    async acquire(tenantId, id) {
      const token =
        (await hotState.locks.acquire(tenantId, lockKey(id), jobLeaseMs)) ??
        (await takeOver(tenantId, id));
      if (token !== null) await recordHolder(tenantId, id, token);
      return token;
    },
    async renew(tenantId, id, token) {
      const renewed = await hotState.locks.renew(tenantId, lockKey(id), token, jobLeaseMs);
      if (renewed) await recordHolder(tenantId, id, token);
      return renewed;
    },
    async release(tenantId, id, token) {
      const released = await hotState.locks.release(tenantId, lockKey(id), token);
      if (released && instanceId !== null) await hotState.cache.delete(tenantId, holderKey(id));
    },
  };
}
