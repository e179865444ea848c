// The orders benchmark's load: consumers placing (and paying) orders for one
// SKU all at once over HTTP, then giving half of the successful ones back.

/** The delivery of every benchmark order. */
const DELIVERY = Object.freeze({
  method: "express",
  address: Object.freeze({
    name: "Bench Buyer",
    phone: "13800138000",
    regionCode: "CN-ZJ",
    line: "1 Wensan Rd, Hangzhou",
  }),
});

const isStockExhausted = (answer) =>
  answer.status === 409 && answer.body?.code === "STOCK_EXHAUSTED";

/**
 * One order attempt of consumer `token`: `POST /v1/my/orders` for one unit
 * of `skuId`, then, when `pay`, `POST /v1/my/orders/{id}/payments`. Resolves
 * with `{ outcome, orderId, token, answer }`: outcome `sold` (the order holds
 * its unit: created under reserve_on_create, paid and `to_ship` under
 * reserve_on_pay), `refused` (409 STOCK_EXHAUSTED at creation),
 * `closed_at_payment` (paid, but the stock was gone: closed and refunded) or
 * `error` (any other answer; `answer` says which).
 */
async function attempt(client, token, skuId, pay) {
  const created = await client.request("POST", "/v1/my/orders", token, {
    lines: [{ skuId, quantity: 1 }],
    delivery: DELIVERY,
  });
  if (isStockExhausted(created))
    return { outcome: "refused", orderId: null, token, answer: created };
  if (created.status !== 201 || typeof created.body?.id !== "string") {
    return { outcome: "error", orderId: null, token, answer: created };
  }
  const orderId = created.body.id;
  if (!pay) return { outcome: "sold", orderId, token, answer: created };
  const paid = await client.request(
    "POST",
    `/v1/my/orders/${encodeURIComponent(orderId)}/payments`,
    token,
    {},
  );
  const state = paid.body?.order?.state;
  if (paid.status >= 200 && paid.status < 300 && state === "to_ship") {
    return { outcome: "sold", orderId, token, answer: paid };
  }
  if (paid.status >= 200 && paid.status < 300 && state === "closed") {
    return { outcome: "closed_at_payment", orderId, token, answer: paid };
  }
  return { outcome: "error", orderId, token, answer: paid };
}

/**
 * Starts `count` attempts at once (attempt i by consumer `tokens[i %
 * tokens.length]`) and resolves when all have answered with `{ seconds,
 * results }`: the wall time from the first request to the last answer, and
 * each attempt's result (see attempt above).
 */
export async function orderWave({ client, tokens, skuId, count, pay }) {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => attempt(client, tokens[i % tokens.length], skuId, pay)),
  );
  return { seconds: (performance.now() - started) / 1000, results };
}

const orderPath = (orderId) => `/v1/orders/${encodeURIComponent(orderId)}`;
const myOrderPath = (orderId) => `/v1/my/orders/${encodeURIComponent(orderId)}`;
const succeeded = (answer) => answer.status >= 200 && answer.status < 300;
const stateOf = (answer) => answer.body?.order?.state ?? answer.body?.state;

/**
 * Polls `orders` ({ orderId }) as staff (`GET /v1/orders/{id}`) every 2 s
 * until each is closed or `timeoutMs` has passed; resolves with the last
 * answer of each.
 */
async function awaitClosed(client, staffToken, orders, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  const last = new Map();
  let open = orders;
  while (open.length > 0) {
    const answers = await Promise.all(
      open.map(({ orderId }) => client.request("GET", orderPath(orderId), staffToken)),
    );
    for (const [i, { orderId }] of open.entries()) last.set(orderId, answers[i]);
    open = open.filter((_, i) => !(succeeded(answers[i]) && stateOf(answers[i]) === "closed"));
    if (open.length === 0 || performance.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  return orders.map(({ orderId }) => last.get(orderId));
}

/**
 * Gives back every second sold order of `sold` (results of orderWave).
 * Under reserve_on_pay staff close the paid orders with a refund (`POST
 * /v1/orders/{id}/close`), which returns their unshipped stock, all at once.
 * Under reserve_on_create the orders are unpaid: their buyers cancel them
 * (`POST /v1/my/orders/{id}/cancel`), all at once; or, with `timeouts`, the
 * other half is paid by its buyers and the chosen half is left to the
 * tenant's payment timeout, awaited for up to `timeoutMs` (the server's timer
 * tick closes them). Resolves with `{ returned, how, errors }`: the orders
 * closed (and, after a timeout, closed for `payment_timeout`), how, and
 * every other answer.
 */
export async function returnHalf({
  client,
  staffToken,
  sold,
  policy,
  timeouts = false,
  timeoutMs = 180_000,
}) {
  const chosen = sold.filter((_, index) => index % 2 === 0);
  const closed = (answer) => succeeded(answer) && stateOf(answer) === "closed";
  if (policy === "reserve_on_pay") {
    const answers = await Promise.all(
      chosen.map(({ orderId }) =>
        client.request("POST", `${orderPath(orderId)}/close`, staffToken, {
          refund: true,
          reason: "orders benchmark: closed by the merchant",
        }),
      ),
    );
    return {
      returned: answers.filter(closed).length,
      how: "closed by staff with a refund",
      errors: answers.filter((answer) => !closed(answer)),
    };
  }
  if (!timeouts) {
    const answers = await Promise.all(
      chosen.map(({ orderId, token }) =>
        client.request("POST", `${myOrderPath(orderId)}/cancel`, token, {}),
      ),
    );
    return {
      returned: answers.filter(closed).length,
      how: "cancelled by the buyer",
      errors: answers.filter((answer) => !closed(answer)),
    };
  }
  const kept = sold.filter((_, index) => index % 2 === 1);
  const payments = await Promise.all(
    kept.map(({ orderId, token }) =>
      client.request("POST", `${myOrderPath(orderId)}/payments`, token, {}),
    ),
  );
  const paidErrors = payments.filter(
    (answer) => !(succeeded(answer) && stateOf(answer) === "to_ship"),
  );
  const answers = await awaitClosed(client, staffToken, chosen, timeoutMs);
  const timedOut = (answer) => closed(answer) && answer.body?.closeReason === "payment_timeout";
  return {
    returned: answers.filter(closed).length,
    how: "closed by the payment timeout (the other half paid)",
    errors: [...paidErrors, ...answers.filter((answer) => !timedOut(answer))],
  };
}

/** How many results of each outcome `results` (from orderWave) hold. */
export function outcomeCounts(results) {
  const counts = { sold: 0, refused: 0, closed_at_payment: 0, error: 0 };
  for (const result of results) counts[result.outcome] += 1;
  return counts;
}
