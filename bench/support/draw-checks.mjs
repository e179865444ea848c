// The draw benchmark's checks: the three rules of a draw (no slot gives
// beyond its allocation, no account beyond its limit, no code plays twice)
// counted from the draws' answers and, independently, from what the server
// stores (its statistics and its winners list).

/** The calendar day (YYYY-MM-DD) of ISO instant `iso` in `timeZone`. */
function dayOf(iso, timeZone) {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date(iso));
}

/**
 * Accounts that won a slot more often in one day of `timeZone` than the
 * slot's limit allows; `wins` are `{ accountId, slot, drawnAt }`, `slots`
 * are `{ times }` by slot (-1 = unlimited).
 */
function accountsOverLimit(wins, slots, timeZone) {
  const counts = new Map();
  for (const win of wins) {
    const key = `${win.accountId}\u0000${win.slot}\u0000${dayOf(win.drawnAt, timeZone)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const over = new Set();
  for (const [key, count] of counts) {
    const [accountId, slot] = key.split("\u0000");
    const times = slots[Number(slot)].times;
    if (times !== -1 && count > times) over.add(accountId);
  }
  return over.size;
}

/** Σ over the slots of what was won beyond the allocation; `won` by slot. */
const beyondAllocation = (won, slots) =>
  slots.reduce((total, slot, i) => total + Math.max(0, (won[i] ?? 0) - slot.allocation), 0);

/** Wins by slot (an array as long as `slots`) of `wins` ({ slot }). */
function winsBySlot(wins, slots) {
  const won = slots.map(() => 0);
  for (const win of wins) won[win.slot] = (won[win.slot] ?? 0) + 1;
  return won;
}

/**
 * The figures of the draws' answers (`results` from drawAll, all phases):
 * draws (answered 201), wins by slot, the no-prize reasons, and the
 * violations: over_allocated, double_played (codes answered 201 more than
 * once), over_limit (accounts).
 */
export function responseFigures(results, slots, timeZone) {
  const drawn = results.filter((result) => result.outcome === "drawn");
  const plays = new Map();
  for (const result of drawn) plays.set(result.code, (plays.get(result.code) ?? 0) + 1);
  const wins = drawn
    .filter((result) => result.answer.body.won === true)
    .map((result) => ({
      accountId: result.accountId,
      slot: result.answer.body.slot,
      drawnAt: result.answer.body.drawnAt,
    }));
  const reasons = {};
  for (const result of drawn) {
    const reason = result.answer.body.noPrizeReason;
    if (reason) reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  const won = winsBySlot(wins, slots);
  return {
    draws: drawn.length,
    wins: wins.length,
    won,
    reasons,
    over_allocated: beyondAllocation(won, slots),
    double_played: [...plays.values()].filter((count) => count > 1).length,
    over_limit: accountsOverLimit(wins, slots, timeZone),
  };
}

/**
 * Every winner of `campaignId` from the winners list (GET
 * /v1/campaign-winners, 200 a page) through `api` (from adminApi).
 */
export async function allWinners(api, campaignId) {
  const winners = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ campaignId, limit: "200" });
    if (cursor) query.set("cursor", cursor);
    const page = await api("GET", `/v1/campaign-winners?${query}`);
    winners.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return winners;
}

/**
 * The same figures from the server: `statistics` (GET
 * /v1/campaigns/{id}/statistics) and `winners` (allWinners). over_allocated
 * is the larger of the statistics' and the winners list's; double_played
 * counts codes twice in the winners list, and the draws beyond the
 * `codeCount` codes that exist (each plays at most once); over_limit counts
 * from the winners list.
 */
export function serverFigures({ statistics, winners, slots, codeCount, timeZone }) {
  const statisticsWon = slots.map(
    (_, i) => statistics.slots.find((figures) => figures.slot === i)?.won ?? 0,
  );
  const listedWon = winsBySlot(winners, slots);
  const listed = new Map();
  for (const winner of winners) listed.set(winner.code, (listed.get(winner.code) ?? 0) + 1);
  const listedTwice = [...listed.values()].filter((count) => count > 1).length;
  return {
    draws: statistics.draws,
    wins: statistics.wins,
    won: statisticsWon,
    listed_wins: winners.length,
    listed_won: listedWon,
    over_allocated: Math.max(
      beyondAllocation(statisticsWon, slots),
      beyondAllocation(listedWon, slots),
    ),
    double_played: Math.max(listedTwice, statistics.draws - codeCount),
    over_limit: accountsOverLimit(winners, slots, timeZone),
  };
}

/** Where the server's figures and the answers' disagree, as sentences (none when they agree). */
export function disagreements(answers, server) {
  const found = [];
  if (server.draws !== answers.draws)
    found.push(`statistics count ${server.draws} draws, the answers ${answers.draws}`);
  if (server.wins !== answers.wins)
    found.push(`statistics count ${server.wins} wins, the answers ${answers.wins}`);
  if (server.listed_wins !== answers.wins)
    found.push(`the winners list has ${server.listed_wins} wins, the answers ${answers.wins}`);
  answers.won.forEach((won, slot) => {
    if (server.won[slot] !== won || server.listed_won[slot] !== won)
      found.push(
        `slot ${slot}: answers ${won} wins, statistics ${server.won[slot]}, winners list ${server.listed_won[slot]}`,
      );
  });
  return found;
}
