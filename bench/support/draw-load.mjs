// The draw benchmark's load: clients taking codes from one shared queue and
// drawing each with a random account, and the re-draw of played codes.

const DRAWS_PATH = "/v1/my/draws";

/**
 * One draw's outcome from its answer: `drawn` (201 with a draw id), `played`
 * (409 CODE_ALREADY_PLAYED) or `error` (anything else).
 */
function outcomeOf(answer) {
  if (answer.status === 201 && typeof answer.body?.drawId === "string") return "drawn";
  if (answer.status === 409 && answer.body?.code === "CODE_ALREADY_PLAYED") return "played";
  return "error";
}

/**
 * `clients` workers share the queue `codes`: each takes the next code and
 * draws it (POST /v1/my/draws) as a random one of `accounts` ({ id, token }),
 * until the queue is empty. `onProgress(done)` is called after every
 * `progressEvery` answers. Resolves with `{ seconds, results }`: the wall
 * time from the first request to the last answer, and per draw `{ code,
 * accountId, outcome, answer, ms }` (ms: its latency) in the order of the
 * answers.
 */
export async function drawAll({
  client,
  codes,
  accounts,
  clients,
  progressEvery = 0,
  onProgress = () => {},
}) {
  const results = [];
  let next = 0;
  async function worker() {
    while (next < codes.length) {
      const code = codes[next++];
      const account = accounts[Math.floor(Math.random() * accounts.length)];
      const sent = performance.now();
      const answer = await client.request("POST", DRAWS_PATH, account.token, { code });
      const ms = performance.now() - sent;
      results.push({ code, accountId: account.id, outcome: outcomeOf(answer), answer, ms });
      if (progressEvery > 0 && results.length % progressEvery === 0) onProgress(results.length);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(clients, codes.length) }, worker));
  return { seconds: (performance.now() - started) / 1000, results };
}

/**
 * Draws `count` codes picked at random from `codes` again, each by a random
 * account (not necessarily the one that played it), `clients` at a time:
 * every one must be refused with CODE_ALREADY_PLAYED. Resolves with the
 * results as drawAll does.
 */
export async function redrawSample({ client, codes, accounts, count, clients }) {
  const picked = new Set();
  while (picked.size < Math.min(count, codes.length)) {
    picked.add(codes[Math.floor(Math.random() * codes.length)]);
  }
  return drawAll({ client, codes: [...picked], accounts, clients });
}
