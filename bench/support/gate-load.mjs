// The gate benchmark's load and its checks, the same for every hot-state
// adapter (bench/gate.bench.mjs runs it on Redis and on PostgreSQL).
import { calendarPeriodAt, periodTakeStep } from "@onecode/core";

/** A small deterministic generator (mulberry32), so every adapter plays the same attempts. */
function floats(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The load's shape: `stock` units of a shared counter, `accounts` accounts
 * with `perAccount` wins per day each, once-keys drawn from `codes` codes
 * (so some attempts repeat a code), `callers` concurrent callers, and
 * `after` more attempts once the stock is gone.
 */
export function gatePlan({ stock, callers, after, seed = 20261206 }) {
  return {
    stock,
    callers,
    after,
    seed,
    accounts: Math.max(1, Math.round(stock / 12)),
    perAccount: 20,
    codes: stock * 2,
    scope: "flash:bench",
    zone: "Europe/Berlin",
  };
}

/** The tenant's day at `nowMs`, worked out once per run (the load runs at one instant of the clock). */
const periods = new Map();
function dayAt(plan, nowMs) {
  if (!periods.has(nowMs)) periods.set(nowMs, calendarPeriodAt("day", nowMs, plan.zone));
  return periods.get(nowMs);
}

/** The three steps of an attempt: the shared stock, the account's daily wins, a once-key. */
function attemptSteps(plan, attempt, nowMs) {
  const period = dayAt(plan, nowMs);
  return [
    { kind: "take", key: "stock", amount: 1, limit: plan.stock },
    periodTakeStep({
      key: `account:${attempt.account}:wins`,
      amount: 1,
      limit: plan.perAccount,
      period,
      nowMs,
    }),
    { kind: "claim_once", key: `code:${attempt.code}` },
  ];
}

/**
 * Runs the load on `hotState` as `tenant`: `plan.callers` callers take
 * attempts in turn until one sees the stock refused, then `plan.after` more
 * attempts are made. Resolves with every attempt and its outcome, and the
 * seconds the load took.
 */
export async function runGateLoad(hotState, tenant, plan, nowMs) {
  const random = floats(plan.seed);
  const attempts = [];
  let exhaustedAt = null;
  const next = () => {
    if (exhaustedAt !== null && attempts.length >= exhaustedAt + plan.after) return null;
    const attempt = {
      account: Math.floor(random() * plan.accounts),
      code: Math.floor(random() * plan.codes),
      outcome: null,
    };
    attempts.push(attempt);
    return attempt;
  };
  const caller = async () => {
    for (let attempt = next(); attempt !== null; attempt = next()) {
      attempt.outcome = await hotState.gates.pass(
        tenant,
        plan.scope,
        attemptSteps(plan, attempt, nowMs),
      );
      const { outcome } = attempt;
      if (!outcome.passed && outcome.refusal.step === 0 && exhaustedAt === null) {
        exhaustedAt = attempts.length;
      }
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: plan.callers }, caller));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { attempts, seconds };
}

/** Reads a counter of every account, `concurrency` at a time. */
async function accountCounters(hotState, tenant, plan, nowMs) {
  const key = (account) => attemptSteps(plan, { account, code: 0 }, nowMs)[1].key;
  return Promise.all(
    Array.from({ length: plan.accounts }, (_, account) =>
      hotState.gates.counter(tenant, plan.scope, key(account)),
    ),
  );
}

/**
 * Checks the store after the load, then undoes every tenth passed gate and
 * checks again. Violations are read back from the store: `over_limit` counts
 * counters past their limit, `claimed_twice` codes more passed gates hold
 * than the store could have claimed once each; `undo_exact` says every
 * counter equals the passes minus the undos, undone codes are free, kept
 * ones claimed, and a second undo of each receipt changes nothing.
 */
export async function checkGateStore(hotState, tenant, plan, attempts, nowMs) {
  const { scope } = plan;
  const passed = attempts.filter((attempt) => attempt.outcome?.passed);
  const stock = await hotState.gates.counter(tenant, scope, "stock");
  const accounts = await accountCounters(hotState, tenant, plan, nowMs);
  const over = (stock > plan.stock ? 1 : 0) + accounts.filter((n) => n > plan.perAccount).length;
  const holders = new Map();
  for (const attempt of passed) holders.set(attempt.code, (holders.get(attempt.code) ?? 0) + 1);
  const claimedTwice = [...holders.values()].filter((n) => n > 1).length;

  const undone = passed.filter((_, index) => index % 10 === 0);
  const firstUndos = await Promise.all(
    undone.map((attempt) => hotState.gates.undo(tenant, attempt.outcome.receipt)),
  );
  const secondUndos = await Promise.all(
    undone.map((attempt) => hotState.gates.undo(tenant, attempt.outcome.receipt)),
  );
  const kept = passed.filter((_, index) => index % 10 !== 0);
  const keptPerAccount = new Array(plan.accounts).fill(0);
  for (const attempt of kept) keptPerAccount[attempt.account]++;
  const accountsAfter = await accountCounters(hotState, tenant, plan, nowMs);
  const claimedAfter = await Promise.all(
    [...holders.keys()].map((code) => hotState.gates.isClaimed(tenant, scope, `code:${code}`)),
  );
  const keptCodes = new Set(kept.map((attempt) => attempt.code));
  const codesExact = [...holders.keys()].every(
    (code, index) => claimedAfter[index] === keptCodes.has(code),
  );
  const undoExact =
    stock === passed.length &&
    firstUndos.every(Boolean) &&
    !secondUndos.some(Boolean) &&
    (await hotState.gates.counter(tenant, scope, "stock")) === kept.length &&
    accountsAfter.every((n, account) => n === keptPerAccount[account]) &&
    codesExact;
  return {
    passed: passed.length,
    stock,
    undone: undone.length,
    overLimit: over,
    claimedTwice,
    undoExact,
  };
}
