import type { RateLimitDecision, RateLimiter } from "@onecode/core";
import { type TokenBucketState, tokenBucketStep } from "@onecode/core/adapter-kit";
import { type Kysely, sql } from "kysely";
import { countFromColumn, type OneCodeDatabase } from "../database.js";
import type { HotStateContext } from "./hot-state-context.js";

/** Re-runs after a refusal whose bucket vanished before it could be read (purged meanwhile). */
const HIT_ATTEMPTS = 3;

interface Bucket {
  readonly tenantId: string;
  readonly key: string;
  /** `limit/windowMs`: different policies on one key keep separate buckets, as in every adapter. */
  readonly policy: string;
}

const int8 = (value: number) => sql<number>`${value}::bigint`;

/**
 * The token-bucket rate limiter on `onecode_hot_rate_limits`. An allowed hit
 * is one upsert that refills and spends credits in SQL with the integer
 * arithmetic of core's `tokenBucketStep`, under the bucket's row lock; a
 * refused hit writes nothing and reads the bucket to say when to retry.
 */
export function postgresRateLimiter({ db, clock }: HotStateContext): RateLimiter {
  return {
    async hit(tenantId, key, { limit, windowMs }): Promise<RateLimitDecision> {
      const bucket: Bucket = { tenantId, key, policy: `${limit}/${windowMs}` };
      for (let attempt = 1; attempt <= HIT_ATTEMPTS; attempt++) {
        const now = Math.floor(clock.nowMs());
        const left = await spend(db, bucket, now, limit, windowMs);
        if (left !== null) {
          return { allowed: true, remaining: Math.floor(left / windowMs), retryAfterMs: 0 };
        }
        const step = tokenBucketStep(await stored(db, bucket), now, limit, windowMs);
        if (!step.decision.allowed) return step.decision;
        // The refusing bucket was purged before it could be read: the hit deserves another try.
      }
      return { allowed: false, remaining: 0, retryAfterMs: 1 };
    },
  };
}

/**
 * Spends one hit's credits if the refilled bucket holds them: returns the
 * credits left, or `null` (nothing written) when refused. A fresh bucket is
 * full, so the insert path always admits.
 */
async function spend(
  db: Kysely<OneCodeDatabase>,
  bucket: Bucket,
  now: number,
  limit: number,
  windowMs: number,
): Promise<number | null> {
  const capacity = limit * windowMs;
  const refilled = sql<number>`least(${int8(capacity)}, r.credits
    + least(greatest(${int8(now)} - r.updated_at_ms, 0), ${int8(windowMs)}) * ${int8(limit)})`;
  // Expires when the bucket would be full again: ceil((capacity - left) / limit) from now.
  const expiry = (left: unknown) =>
    sql<number>`(${int8(now)} + (${int8(capacity)} - ${left} + ${int8(limit - 1)}) / ${int8(limit)})::float8`;
  const freshLeft = capacity - windowMs;
  const { rows } = await sql<{ credits: string | number }>`
    INSERT INTO onecode_hot_rate_limits AS r (tenant_id, key, policy, credits, updated_at_ms, expires_at)
    VALUES (${bucket.tenantId}, ${bucket.key}, ${bucket.policy}, ${int8(freshLeft)}, ${int8(now)},
      ${expiry(int8(freshLeft))})
    ON CONFLICT (tenant_id, key, policy) DO UPDATE SET
      credits = ${refilled} - ${int8(windowMs)},
      updated_at_ms = ${int8(now)},
      expires_at = ${expiry(sql`(${refilled} - ${int8(windowMs)})`)}
    WHERE ${refilled} >= ${int8(windowMs)}
    RETURNING credits
  `.execute(db);
  const row = rows[0];
  return row ? countFromColumn(row.credits) : null;
}

/**
 * The bucket as stored, or `null` when absent. An expired bucket needs no
 * special case: it expires only once the refill has made it full again.
 */
async function stored(
  db: Kysely<OneCodeDatabase>,
  bucket: Bucket,
): Promise<TokenBucketState | null> {
  const row = await db
    .selectFrom("onecode_hot_rate_limits")
    .select(["credits", "updated_at_ms"])
    .where("tenant_id", "=", bucket.tenantId)
    .where("key", "=", bucket.key)
    .where("policy", "=", bucket.policy)
    .executeTakeFirst();
  return row
    ? { credits: countFromColumn(row.credits), updatedAtMs: countFromColumn(row.updated_at_ms) }
    : null;
}
