// The scan benchmark's summary: medians over the rounds, the targets, and
// the JSON line (its fields are listed in scan.bench.mjs's header).
import { recordedExactlyOnce } from "./recorded-scans.mjs";

const round = (value, digits = 0) => Number(value.toFixed(digits));
const fmt = (n) => Math.round(n).toLocaleString("en-US");

/** The median of `values` (the mean of the middle two for an even count). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Prints the summary of `phases` (each { name, round, kind: "full" |
 * "fixed", rate, figures from measuredPhase, check from recordedScans }) and
 * returns the JSON line's object. `rate` is --rate (0: as fast as the
 * connections go), `fixedRate` the rate of the fixed-rate phases.
 */
export function scanReport(phases, { rounds, rate, fixedRate }) {
  const med = (name, kind, pick) =>
    median(phases.filter((p) => p.name === name && p.kind === kind).map((p) => pick(p.figures)));
  const rps = (name) => med(name, "full", (f) => f.rps);
  const p99 = (name, kind) => med(name, kind, (f) => f.p99);
  const us = (name, pick) => round(med(name, "full", pick));
  const [scan, bare, handwritten] = [rps("onecode"), rps("bare"), rps("handwritten")];
  const errors = phases.reduce((sum, p) => sum + p.figures.errors, 0);
  const scanPhases = phases.filter((p) => p.name !== "bare");
  const requests = scanPhases.reduce((sum, p) => sum + p.check.answered, 0);
  const recorded = scanPhases.reduce((sum, p) => sum + p.check.recorded, 0);
  const exactlyOnce = scanPhases.every((p) => recordedExactlyOnce(p.check));
  console.log(
    `OneCode ${fmt(scan)} scans/s, hand-written ${fmt(handwritten)}, bare ${fmt(bare)} (medians of ${rounds})`,
  );
  console.log(
    `ratio vs bare ${(scan / bare).toFixed(3)} (target ≥ 0.4, aim 0.6); ratio vs hand-written ${(scan / handwritten).toFixed(3)} (target ≥ 1.0, aim 1.5)`,
  );
  console.log(
    `p99 at full load: OneCode ${p99("onecode", "full")} ms (target ≤ 20), hand-written ${p99("handwritten", "full")} ms; at ${fmt(fixedRate)}/s offered: OneCode ${p99("onecode", "fixed")} ms (target ≤ 30 and below the hand-written's), hand-written ${p99("handwritten", "fixed")} ms`,
  );
  // A latency at a fixed rate compares servers only while each carries that rate.
  for (const p of phases.filter((p) => p.rate > 0 && p.figures.rps < 0.95 * p.rate)) {
    console.log(
      `note: ${p.name} round ${p.round} served ${fmt(p.figures.rps)} of the ${fmt(p.rate)} requests/s offered; its latency is that of an overloaded machine`,
    );
  }
  console.log(
    `errors ${errors}; every answered scan recorded exactly once: ${exactlyOnce} (${fmt(recorded)} of ${fmt(requests)})`,
  );
  return {
    scan_rps: round(scan),
    bare_rps: round(bare),
    ratio: round(scan / bare, 3),
    handwritten_rps: round(handwritten),
    ratio_vs_handwritten: round(scan / handwritten, 3),
    p99_ms: p99("onecode", "full"),
    handwritten_p99_ms: p99("handwritten", "full"),
    [`p99_ms_at_${fixedRate}`]: p99("onecode", "fixed"),
    [`handwritten_p99_ms_at_${fixedRate}`]: p99("handwritten", "fixed"),
    errors,
    recorded,
    requests,
    server_us: us("onecode", (f) => f.serverUs),
    postgres_us: us("onecode", (f) => f.postgresUs),
    handwritten_server_us: us("handwritten", (f) => f.serverUs),
    handwritten_postgres_us: us("handwritten", (f) => f.postgresUs),
    ...(rate > 0 && { offered_rps: rate }),
    rounds,
    phases: phases.map((p) => ({
      server: p.name,
      round: p.round,
      offered_rps: p.rate > 0 ? p.rate : null,
      rps: round(p.figures.rps),
      p50_ms: p.figures.p50,
      p99_ms: p.figures.p99,
      errors: p.figures.errors,
      requests: p.check.answered,
      recorded: p.check.recorded,
      server_us: round(p.figures.serverUs),
      postgres_us: round(p.figures.postgresUs),
    })),
  };
}
