import type { AccountLimit } from "../src/campaigns/campaign.js";
import {
  accountSlotKey,
  campaignScope,
  playedKey,
  slotWonKey,
} from "../src/campaigns/campaign-gates.js";
import type { DrawRepository } from "../src/campaigns/ports.js";
import { createOneCode } from "../src/create-one-code.js";
import { calendarPeriodAt } from "../src/kernel/calendar-periods.js";
import { ManualClock } from "../src/kernel/clock.js";
import { isOneCodeError } from "../src/kernel/errors.js";
import { periodTakeStep } from "../src/kernel/period-gate-step.js";
import { seededRandom } from "../src/kernel/random.js";
import { tenantContext } from "../src/kernel/tenant.js";
import { memoryStorage } from "../src/memory/memory-storage.js";
import type { HotState } from "../src/ports/hot-state.js";
import type { Storage, StorageRepositories } from "../src/ports/storage.js";
import { activityBatchRecord, campaignPrize, campaignRecord } from "./campaign-fixtures.js";
import { releasedCodes } from "./released-codes.js";

const NOW = "2026-06-18T02:00:00.000Z";
const TENANT = "acme";
const admin = tenantContext(TENANT, { id: "alice", kind: "staff", roles: ["admin"] });
const consumer = (id: string) => tenantContext(TENANT, { id, kind: "consumer" });

/** The race's slots: small allocations and limits, so both are reached. */
const SLOTS: readonly { probabilityBp: number; allocation: number; accountLimit: AccountLimit }[] =
  [
    { probabilityBp: 2_500, allocation: 60, accountLimit: { period: "day", times: 2 } },
    { probabilityBp: 2_500, allocation: 150, accountLimit: { period: "week", times: 4 } },
    { probabilityBp: 2_000, allocation: 40, accountLimit: { period: "day", times: -1 } },
  ];

/** One slot as {@link campaignDrawRace} saw it at the end. */
export interface RaceSlot {
  readonly slot: number;
  readonly allocation: number;
  /** `-1`: unlimited. */
  readonly accountLimit: number;
  /** Wins stored durably. */
  readonly durableWins: number;
  /** The slot's hot counter. */
  readonly countedWins: number;
  /** Durable wins per account. */
  readonly winsByAccount: Readonly<Record<string, number>>;
  /** Hot period counters per account (the race runs within one period). */
  readonly countedByAccount: Readonly<Record<string, number>>;
}

/** What {@link campaignDrawRace} saw. */
export interface CampaignDrawRaceResult {
  /** Draws asked for, in parallel. */
  readonly attempts: number;
  /** Draws stored durably. */
  readonly durableDraws: number;
  /** Codes whose played once-key is claimed in hot state. */
  readonly playedKeys: number;
  /** The most draws any code has (1 when all is well). */
  readonly maxDrawsPerCode: number;
  readonly slots: readonly RaceSlot[];
  /** Error codes (or messages) of refused draws. */
  readonly refusals: readonly string[];
  /** Durable writes the wrapped storage made fail. */
  readonly failedWrites: number;
  /** Codes whose write failed (and that nobody played since) played again, and how many of those plays were stored. */
  readonly replayed: { readonly codes: number; readonly stored: number };
}

/** Storage whose draw inserts fail when `fail()` says so (outside and inside transactions). */
function failingDrawStorage(storage: Storage, fail: () => boolean): Storage {
  const drawsOf = (draws: DrawRepository): DrawRepository =>
    new Proxy(draws, {
      get(target, prop) {
        if (prop === "insert") {
          return async (draw: Parameters<DrawRepository["insert"]>[0]) => {
            if (fail()) throw new Error("injected: the draw's write failed");
            return target.insert(draw);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const wrap = <T extends StorageRepositories>(repos: T): T =>
    new Proxy(repos, {
      get(target, prop) {
        if (prop === "draws") return drawsOf(target.draws);
        if (prop === "transaction") {
          return <R>(work: (tx: StorageRepositories) => Promise<R>) =>
            (target as unknown as Storage).transaction((tx) => work(wrap(tx)));
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return wrap(storage);
}

/**
 * Plays many codes at once, by many accounts, on a campaign whose slots
 * have small allocations and per-account limits, over the given storage
 * and hot state (memory by default), and reports what was stored and
 * counted: a sound setup never gives a slot more than its allocation nor
 * an account more than its limit, never stores two draws of a code, and
 * keeps every hot counter equal to the durable draws. Each code is played
 * by one account, and every tenth code also by a second account at the
 * same time. With `failEvery`, every `failEvery`-th durable write fails;
 * the failed codes are then played again (without failures) and must be
 * accepted: their grants were given back.
 */
export async function campaignDrawRace(
  options: {
    readonly hotState?: HotState;
    readonly storage?: Storage;
    /** Codes played (default 1,000). */
    readonly codes?: number;
    /** Accounts playing (default 40). */
    readonly accounts?: number;
    readonly failEvery?: number;
  } = {},
): Promise<CampaignDrawRaceResult> {
  const codeCount = options.codes ?? 1_000;
  const accountCount = options.accounts ?? 40;
  const clock = new ManualClock(NOW);
  let writes = 0;
  let failing = false;
  let failedWrites = 0;
  const fail = () => {
    writes += 1;
    if (!failing || writes % (options.failEvery ?? 1) !== 0) return false;
    failedWrites += 1;
    return true;
  };
  // Draw writes fail only while the race runs (`failing`), never during the set-up.
  const storage = options.storage ?? memoryStorage();
  const onecode = createOneCode({
    clock,
    random: seededRandom("campaign-draw-race"),
    storage: failingDrawStorage(storage, fail),
    ...(options.hotState && { hotState: options.hotState }),
  });
  const { codes, packageId } = await releasedCodes(onecode, admin, { quantity: codeCount });
  const prizes = await Promise.all(
    SLOTS.map(() => campaignPrize(onecode, TENANT, { kind: "physical", totalStock: 500 })),
  );
  const campaign = await campaignRecord(onecode, TENANT, {
    slots: SLOTS.map((slot, i) => ({ ...slot, prize: prizes[i] as (typeof prizes)[number] })),
  });
  await activityBatchRecord(onecode, TENANT, campaign.id, [packageId]);
  failing = options.failEvery !== undefined;

  const accountOf = (i: number) => `player-${(i % accountCount) + 1}`;
  const plays = codes.flatMap((code, i) => {
    const first = { code, account: accountOf(i) };
    return i % 10 === 0 ? [first, { code, account: accountOf(i + 7) }] : [first];
  });
  const refusals: string[] = [];
  const failedCodes = new Set<string>();
  const results = await Promise.allSettled(
    plays.map((play) => onecode.draws.draw(consumer(play.account), { code: play.code })),
  );
  results.forEach((result, i) => {
    if (result.status === "fulfilled") return;
    const error = result.reason;
    refusals.push(isOneCodeError(error) ? error.code : String(error?.message ?? error));
    if (!isOneCodeError(error)) failedCodes.add((plays[i] as { code: string }).code);
  });
  failing = false;
  let stored = 0;
  let replayCodes = 0;
  for (const code of failedCodes) {
    // Its second player may have played it once the failed grant was given back.
    if (await storage.draws.ofCode(TENANT, code)) continue;
    replayCodes += 1;
    try {
      await onecode.draws.draw(consumer("replayer"), { code });
      stored += 1;
    } catch {
      // Counted by `stored`: a refused replay shows as missing.
    }
  }

  const { gates } = onecode.ports.hotState;
  const scope = campaignScope(campaign.id);
  const drawsOfCode = await Promise.all(codes.map((code) => storage.draws.ofCode(TENANT, code)));
  const draws = drawsOfCode.filter((draw) => draw !== null);
  const played = await Promise.all(
    codes.map((code) => gates.isClaimed(TENANT, scope, playedKey(code))),
  );
  const zone = "Asia/Shanghai";
  const accounts = [...Array.from({ length: accountCount }, (_, i) => accountOf(i)), "replayer"];
  const slots = await Promise.all(
    campaign.slots.map(async (slot) => {
      const wins = draws.filter((draw) => draw.slot === slot.slot);
      const winsByAccount: Record<string, number> = {};
      for (const draw of wins)
        winsByAccount[draw.accountId] = (winsByAccount[draw.accountId] ?? 0) + 1;
      const countedByAccount: Record<string, number> = {};
      if (slot.accountLimit.times !== -1) {
        for (const account of accounts) {
          const step = periodTakeStep({
            key: accountSlotKey(account, slot.slot),
            amount: 1,
            limit: slot.accountLimit.times,
            period: calendarPeriodAt(slot.accountLimit.period, clock.nowMs(), zone),
            nowMs: clock.nowMs(),
          });
          const counted = await gates.counter(TENANT, scope, step.key);
          if (counted > 0) countedByAccount[account] = counted;
        }
      }
      return {
        slot: slot.slot,
        allocation: slot.allocation,
        accountLimit: slot.accountLimit.times,
        durableWins: wins.length,
        countedWins: await gates.counter(TENANT, scope, slotWonKey(slot.slot)),
        winsByAccount,
        countedByAccount,
      };
    }),
  );
  return {
    attempts: plays.length,
    durableDraws: draws.length,
    playedKeys: played.filter(Boolean).length,
    // `ofCode` answers one draw per code; storage refusing a second insert is what keeps it one.
    maxDrawsPerCode: Math.max(
      0,
      ...codes.map((code) => draws.filter((d) => d.code === code).length),
    ),
    slots,
    refusals,
    failedWrites,
    replayed: { codes: replayCodes, stored },
  };
}

/**
 * What a {@link campaignDrawRace} broke, as sentences (empty when sound):
 * a code with two draws, a played key without a draw, a slot past its
 * allocation or whose counter differs from its durable wins, an account
 * past its limit or whose period counter differs from its durable wins.
 */
export function campaignRaceViolations(race: CampaignDrawRaceResult): string[] {
  const violations: string[] = [];
  if (race.maxDrawsPerCode > 1) violations.push(`a code has ${race.maxDrawsPerCode} draws`);
  if (race.playedKeys !== race.durableDraws) {
    violations.push(`${race.playedKeys} played keys for ${race.durableDraws} stored draws`);
  }
  for (const slot of race.slots) {
    if (slot.durableWins > slot.allocation) {
      violations.push(
        `slot ${slot.slot}: ${slot.durableWins} wins past allocation ${slot.allocation}`,
      );
    }
    if (slot.countedWins !== slot.durableWins) {
      violations.push(`slot ${slot.slot}: counted ${slot.countedWins}, stored ${slot.durableWins}`);
    }
    if (slot.accountLimit === -1) continue;
    for (const [account, wins] of Object.entries(slot.winsByAccount)) {
      if (wins > slot.accountLimit) {
        violations.push(`slot ${slot.slot}: ${account} won ${wins}, limit ${slot.accountLimit}`);
      }
    }
    const accounts = new Set([
      ...Object.keys(slot.winsByAccount),
      ...Object.keys(slot.countedByAccount),
    ]);
    for (const account of accounts) {
      const stored = slot.winsByAccount[account] ?? 0;
      const counted = slot.countedByAccount[account] ?? 0;
      if (stored !== counted) {
        violations.push(`slot ${slot.slot}: ${account} counted ${counted}, stored ${stored}`);
      }
    }
  }
  return violations;
}
