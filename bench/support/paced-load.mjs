// An open-loop load at a fixed rate: request i is due at start + i / rate,
// sent as soon as it is due on one of `connections` keep-alive sockets (or
// as soon as one is free), and its latency runs from when it was due, so time
// spent waiting for a socket behind a slow answer counts (no coordinated
// omission).
//
// Why not autocannon's overallRate: it gives each connection its share of
// the second and lets it send that share back to back at the top of every
// second, then pause. At 1,500/s over 64 connections that is a burst at full
// speed for a third of each second and silence for the rest: the latency it
// reports is the full-load latency, not that of an evenly offered rate.
import http from "node:http";

/** The value at quantile `q` (0..1) of ascending `sorted`, or 0 when empty. */
function quantile(sorted, q) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const oneDecimal = (value) => Math.round(value * 10) / 10;

/**
 * Offers `rate` requests/s for `seconds` to `url` (POST, JSON body from
 * `bodyOf(i)`) over at most `connections` sockets; calls `onAnswer(i,
 * status)` for every answer. Resolves, once every request is answered or
 * timed out (`timeoutMs`), with the figures the scan phases read, shaped
 * like autocannon's result: requests.{average,total}, latency.{p50,p99,max}
 * in ms, errors, timeouts, non2xx, duration in s.
 */
export function pacedLoad({
  url,
  connections,
  seconds,
  rate,
  bodyOf,
  onAnswer,
  timeoutMs = 10_000,
}) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const latencies = [];
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  let settled = 0;
  let next = 0;
  const started = performance.now();

  return new Promise((resolve) => {
    const settle = () => {
      settled += 1;
      if (settled < total) return;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const duration = seconds;
      resolve({
        requests: { average: latencies.length / duration, total: latencies.length },
        latency: {
          p50: oneDecimal(quantile(latencies, 0.5)),
          p99: oneDecimal(quantile(latencies, 0.99)),
          max: oneDecimal(quantile(latencies, 1)),
        },
        errors,
        timeouts,
        non2xx,
        duration,
      });
    };

    const send = (i) => {
      const due = started + i * intervalMs;
      const body = bodyOf(i);
      let answered = false;
      const once = (record) => {
        if (answered) return;
        answered = true;
        record();
        settle();
      };
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
          },
          timeout: timeoutMs,
        },
        (response) => {
          response.resume();
          response.on("end", () =>
            once(() => {
              const ok = response.statusCode >= 200 && response.statusCode < 300;
              if (ok) latencies.push(performance.now() - due);
              else non2xx += 1;
              onAnswer(i, response.statusCode);
            }),
          );
        },
      );
      request.on("timeout", () => {
        timeouts += 1;
        request.destroy(new Error("timed out"));
      });
      request.on("error", (error) => {
        once(() => {
          if (error.message !== "timed out") errors += 1;
        });
      });
      request.end(body);
    };

    // Sends every request that is due, then sleeps until the next one is.
    const pump = () => {
      const now = performance.now();
      while (next < total && started + next * intervalMs <= now) send(next++);
      if (next < total)
        setTimeout(pump, Math.max(0, started + next * intervalMs - performance.now()));
    };
    if (total === 0) settle();
    else pump();
  });
}
